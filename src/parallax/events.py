"""Dated event references: link each date and event mention in a document to the pack's events.

Per document, so the store can answer timeline questions with SQL alone. Within a sentence:

- an event mention (a mention of kind "event") takes the nearest date in the sentence whose
  value is compatible with the event's date, range or per-side dates; with none it is still an
  item, with value null, so the timeline counts it as a source;
- a date no mention claimed is linked to the pack event whose cue words appear near it and
  whose dates it fits, best fit first (date inside the event's own range, then more cues,
  then nearer cues, then the narrower event);
- a date still unlinked but next to an event-like noun (a pack cue or a small generic list of
  English event nouns) becomes an item with event null and a label taken from the words around it.

Compatibility is interval overlap with the event's dates widened to whole years ("same year, or
within the range"). A date whose year is unknown (`XXXX-FA`) is accepted only right next to a
mention, where the wording itself says which event it dates.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .document import Document
from .mentions import fold_text
from .pack import Pack, fold_form
from .pipeline import Context
from .sentences import sentence_spans

# How far (characters) a date may sit from a mention or cue and still be read as dating it.
NEAR = 60
# A date with an unknown year must touch the mention it dates (gap in characters).
ADJACENT = 3
# Generic English nouns that make "the <noun> of <date>" an event reference. Conflict-specific
# words come from the pack's cues, never from here.
EVENT_NOUNS = ("war", "agreement", "statement", "declaration", "ceasefire", "treaty", "adoption",
               "signing", "election", "elections", "referendum", "summit", "meeting", "visit",
               "attack", "offensive", "invasion", "massacre", "protest", "protests", "uprising",
               "decision", "resolution", "act", "law", "amendment", "talks", "deal", "accord",
               "operation", "clashes", "battle", "siege", "blockade", "independence", "collapse",
               "closure", "establishment", "creation", "founding", "passage", "vote", "crisis")
_SEASONS = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}
_QUARTERS = {"Q1": (1, 3), "Q2": (4, 6), "Q3": (7, 9), "Q4": (10, 12)}
_HALVES = {"H1": (1, 6), "H2": (7, 12)}


# ---- date values as intervals --------------------------------------------------------------


def value_interval(value: str | None) -> tuple[str, str] | None:
    """The ISO day interval a TIMEX3-like value covers ("2023-FA" → 2023-09-01..2023-11-30), or None."""
    if not value or not isinstance(value, str):
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?", value)
    if m:
        year, month, day = int(m[1]), m[2] and int(m[2]), m[3] and int(m[3])
        if day:
            return (value, value)
        if month:
            return (f"{year:04d}-{month:02d}-01", _month_end(year, month))
        return (f"{year:04d}-01-01", f"{year:04d}-12-31")
    m = re.fullmatch(r"(\d{3})X|(\d{2})XX", value)
    if m:
        lo = int(m[1]) * 10 if m[1] else int(m[2]) * 100
        hi = lo + (9 if m[1] else 99)
        return (f"{lo:04d}-01-01", f"{hi:04d}-12-31")
    m = re.fullmatch(r"(\d{4})-(SP|SU|FA|WI|Q[1-4]|H[12])", value)
    if m:
        year = int(m[1])
        first, last = {**_SEASONS, **_QUARTERS, **_HALVES}[m[2]]
        end_year, last = (year + 1, last - 12) if last > 12 else (year, last)
        return (f"{year:04d}-{first:02d}-01", _month_end(end_year, last))
    m = re.fullmatch(r"(\d{4})-W(\d{2})", value)
    if m:
        try:
            monday = dt.date.fromisocalendar(int(m[1]), int(m[2]), 1)
        except ValueError:
            return None
        return (monday.isoformat(), (monday + dt.timedelta(days=6)).isoformat())
    return None


def _month_end(year: int, month: int) -> str:
    return f"{year:04d}-{month:02d}-{calendar.monthrange(year, month)[1]:02d}"


def is_day(value: str | None) -> bool:
    """Whether a value names one calendar day (the precision at which sides can disagree)."""
    return bool(value) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None


def event_interval(event: dict) -> tuple[str, str] | None:
    """The days a pack event covers: its date to its end, stretched over its per-side dates."""
    bounds = [value_interval(str(v)) for v in
              [event.get("date"), event.get("end"), *(event.get("dates_by_side") or {}).values()] if v]
    bounds = [b for b in bounds if b]
    if not bounds:
        return None
    return (min(b[0] for b in bounds), max(b[1] for b in bounds))


def _overlaps(a: tuple[str, str], b: tuple[str, str]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def _whole_years(iv: tuple[str, str]) -> tuple[str, str]:
    return (iv[0][:4] + "-01-01", iv[1][:4] + "-12-31")


# ---- the pack's events, prepared once per pipeline -------------------------------------------


@dataclass(frozen=True)
class _EventInfo:
    id: str
    name: str
    interval: tuple[str, str] | None
    cues: tuple[str, ...]          # folded cue words


class EventIndex:
    """The pack's events with their intervals and folded cues, for linking dates to them."""

    def __init__(self, pack: Pack):
        self.events = {e["id"]: _EventInfo(e["id"], e["name"], event_interval(e),
                                           tuple(fold_form(c) for c in e.get("cues", []) if fold_form(c)))
                       for e in pack.events}
        cue_words = {c for info in self.events.values() for c in info.cues}
        self.event_nouns = re.compile(
            r"\b(?:" + "|".join(map(re.escape, sorted(cue_words | set(EVENT_NOUNS), key=len, reverse=True))) + r")\b")

    def fits(self, event_id: str, value: str | None) -> str | None:
        """'range' if the date falls in the event's own dates, 'year' if in the same year(s), else None."""
        info, iv = self.events.get(event_id), value_interval(value)
        if not info or not info.interval or not iv:
            return None
        if _overlaps(iv, info.interval):
            return "range"
        return "year" if _overlaps(iv, _whole_years(info.interval)) else None


# ---- the analyser ---------------------------------------------------------------------------


def analyse_events(doc: Document, ctx: Context) -> dict[str, list[dict]]:
    """Dated event references of one document, each linked to a pack event where the evidence allows."""
    index: EventIndex = ctx.memo("events", lambda: EventIndex(ctx.pack))
    text, folded = doc.text, fold_text(doc.text)
    alignment = doc.layer("alignment")
    side = alignment[0].get("side") if alignment else None
    mentions = [m for m in doc.layer("mentions") if m.get("kind") == "event"]
    dates = doc.layer("dates")
    items: list[dict] = []
    for s_start, s_end in sentence_spans(text):
        in_sentence = lambda spans: [x for x in spans if s_start <= x["start"] and x["end"] <= s_end]  # noqa: E731
        items += _sentence_items(text, folded, (s_start, s_end), in_sentence(mentions), in_sentence(dates), index)
    for item in items:
        item["side"] = side
    items.sort(key=lambda i: (i["start"], i["end"]))
    return {"events": items}


def _sentence_items(text: str, folded: str, sentence: tuple[int, int], mentions: list[dict],
                    dates: list[dict], index: EventIndex) -> list[dict]:
    items, used = [], set()
    for mention in mentions:
        date = _date_for_mention(mention, dates, index)
        if date is not None:
            used.add(id(date))
        items.append(_mention_item(text, mention, date, index))
    for date in dates:
        if id(date) in used:
            continue
        item = _cue_item(text, folded, sentence, date, index) or _unlinked_item(text, folded, sentence, date, index)
        if item:
            items.append(item)
    return items


def _gap(a: dict, b: dict) -> int:
    return max(a["start"] - b["end"], b["start"] - a["end"], 0)


def _date_for_mention(mention: dict, dates: list[dict], index: EventIndex) -> dict | None:
    """The nearest date in the sentence that fits the mentioned event (or touches it, year unknown)."""
    fitting = []
    for date in dates:
        gap = _gap(mention, date)
        if gap > NEAR:
            continue
        fit = index.fits(mention["entity"], date.get("value"))
        if fit or (value_interval(date.get("value")) is None and gap <= ADJACENT
                   and str(date.get("value", "")).startswith("X")):
            fitting.append((fit != "range", gap, date["start"], date))
    return min(fitting, key=lambda f: f[:3])[3] if fitting else None


def _mention_item(text: str, mention: dict, date: dict | None, index: EventIndex) -> dict:
    info = index.events.get(mention["entity"])
    start = min(mention["start"], date["start"]) if date else mention["start"]
    end = max(mention["end"], date["end"]) if date else mention["end"]
    if date:
        why = f"event mention {mention['text']!r} dated by {date['text']!r} ({date.get('value')}) in the same sentence"
    else:
        why = f"event mention {mention['text']!r} with no fitting date in its sentence"
    return _item(text, start, end, mention["entity"], info.name if info else mention.get("name"),
                 date, mention["text"], mention.get("side"), why, info)


def _cue_item(text: str, folded: str, sentence: tuple[int, int], date: dict, index: EventIndex) -> dict | None:
    """Link a date to the pack event whose cues sit near it and whose dates it fits."""
    lo, hi = max(sentence[0], date["start"] - NEAR), min(sentence[1], date["end"] + NEAR)
    window = folded[lo:hi]
    best = None
    for info in index.events.values():
        fit = index.fits(info.id, date.get("value"))
        if not fit:
            continue
        hits = [(m.start() + lo, m.end() + lo, cue) for cue in info.cues
                for m in re.finditer(r"\b" + re.escape(cue) + r"\b", window)
                if m.end() + lo <= date["start"] or m.start() + lo >= date["end"]]
        if not hits:
            continue
        near = min(hits, key=lambda h: _gap({"start": h[0], "end": h[1]}, date))
        width = (dt.date.fromisoformat(info.interval[1]) - dt.date.fromisoformat(info.interval[0])).days
        rank = (fit != "range", -len({h[2] for h in hits}), _gap({"start": near[0], "end": near[1]}, date), width)
        if best is None or rank < best[0]:
            best = (rank, info, near)
    if best is None:
        return None
    _, info, (c_start, c_end, cue) = best
    start, end = min(c_start, date["start"]), max(c_end, date["end"])
    why = f"cue {text[c_start:c_end]!r} near {date['text']!r} ({date.get('value')}), which fits {info.id}'s dates"
    return _item(text, start, end, info.id, info.name, date, None, None, why, info)


def _unlinked_item(text: str, folded: str, sentence: tuple[int, int], date: dict, index: EventIndex) -> dict | None:
    """A date next to an event-like noun that matches no pack event: label it with the words around it."""
    if value_interval(date.get("value")) is None:
        return None
    after = index.event_nouns.match(folded, date["end"] + 1) if folded[date["end"]:date["end"] + 1] == " " else None
    if after and after.end() <= sentence[1]:
        start, end = date["start"], after.end()
    else:
        before = _noun_before(folded, sentence[0], date["start"], index)
        if before is None:
            return None
        start, end = before, date["end"]
    label = " ".join(text[start:end].split())
    why = f"date {date['text']!r} next to event noun phrase {label!r}, matching no pack event"
    return _item(text, start, end, None, label, date, None, None, why, None)


def _noun_before(folded: str, floor: int, date_start: int, index: EventIndex) -> int | None:
    """Start of '[the] <event noun> [a few words] of|in|on' ending at the date, nearest noun first."""
    window_start = max(floor, date_start - 45)
    window = folded[window_start:date_start]
    found = None
    for m in index.event_nouns.finditer(window):
        if _LINK_TO_DATE.fullmatch(window[m.end():]):
            found = m.start() + window_start
    if found is None:
        return None
    det = re.search(r"\bthe\s+$", folded[max(floor, found - 4):found])
    return found - len(det.group()) if det else found


_LINK_TO_DATE = re.compile(r"(?:\s+[\w.'-]+){0,4}\s+(?:of|in|on|since)\s+")


def _item(text: str, start: int, end: int, event_id: str | None, label: str | None, date: dict | None,
          name_used: str | None, naming_side: str | None, why: str, info: _EventInfo | None) -> dict:
    return {"start": start, "end": end, "text": text[start:end], "event": event_id, "label": label,
            "value": date.get("value") if date else None,
            "date_start": date["start"] if date else None, "date_end": date["end"] if date else None,
            "name_used": name_used, "naming_side": naming_side,
            "event_start": info.interval[0] if info and info.interval else None,
            "event_end": info.interval[1] if info and info.interval else None,
            "why": why}
