"""Document metadata (title, outlet, author, author_org, published, genre), each with evidence.

Reads the cleaned body `text` and the page as received `raw`: bylines, breadcrumbs and copyright
footers usually sit in the boilerplate the cleaner removed, so evidence points into `raw` when the
clue is only there. Only the first and last ~2,000 characters of either are scanned, and the raw
page only around the body, so the cost does not grow with the length of the article.
Knowledge (section labels, genre cues, organisation words) is kept in tables in page.py, genre.py
and bylines.py; outlet names come from the conflict pack, never from code.

Besides the six fields, one more item may appear: {"field": "dateline", "value": "XXXX-MM-DD"}
when the only date found is a year-less dateline and no year could be had (from the url);
`published` is then omitted rather than guessed.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Sequence
from urllib.parse import urlsplit

from .bylines import _BYLINE, _author, _bylines, _name_tokens
from .genre import GENRE_CUES, GENRE_THRESHOLD, GenreCue, _author_org, _genre
from .page import (HEAD, SECTION_LABELS, WINDOW, _BREADCRUMB_SEP, _PUBLISHED_LABEL, _Page, _dateline_of, _dates_in,
                   _ev, _field_ev, _first_line, _is_bullet_line, _item, _lede, _lines, _looks_like_heading,
                   _match_outlet, _raw_lines_near_body)

__all__ = ["extract_metadata", "GENRE_CUES", "GENRE_THRESHOLD", "GenreCue", "HEAD", "SECTION_LABELS", "WINDOW"]

_I = re.IGNORECASE
_M = re.MULTILINE

_TITLE_SUFFIX = re.compile(r"^(?P<head>.{10,200}?)[ \t]+[-–—|][ \t]+(?P<suffix>[^-–—|\n]{2,60})$")
_COPYRIGHT = re.compile(r"(?:©|\(c\)|\bcopyright\b)[ \t]*(?:\d{4}(?:[ \t]*[-–][ \t]*\d{4})?[ \t]*)?(?:by[ \t]+)?"
                        r"(?P<name>[^\n|–—•©.,]{2,60}?)[ \t]*(?:[|–—•.,]|all rights|\d{4}|$)", _M | _I)
_URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d{2})[/-](?P<m>0[1-9]|1[0-2])(?:[/-](?P<d>0[1-9]|[12]\d|3[01]))?(?=[/-]|$)")


def extract_metadata(raw: str, text: str, fields: dict, outlets: Sequence[dict] = ()) -> list[dict]:
    """Best value per field, each with evidence; fields not found are omitted.

    Given `fields` (id, url, title, published, outlet, author) win with evidence "field";
    otherwise clues come from the top and bottom of `text` and from `raw` around the body.
    """
    given = {k: str(v).strip() for k, v in (fields or {}).items() if v is not None and str(v).strip()}
    page = _Page.read(raw or text, text, given, list(outlets or ()))
    title = _title(page)
    outlet = _outlet(page)
    author = _author(page)
    published = _published(page, title)
    genre = _genre(page, title, author)
    author_org = _author_org(page, genre, outlet)
    found = [title, outlet, author, author_org, *published, genre]
    return [{k: v for k, v in item.items() if k != "at"} for item in found if item]


# ---------------------------------------------------------------- title

def _title(page: _Page) -> dict | None:
    if page.fields.get("title"):
        return _item("title", page.fields["title"].strip(), "JSON field", [_field_ev(page.fields["title"])])
    for finder in (_title_from_breadcrumb, _title_from_title_line, _title_from_repeated_line, _title_from_first_line):
        found = finder(page)
        if found:
            return found
    return None


def _title_from_breadcrumb(page: _Page) -> dict | None:
    """'Site > Section > Headline': the last crumb, stronger when the headline line repeats it."""
    lines = _raw_lines_near_body(page)
    for a, b in lines:
        seps = list(_BREADCRUMB_SEP.finditer(page.raw, a, b))
        if not seps or _is_bullet_line(page.raw, a):
            continue
        t0 = seps[-1].end()
        tail = page.raw[t0:b]
        if not _looks_like_heading(tail):
            continue
        evidence = [_ev("raw", page.raw, t0, b)]
        repeats = [(c, d) for c, d in lines if (c, d) != (a, b) and page.raw[c:d] == tail]
        evidence += [_ev("raw", page.raw, c, d) for c, d in repeats[:1]]
        why = "breadcrumb tail, repeated as the headline" if repeats else "breadcrumb 'Section > … > Title' tail"
        return _item("title", tail, why, evidence, at=("raw", *(repeats[0] if repeats else (t0, b))))
    return None


def _title_from_title_line(page: _Page, known_only: bool = True) -> dict | None:
    """A first raw line shaped like an HTML <title>: 'Headline - Outlet' or 'Headline | Outlet'."""
    first = _first_line(page.raw)
    if first is None:
        return None
    m = _TITLE_SUFFIX.match(page.raw, *first)
    if not m or not _looks_like_heading(m["head"]):
        return None
    known = _match_outlet(m["suffix"], page.outlets)
    if known_only and not known:
        return None
    a, b = m.span("head")
    why = "first line 'Headline - Outlet', outlet suffix stripped"
    return _item("title", m["head"], why, [_ev("raw", page.raw, a, b)], at=("raw", a, b))


def _title_from_repeated_line(page: _Page) -> dict | None:
    """A heading-like raw line before the body that the page repeats (the <title> and the <h1>)."""
    lines = [(a, b) for a, b in _raw_lines_near_body(page) if not _is_bullet_line(page.raw, a)]
    seen: dict[str, tuple[int, int]] = {}
    found = None
    for a, b in lines:  # the repeat nearest the body wins over repeated navigation higher up
        line = page.raw[a:b]
        if line in seen and _looks_like_heading(line):
            found = _item("title", line, "heading line repeated in the page",
                          [_ev("raw", page.raw, *seen[line]), _ev("raw", page.raw, a, b)], at=("raw", a, b))
        seen.setdefault(line, (a, b))
    return found


def _title_from_first_line(page: _Page) -> dict | None:
    heading, body = _lede(page.text)
    if heading and body:
        return _item("title", page.text[heading[0]:heading[1]], "first line looks like a headline",
                     [_ev("text", page.text, *heading)], at=("text", *heading))
    return _title_from_title_line(page, known_only=False)


# ---------------------------------------------------------------- outlet

@lru_cache(maxsize=32)
def _outlet_pattern(names: tuple[str, ...]) -> re.Pattern | None:
    if not names:
        return None
    alternation = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")


def _outlet_names(outlets: list[dict]) -> dict[str, dict]:
    names = {}
    for outlet in outlets:
        for name in [outlet.get("name"), *(outlet.get("aliases") or ())]:
            if name and len(name) >= 2:
                names.setdefault(name, outlet)
    return names


def _outlet(page: _Page) -> dict | None:
    if page.fields.get("outlet"):
        given = page.fields["outlet"].strip()
        known = _match_outlet(given, page.outlets)
        extra = {"outlet": known["id"]} if known else {}
        return _item("outlet", known["name"] if known else given, "JSON field", [_field_ev(given)], **extra)
    return _outlet_from_url(page) or _outlet_from_mentions(page) or _outlet_unknown(page)


def _outlet_from_url(page: _Page) -> dict | None:
    url = page.fields.get("url") or ""
    try:
        host = (urlsplit(url).hostname or "").lower().removeprefix("www.")
    except ValueError:  # a malformed url is a missing clue, not a failed document
        return None
    for outlet in page.outlets if host else ():
        for domain in outlet.get("domains") or ():
            domain = domain.lower().removeprefix("www.")
            if host == domain or host.endswith("." + domain):
                return _item("outlet", outlet["name"], "outlet domain in url", [_field_ev(url)], outlet=outlet["id"])
    return None


def _outlet_context(s: str, a: int, b: int) -> tuple[float, str]:
    """How telling a mention of an outlet name is, from the line around it."""
    line_start = s.rfind("\n", 0, a) + 1
    before = s[line_start:a]
    if re.search(r"©|\(c\)|copyright", before, _I):
        return 3.0, "copyright line"
    if re.search(r"\bby[ \t]+$", before, _I):
        return 2.0, "staff byline"
    return 1.0, "outlet name in page"


def _outlet_from_mentions(page: _Page) -> dict | None:
    """A pack outlet named in the page around the body, or as the dateline's agency tag."""
    names = _outlet_names(page.outlets)
    pattern = _outlet_pattern(tuple(sorted(names)))
    scores: dict[str, float] = {}
    hits: dict[str, list[tuple[str, dict]]] = {}
    for a, b in page.raw_zones if pattern else ():
        for m in pattern.finditer(page.raw, a, b):
            outlet = names[m.group()]
            weight, why = _outlet_context(page.raw, *m.span())
            scores[outlet["id"]] = scores.get(outlet["id"], 0) + weight
            hits.setdefault(outlet["id"], []).append((why, _ev("raw", page.raw, *m.span())))
    for where, span, name in _bylines(page):
        outlet = _match_outlet(name, page.outlets) if where == "text" else None
        if outlet:
            scores[outlet["id"]] = scores.get(outlet["id"], 0) + 2
            hits.setdefault(outlet["id"], []).append(("staff byline", _ev("text", page.text, *span)))
    agency = _dateline_of(page.text)
    if agency and agency.get("agency"):
        outlet = _match_outlet(agency["agency"][2], page.outlets)
        if outlet:
            scores[outlet["id"]] = scores.get(outlet["id"], 0) + 3
            hits.setdefault(outlet["id"], []).insert(0, ("dateline agency tag", _ev("text", page.text, *agency["agency"][:2])))
    if not scores:
        return None
    best = max(scores, key=lambda k: (scores[k], k))
    outlet = next(o for o in page.outlets if o["id"] == best)
    ranked = sorted(hits[best], key=lambda h: -_OUTLET_CUE_RANK.get(h[0], 0))[:6]
    whys = list(dict.fromkeys(why for why, _ in ranked))
    return _item("outlet", outlet["name"], ", ".join(whys), [ev for _, ev in ranked], outlet=best)


_OUTLET_CUE_RANK = {"copyright line": 3, "dateline agency tag": 3, "staff byline": 2}


def _outlet_unknown(page: _Page) -> dict | None:
    """An outlet outside the pack: the '<title>' suffix, else the copyright holder."""
    first = _first_line(page.raw)
    m = _TITLE_SUFFIX.match(page.raw, *first) if first else None
    if m and _looks_like_heading(m["head"]) and len(m["suffix"].split()) <= 5:
        return _item("outlet", m["suffix"].strip(), "'Headline - Outlet' title suffix",
                     [_ev("raw", page.raw, *m.span("suffix"))])
    for a, b in reversed(page.raw_zones or [(0, len(page.raw))]):
        for m in _COPYRIGHT.finditer(page.raw, a, b):
            name = m["name"].strip(" \t'\"")
            if len(name) >= 2 and not re.fullmatch(r"[\d\s]+", name):
                start = m.start("name") + m["name"].index(name)
                return _item("outlet", name, "copyright line", [_ev("raw", page.raw, start, start + len(name))])
    dl = _dateline_of(page.text)
    if dl and dl.get("agency"):
        a, b, name = dl["agency"]
        return _item("outlet", name, "dateline agency tag", [_ev("text", page.text, a, b)])
    return None


# ---------------------------------------------------------------- published

def _published(page: _Page, title: dict | None) -> list[dict]:
    """The publication date as one item (or a 'dateline' item when only a year-less one exists)."""
    if page.fields.get("published"):
        given = str(page.fields["published"]).strip()
        iso = re.match(r"\d{4}-\d{2}-\d{2}|\d{4}-\d{2}|\d{4}", given)
        dates = _dates_in(given, 0, len(given))
        value = iso.group() if iso else (dates[0][2] if dates else given)
        return [_item("published", value, "JSON field", [_field_ev(given)])]
    labelled = _labelled_dates(page)
    best = next((c for c in labelled if not re.search(r"updated|modified", c[3], _I)), None)
    found = best or _date_under_headline(page, title) or _dateline_date(page) or _url_date(page)
    found = found or (labelled[0] if labelled else None)
    if not found:
        return []
    where, a, b, why, value = found
    evidence = [_ev(where, page.source(where), a, b)] if where != "field" else [_field_ev(page.fields["url"])]
    if value.startswith("XXXX"):
        year = _url_date(page)
        if year:
            return [_item("published", year[4][:4] + value[4:], why + " + year from url", evidence + [_field_ev(page.fields["url"])])]
        return [_item("dateline", value, why + " (no year anywhere)", evidence)]
    return [_item("published", value, why, evidence)]


def _labelled_dates(page: _Page) -> list[tuple]:
    """'Published …', 'Posted on …', 'Updated …' and 'By X, <date>' dates; text first, then raw
    header lines nearest the body (a list of teasers higher up must not win)."""
    found = []
    for where, zones in (("text", [(0, min(len(page.text), HEAD))]), ("raw", [page.raw_head])):
        s = page.source(where)
        for zone in zones:
            hits = []
            for m in _PUBLISHED_LABEL.finditer(s, *zone):
                dates = [d for d in _dates_in(s, m.end(), min(zone[1], m.end() + 40)) if d[0] - m.end() <= 12]
                if dates and _starts_byline_field(s[s.rfind("\n", 0, m.start()) + 1:m.start()]):
                    label = m["label"].strip()
                    hits.append((where, m.start(), dates[0][1], f"byline '{label.capitalize()} …'", dates[0][2]))
            for m in _BYLINE.finditer(s, *zone):
                for d in _dates_in(s, m.start(), m.end())[:1] if _name_tokens(m["rest"]) else ():
                    if not any(h[1] <= d[0] < h[2] for h in hits):
                        hits.append((where, d[0], d[1], "date in the byline", d[2]))
            found += sorted(hits, key=lambda h: -h[1]) if where == "raw" else hits
    return [h for h in found if not h[4].startswith("XXXX")]


def _starts_byline_field(before: str) -> bool:
    """A 'Published …' label counts at a line start or after a byline, not inside a sentence
    ('the report, published on 3 May, …' dates the report, not the article)."""
    before = before.strip()
    return (not before or bool(re.match(r"(?:By|BY)\b", before)) or before.endswith(("|", "•", "·", "-", "–", "—"))
            or (len(before.split()) <= 4 and all(w[:1].isupper() for w in before.split())))


def _date_under_headline(page: _Page, title: dict | None) -> tuple | None:
    """A line that is just a date within the three lines under the headline."""
    if not title or "at" not in title:
        return None
    where, _, end = title["at"]
    s = page.source(where)
    for n, (a, b) in enumerate(_lines(s, end, min(len(s), end + 400))):
        if n >= 3:
            break
        if re.match(r"(?:last )?(?:updated|modified)", s[a:b], _I):
            continue  # an update stamp is the fallback, not the publication date
        dates = _dates_in(s, a, b)
        if dates and dates[0][0] - a <= 12 and b - a <= 60 and not dates[0][2].startswith("XXXX"):
            return where, dates[0][0], dates[0][1], "date line under the headline", dates[0][2]
    return None


def _dateline_date(page: _Page) -> tuple | None:
    dl = _dateline_of(page.text)
    if dl and dl["date"]:
        a, b, value = dl["date"]
        return "text", a, b, "dateline", value
    return None


def _url_date(page: _Page) -> tuple | None:
    m = _URL_DATE.search(page.fields.get("url") or "")
    if not m:
        return None
    value = "-".join(p for p in (m["y"], m["m"], m["d"]) if p)
    return "field", None, None, "date in url", value
