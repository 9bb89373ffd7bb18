"""The page as metadata reads it: raw and text, the regions scanned, and the kinds of line in them.

Shared by the field finders in metadata.py, bylines.py and genre.py: where the body sits in raw,
line iteration, evidence items, and the top-of-body reading (headline, lede, dateline) that the
title, the published date and the genre all depend on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import tag_dates

WINDOW = 2000          # characters scanned at each end of text and around the body in raw
HEAD = 600             # "the top of the document": titles, datelines, first sentence
_M, _I = re.MULTILINE, re.IGNORECASE

# Section labels as a page shows them (breadcrumb crumb, lone line next to the headline).
SECTION_LABELS: dict[str, tuple[str, ...]] = {
    "opinion": ("opinion", "opinions", "op-ed", "op-eds", "oped", "commentary", "analysis",
                "column", "columns", "editorial", "editorials", "viewpoint", "perspective",
                "perspectives", "comment", "blog", "blogs"),
    "interview": ("interview", "interviews", "q&a"),
    "press_release": ("press release", "press releases", "news release", "news releases",
                      "media release", "media releases"),
    "official_statement": ("statement", "statements", "statements and comments", "briefing", "briefings"),
    "news_report": ("news", "latest news", "world news", "breaking news", "politics", "world"),
    "open_letter": ("open letter", "open letters", "letters"),
}
BOILERPLATE_LINES = frozenset(
    "home|menu|search|accept|skip to content|skip to main content|sign in|log in|login|subscribe|follow us|"
    "share|related|related articles|read more|you might also like|more news|newsletter|advertisement|"
    "privacy policy|terms of use|cookie policy|contact us|about us|all rights reserved|for immediate release|"
    "top stories|most read|latest|latest news|new articles|useful links|welcome back!|tags".split("|"))
BULLETS = "•·*-–—▪►>"
_PUBLISHED_LABEL = re.compile(
    r"\b(?P<label>(?:first )?published(?: on)?|posted(?: on)?|date(?: published)?|(?:last )?updated(?: on)?|"
    r"modified(?: on)?)[ \t]*:?[ \t]*", _I)
_BREADCRUMB_SEP = re.compile(r"[ \t]+[>›»][ \t]+")
_DATELINE = re.compile(
    r"(?P<head>[A-Z][^\n:–—()/]{1,90}?)[ \t]*(?:(?P<agency>\([^)\n]{2,30}\)|/[^/\n]{2,30}/)[ \t]*"
    r"(?P<sep>[:–—]|--|-(?=[ \t]))?|(?P<sep2>:|–|—|--|[ \t]-[ \t]))[ \t]*")
_DATELINE_STOP = frozenset("for immediate release press statement update breaking exclusive opinion news "
                           "today yesterday contact interview q a the".split())
_SIGN_OFF = re.compile(r"^[ \t]*(?:sincerely|respectfully|yours (?:sincerely|faithfully|truly)|with respect|"
                       r"kind regards|best regards|regards),?[ \t]*$", _M | _I)


# ---------------------------------------------------------------- the page and its regions

@dataclass(frozen=True)
class _Page:
    """The two strings plus where the body sits inside raw and which regions are scanned."""

    raw: str
    text: str
    fields: dict
    outlets: list[dict]
    body: tuple[int, int] | None    # the body's span inside raw, when it could be located
    text_zones: list[tuple[int, int]]
    raw_head: tuple[int, int]       # raw before the body (masthead, breadcrumb, headline, byline)
    raw_foot: tuple[int, int]       # raw after the body (signature, related links, footer)

    @classmethod
    def read(cls, raw: str, text: str, fields: dict, outlets: list[dict]) -> _Page:
        n = len(raw)
        body = (0, n) if raw == text else _body_in_raw(raw, text)
        text_zones = _merge([(0, min(len(text), WINDOW)), (max(0, len(text) - WINDOW), len(text))])
        if body is None:  # the cleaner rewrote the text: fall back to both ends of raw
            head, foot = (0, min(n, WINDOW)), (max(min(n, WINDOW), n - WINDOW), n)
        else:
            head, foot = (max(0, body[0] - WINDOW), body[0]), (body[1], min(n, body[1] + WINDOW))
        return cls(raw, text, fields, outlets, body, text_zones, head, foot)

    @property
    def raw_zones(self) -> list[tuple[int, int]]:
        """Raw outside the body, where cleaners leave bylines, labels and footers behind."""
        return [z for z in (self.raw_head, self.raw_foot) if z[0] < z[1]]

    def source(self, where: str) -> str:
        return self.text if where == "text" else self.raw


def _merge(zones: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(z for z in zones if z[0] < z[1]):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


def _body_in_raw(raw: str, text: str) -> tuple[int, int] | None:
    """Where the cleaned body sits in raw: its first line found, then its last line after it."""
    first, last = _first_line(text), _last_line(text)
    if first is None:
        return None
    probe = text[first[0]:min(first[1], first[0] + 80)]
    start = raw.find(probe)
    if start < 0:
        return None
    tail = text[max(last[0], last[1] - 80):last[1]]
    end = raw.find(tail, start)
    return (start, end + len(tail)) if end >= 0 else (start, start + len(probe))


_LINE = re.compile(r"[^\n]+")


def _lines(s: str, start: int = 0, end: int | None = None):
    """(start, end) of each non-blank line in s[start:end], whitespace trimmed."""
    for m in _LINE.finditer(s, start, len(s) if end is None else end):
        a, b = m.span()
        while a < b and s[a].isspace():
            a += 1
        while b > a and s[b - 1].isspace():
            b -= 1
        if a < b:
            yield a, b


def _first_line(s: str) -> tuple[int, int] | None:
    return next(_lines(s, 0, min(len(s), WINDOW)), None)


def _last_line(s: str) -> tuple[int, int] | None:
    found = None
    for found in _lines(s, max(0, len(s) - WINDOW)):
        pass
    return found


def _ev(where: str, s: str, start: int, end: int) -> dict:
    return {"in": where, "start": start, "end": end, "text": s[start:end]}


def _field_ev(value: str) -> dict:
    return {"in": "field", "start": None, "end": None, "text": value}


def _item(field: str, value: str, why: str, evidence: list[dict], **extra) -> dict:
    return {"field": field, "value": value, "why": why, "evidence": evidence, **extra}


def _norm(name: str) -> str:
    return re.sub(r"[\W_]+", "", name.casefold())


def _is_bullet_line(s: str, a: int) -> bool:
    return s[a] in BULLETS


def _is_boilerplate(line: str) -> bool:
    return line.strip().strip(":").casefold() in BOILERPLATE_LINES


# ---------------------------------------------------------------- kinds of line

def _looks_like_heading(line: str) -> bool:
    """Short-ish, starts capitalised, no final period, not a menu phrase, a date or a byline."""
    words = line.split()
    if not 3 <= len(words) <= 30 or len(line) > 220 or line[-1] in ".,;:" or _is_boilerplate(line):
        return False
    if not (line[0].isupper() or line[0].isdigit() or line[0] in "“\"'‘"):
        return False
    if re.match(r"(?:By|BY)\s", line) or re.search(r"https?://|www\.|@\w", line):
        return False
    return not _PUBLISHED_LABEL.match(line) and not _date_covers(line)


def _date_covers(line: str) -> bool:
    """The line is mostly a date (a dateline of its own, a teaser's timestamp)."""
    dates = tag_dates(line)
    return bool(dates) and sum(d["end"] - d["start"] for d in dates) >= len(line) * 0.5


def _raw_lines_near_body(page: _Page) -> list[tuple[int, int]]:
    """Lines of raw in the header zone (before the body) — where the headline and byline sit."""
    return list(_lines(page.raw, *page.raw_head))


def _match_outlet(name: str, outlets: list[dict]) -> dict | None:
    """The pack outlet whose id, name or alias equals `name` (ignoring case and punctuation)."""
    key = _norm(name)
    for outlet in outlets:
        candidates = [outlet.get("name"), outlet.get("id", "").split(":")[-1], *(outlet.get("aliases") or ())]
        if key and any(c and _norm(c) == key for c in candidates):
            return outlet
    return None


def _looks_sentence(line: str) -> bool:
    return line[-1] in ".!?:;" or len(line.split()) > 8


# ---------------------------------------------------------------- dates and datelines at the top of the body

def _dates_in(s: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, value) of the dated mentions in s[start:end], offsets into s."""
    out = []
    for d in tag_dates(s[start:end]):
        value = d.get("value") or ""
        if re.fullmatch(r"(?:\d{4}|XXXX)(?:-\d{2}){1,2}|\d{4}", value):
            out.append((start + d["start"], start + d["end"], value))
    return out


def _dateline(s: str, a: int, b: int) -> dict | None:
    """A wire/press dateline at s[a:]: 'PORTVILLE, JANUARY 23, AGENCY:', 'PORTVILLE, Northland, Jan. 23
    (Agency)', 'WASHINGTON, DC –'. Returns spans of the whole head, its date and its agency tag."""
    m = _DATELINE.match(s, a, b)
    if not m:
        return None
    head = m["head"]
    first = re.match(r"[^\W\d_][\w.'’-]*", head)
    city_caps = bool(first) and first.group().isupper() and len(first.group().strip(".")) >= 3
    if not first or first.group().casefold() in _DATELINE_STOP or len(head.split(",")) > 4:
        return None
    if any(w[:1].islower() for w in head.split()):  # 'NATO said:' is a sentence, not a dateline
        return None
    dates = _dates_in(s, m.start("head"), m.end("head"))
    if not city_caps and not (dates and m["agency"]) or (not city_caps and len(head.split(",")[0].split()) > 3):
        return None
    out = {"span": (m.start(), m.end("agency") if m["agency"] else m.end("head")), "end": m.end(),
           "date": dates[0] if dates else None}
    if m["agency"]:
        out["agency"] = (m.start("agency") + 1, m.end("agency") - 1, m["agency"][1:-1].strip())
        out["press_wire"] = m["agency"].startswith("/")  # 'NEW YORK, Jan. 23 /Wire/ --' is how releases are wired
    elif dates:
        after = head[dates[0][1] - m.start("head"):]
        tag = re.fullmatch(r"[ \t]*,[ \t]*(?P<tag>[A-Z][A-Z0-9.&' -]{1,30}?)[ \t]*", after)
        if tag:
            t0 = dates[0][1] + tag.start("tag")
            out["agency"] = (t0, t0 + len(tag["tag"]), tag["tag"])
    return out


def _top_lines(text: str):
    """The body's first lines, past markers, section labels and lone dates ('FOR IMMEDIATE
    RELEASE', 'Opinion', '21 October 2024'), which are not the headline or the lede."""
    for a, b in _lines(text, 0, min(len(text), HEAD)):
        line = text[a:b]
        if not (_is_boilerplate(line) or _label_genre(line) or _date_covers(line)):
            yield a, b


def _lede(text: str) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """(headline line, first body line) at the top of the text; the headline is optional."""
    tops = _top_lines(text)
    first = next(tops, None)
    if first and _looks_like_heading(text[first[0]:first[1]]) and not _dateline(text, *first):
        return first, next(tops, None)
    return None, first


def _dateline_of(text: str) -> dict | None:
    """The dateline opening the body: on its first line, after any headline."""
    line = _lede(text)[1]
    return _dateline(text, *line) if line else None


def _label_genre(label: str) -> str | None:
    key = label.strip().strip(":").casefold()
    return next((g for g, labels in SECTION_LABELS.items() if key in labels), None)
