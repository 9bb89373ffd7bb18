"""How values are shown on pages and in the report: safe CSS class names for sides and layers, and
dates as a reader says them. Presentation only: the stored values stay machine-readable."""

from __future__ import annotations

import re

from ..pack import NEUTRAL

_UNSAFE_CLASS_CHARS = re.compile(r"[^a-z0-9_-]+")


def css_token(value: str, empty: str = "x") -> str:
    """A value (side id, layer name) as a safe CSS class fragment: 'Pro West' -> 'pro-west'."""
    return _UNSAFE_CLASS_CHARS.sub("-", str(value).lower()).strip("-") or empty


def side_slug(side: str) -> str:
    """A side name reduced to a safe class fragment; 'unknown' when nothing is left."""
    return css_token(side, "unknown")


def side_classes(sides, pack_side_ids: list[str]) -> dict[str, str]:
    """CSS classes per side: `side-{slug} side-pal-{n}`, the palette slot following pack order,
    so every side of any pack keeps one colour across a page."""
    order = list(pack_side_ids)
    out = {}
    for side in sides:
        slot = order.index(side) if side in order else ("neutral" if side == NEUTRAL else "other")
        out[side] = f"side-{side_slug(side)} side-pal-{slot}"
    return out


# -- dates as a reader says them ----------------------------------------------------------------

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_PARTS = {"SP": "spring", "SU": "summer", "FA": "fall", "WI": "winter", "H1": "first half of", "H2": "second half of",
          **{f"Q{n}": f"Q{n}" for n in range(1, 5)}}


def readable_date(value) -> str:
    """A TIMEX-like value or {start, end} interval as a reader says it: '2023-FA' -> 'fall 2023', '199X' -> '1990s'.

    The stored values stay machine-readable; this is only how pages show them. Unknown shapes come back as given.
    """
    if not value:
        return "undated"
    if isinstance(value, dict):
        return _readable_interval(str(value.get("start") or ""), str(value.get("end") or ""))
    value = str(value)
    if m := re.fullmatch(r"(\d{4}|XXXX)-(\d{2})-(\d{2})", value):
        return _day(m[1], m[2], m[3])
    if (m := re.fullmatch(r"(\d{4}|XXXX)-(\d{2})", value)) and 1 <= int(m[2]) <= 12:
        return f"{_MONTHS[int(m[2]) - 1]} {_year(m[1])}"
    if m := re.fullmatch(r"(\d{3})X", value):
        return f"{m[1]}0s"
    if m := re.fullmatch(r"(\d{2})XX", value):
        return f"{m[1]}00s"
    if (m := re.fullmatch(r"(\d{4}|XXXX)-(SP|SU|FA|WI|Q[1-4]|H[12])", value)):
        return f"{_PARTS[m[2]]} {_year(m[1])}"
    if m := re.fullmatch(r"(\d{4}|XXXX)-W(\d{2})", value):
        return f"week {int(m[2])} of {_year(m[1])}"
    return value


def _year(year: str) -> str:
    return "(year unknown)" if year == "XXXX" else year


def _day(year: str, month: str, day: str) -> str:
    if not 1 <= int(month) <= 12:
        return f"{year}-{month}-{day}"
    return f"{int(day)} {_MONTHS[int(month) - 1]} {_year(year)}"


def _readable_interval(start: str, end: str) -> str:
    """Whole years and whole months shortened ('1988-01-01'..'1988-12-31' -> '1988'), else 'start – end'."""
    if start == end:
        return readable_date(start)
    if start[4:] == "-01-01" and end[4:] == "-12-31":
        return start[:4] if start[:4] == end[:4] else f"{start[:4]}–{end[:4]}"
    if start[8:] == "01" and start[:7] == end[:7] and end[8:] >= "28":
        return readable_date(start[:7])
    return f"{readable_date(start)} – {readable_date(end)}"
