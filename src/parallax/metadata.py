"""Document metadata (title, outlet, author, author_org, published, genre), each with evidence.

Reads the cleaned body `text` and the page as received `raw`: bylines, breadcrumbs and copyright
footers usually sit in the boilerplate the cleaner removed, so evidence points into `raw` when the
clue is only there. Only the first and last ~2,000 characters of either are scanned, and the raw
page only around the body, so the cost does not grow with the length of the article.
Knowledge (section labels, genre cues, organisation words) is kept in the tables below; outlet
names come from the conflict pack, never from code.

Besides the six fields, one more item may appear: {"field": "dateline", "value": "XXXX-MM-DD"}
when the only date found is a year-less dateline and no year could be had (from the url);
`published` is then omitted rather than guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Sequence
from urllib.parse import urlsplit

from .dates import tag_dates

WINDOW = 2000          # characters scanned at each end of text and around the body in raw
HEAD = 600             # "the top of the document": titles, datelines, first sentence
GENRE_THRESHOLD = 2.0  # below this best score the genre is "other"

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


@dataclass(frozen=True)
class GenreCue:
    """A pattern whose hits vote for a genre; `scope` is where in `text` it is looked for."""

    genre: str
    name: str
    pattern: re.Pattern
    weight: float
    cap: int = 1            # hits beyond this many add nothing
    scope: str = "body"     # head: first HEAD chars; body: head and tail windows; tail: last window
    in_raw: bool = False    # also look in raw outside the body (cleaners drop these lines)


_M, _I = re.MULTILINE, re.IGNORECASE
GENRE_CUES: tuple[GenreCue, ...] = (
    GenreCue("press_release", "'FOR IMMEDIATE RELEASE'", re.compile(r"\bfor immediate release\b", _I), 4, scope="head", in_raw=True),
    GenreCue("press_release", "'press release' heading", re.compile(r"\b(?:press|news|media) release\b", _I), 3, scope="head"),
    GenreCue("press_release", "'Contact:' line", re.compile(r"^[ \t]*(?:media |press )?contacts?[ \t]*:", _M | _I), 2, in_raw=True),
    GenreCue("press_release", "'###' end mark", re.compile(r"^[ \t]*(?:#{3}|-[ \t]*30[ \t]*-)[ \t]*$", _M), 2, scope="tail", in_raw=True),
    GenreCue("press_release", "'About …' boilerplate", re.compile(r"^[ \t]*About (?:the )?(?!the author|us\b|this\b)[A-Z][^\n]{2,80}$", _M), 1, scope="tail"),
    GenreCue("official_statement", "'Comment of the Press Secretary'", re.compile(
        r"^[ \t]*(?:comment|commentary|remarks|answer|response|statement)s?[ \t]+(?:of|by|from)[ \t]+(?:the[ \t]+)?"
        r"(?:press secretary|spokes(?:person|man|woman)|press service|head of|information and press)", _M | _I), 4, scope="head", in_raw=True),
    GenreCue("official_statement", "spokesperson", re.compile(r"\b(?:Spokes(?:person|man|woman)|Press Secretary)\b"), 1),
    GenreCue("opinion", "first-person opinion", re.compile(
        r"\b(?:I (?:believe|think|argue|would argue|am convinced|contend|suggest|would say)|in my (?:view|opinion)|"
        r"to my mind|it seems to me)\b", _I), 1, cap=3),
    GenreCue("opinion", "first person 'I'", re.compile(r"\bI\b(?=[ \t]+[a-z])"), 0.2, cap=5),
    GenreCue("opinion", "modal verbs", re.compile(r"\b(?:should|could|must|ought to|would)\b", _I), 0.25, cap=6),
    GenreCue("opinion", "'Opinion:' heading", re.compile(r"^[ \t]*(?:opinion|op-?ed|commentary|analysis|editorial|column)[ \t]*[:|–—]", _M | _I), 3, scope="head"),
    GenreCue("news_report", "attribution verbs", re.compile(
        r"\b(?:said|says|told (?:reporters|journalists|the \w+)|according to|reported|quoted as saying)\b"), 0.4, cap=5),
    GenreCue("open_letter", "salutation 'Dear …'", re.compile(r"^[ \t]*Dear[ \t]+[A-Z]", _M), 2.5, scope="head"),
    GenreCue("open_letter", "'We, the undersigned'", re.compile(r"\bwe,? the undersigned\b", _I), 3),
    GenreCue("open_letter", "closing 'Sincerely'", re.compile(
        r"^[ \t]*(?:sincerely|respectfully|yours (?:sincerely|faithfully|truly)|with (?:respect|gratitude)|kind regards|best regards)\b", _M | _I), 2, scope="tail"),
    GenreCue("open_letter", "'open letter'", re.compile(r"\bopen letter\b", _I), 2.5, scope="head"),
    GenreCue("interview", "Q:/A: turns", re.compile(r"^[ \t]*(?:Q|A|Question|Answer)[ \t]*[:.][ \t]", _M), 0.75, cap=6),
    GenreCue("interview", "'Interview' heading", re.compile(r"^[ \t]*interview(?:[ \t]+with\b|[ \t]*[:|–—])", _M | _I), 3, scope="head"),
)
# Weights of the cues computed in code rather than by one pattern.
SECTION_LABEL_WEIGHT, SECTION_LABEL_CAP = 3.0, 2
ORG_SUBJECT_WEIGHT = 3.0
STATEMENT_HEADING_WEIGHT = 4.0
DATELINE_DATE_WEIGHT, DATELINE_AGENCY_WEIGHT, PRESS_WIRE_TAG_WEIGHT = 1.5, 2.0, 1.5
QUESTION_LINE_WEIGHT, QUESTION_LINE_CAP = 0.75, 6
SIGNATURE_WEIGHT = 1.5

ORG_WORDS = frozenset("""society assembly association committee council ministry department office agency
commission union federation foundation institute institution center centre organization organisation
alliance coalition network league party movement caucus fund board church embassy government congress
parliament company corporation group initiative forum chamber mission service secretariat administration
club campaign project trust watch consulate presidency cabinet diaspora community""".split())
GOVERNMENT_WORDS = frozenset("""ministry embassy government cabinet consulate presidency parliament
administration secretariat""".split())
# Words that make a 'By …' byline or a closing line something other than a person's name.
NOT_A_NAME_WORDS = frozenset("""staff editor editors admin administrator newsroom desk news reporter
reporters correspondent correspondents team press office agency agencies editorial board guest contributor
contributors web wire service services writer writers author authors online media related post posts article
articles story stories share this previous next tags tag comments reply more read print email follow subscribe
photo photos video source sources topics category categories about advertisement also like see back top""".split())
NAME_PARTICLES = frozenset("de da del della di du van von der den la le al el bin ibn ben".split())
BYLINE_STOP_WORDS = frozenset("""published updated posted last date read min mins views comments share on in at
monday tuesday wednesday thursday friday saturday sunday today yesterday""".split())
BOILERPLATE_LINES = frozenset(
    "home|menu|search|accept|skip to content|skip to main content|sign in|log in|login|subscribe|follow us|"
    "share|related|related articles|read more|you might also like|more news|newsletter|advertisement|"
    "privacy policy|terms of use|cookie policy|contact us|about us|all rights reserved|for immediate release|"
    "top stories|most read|latest|latest news|new articles|useful links|welcome back!|tags".split("|"))
BULLETS = "•·*-–—▪►>"

_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_PUBLISHED_LABEL = re.compile(
    r"\b(?P<label>(?:first )?published(?: on)?|posted(?: on)?|date(?: published)?|(?:last )?updated(?: on)?|"
    r"modified(?: on)?)[ \t]*:?[ \t]*", _I)
_BYLINE = re.compile(r"(?:^|[|•·][ \t]*)(?P<by>By|BY|Written by|Authors?:|Words by)[ \t]+(?P<rest>[^\n]{2,160})", _M)
_BREADCRUMB_SEP = re.compile(r"[ \t]+[>›»][ \t]+")
_TITLE_SUFFIX = re.compile(r"^(?P<head>.{10,200}?)[ \t]+[-–—|][ \t]+(?P<suffix>[^-–—|\n]{2,60})$")
_COPYRIGHT = re.compile(r"(?:©|\(c\)|\bcopyright\b)[ \t]*(?:\d{4}(?:[ \t]*[-–][ \t]*\d{4})?[ \t]*)?(?:by[ \t]+)?"
                        r"(?P<name>[^\n|–—•©.,]{2,60}?)[ \t]*(?:[|–—•.,]|all rights|\d{4}|$)", _M | _I)
_URL_DATE = re.compile(r"/(?P<y>(?:19|20)\d{2})[/-](?P<m>0[1-9]|1[0-2])(?:[/-](?P<d>0[1-9]|[12]\d|3[01]))?(?=[/-]|$)")
_DATELINE = re.compile(
    r"(?P<head>[A-Z][^\n:–—()/]{1,90}?)[ \t]*(?:(?P<agency>\([^)\n]{2,30}\)|/[^/\n]{2,30}/)[ \t]*"
    r"(?P<sep>[:–—]|--|-(?=[ \t]))?|(?P<sep2>:|–|—|--|[ \t]-[ \t]))[ \t]*")
_DATELINE_STOP = frozenset("for immediate release press statement update breaking exclusive opinion news "
                           "today yesterday contact interview q a the".split())
_LEAD_IN = re.compile(r"(?:(?:Today|Yesterday|Tonight|Earlier today|This (?:morning|afternoon|evening|week)|"
                      r"On (?:\w+day|[A-Z][a-z]+ \d{1,2})(?:, \d{4})?),?[ \t]+)?(?:[Tt]he[ \t]+)?")
_ORG_SUBJECT = re.compile(
    r"(?P<org>[A-Z][\w.&'’-]*(?:[ \t]+(?:of|for|and|on|in|the|de|du|des|&|to|[A-Z][\w.&'’-]*)){0,12}?)"
    r"[ \t]*(?:\((?P<abbr>[^()\n]{1,30})\))?,?[ \t]+(?:(?:has|have|today|strongly|warmly|firmly|also|once again|again)[ \t]+)*"
    r"(?P<verb>welcome[sd]?|condemn(?:s|ed)?|urge[sd]?|call(?:s|ed)[ \t]+(?:on|upon|for)|applaud(?:s|ed)?|praise[sd]?|"
    r"express(?:es|ed)|announce[sd]?|demand(?:s|ed)?|reject(?:s|ed)?|denounce[sd]?|reiterate[sd]?|commend(?:s|ed)?|"
    r"deplore[sd]?|appeal(?:s|ed)|endorse[sd]?|congratulate[sd]?|protest(?:s|ed)|issued|released?)\b")
_STATEMENT_HEADING = re.compile(
    r"^[ \t]*(?:joint[ \t]+)?(?:press[ \t]+)?(?:statement|comment|commentary|remarks)[ \t]+(?:of|by|from)[ \t]+"
    r"(?:the[ \t]+)?(?:(?:press secretary|spokes(?:person|man|woman)|head of the press service|press service|"
    r"information and press department)[ \t]+of[ \t]+(?:the[ \t]+)?)?(?P<org>[A-Z][^\n]{2,150})", _M | _I)
_ISSUED_STATEMENT = re.compile(
    r"(?:[Tt]he[ \t]+)?(?P<org>[A-Z][\w.&'’-]*(?:[ \t]+(?:of|for|and|the|&|[A-Z][\w.&'’-]*)){0,12}?)[ \t]*"
    r"(?:\((?P<abbr>[^()\n]{1,30})\))?[ \t]+(?:has[ \t]+)?issued[ \t]+the[ \t]+following[ \t]+statement")
_ORG_NAME_TAIL = re.compile(r"^(?P<org>(?:[A-Z][\w.&'’-]*|of|for|and|the|&)(?:[ \t]+(?:[A-Z][\w.&'’-]*|of|for|and|the|&))*)")
_SIGN_OFF = re.compile(r"^[ \t]*(?:sincerely|respectfully|yours (?:sincerely|faithfully|truly)|with respect|"
                       r"kind regards|best regards|regards),?[ \t]*$", _M | _I)


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


# ---------------------------------------------------------------- title

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


def _title(page: _Page) -> dict | None:
    if page.fields.get("title"):
        return _item("title", page.fields["title"].strip(), "JSON field", [_field_ev(page.fields["title"])])
    for finder in (_title_from_breadcrumb, _title_from_title_line, _title_from_repeated_line, _title_from_first_line):
        found = finder(page)
        if found:
            return found
    return None


def _raw_lines_near_body(page: _Page) -> list[tuple[int, int]]:
    """Lines of raw in the header zone (before the body) — where the headline and byline sit."""
    return list(_lines(page.raw, *page.raw_head))


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


def _match_outlet(name: str, outlets: list[dict]) -> dict | None:
    """The pack outlet whose id, name or alias equals `name` (ignoring case and punctuation)."""
    key = _norm(name)
    for outlet in outlets:
        candidates = [outlet.get("name"), outlet.get("id", "").split(":")[-1], *(outlet.get("aliases") or ())]
        if key and any(c and _norm(c) == key for c in candidates):
            return outlet
    return None


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


# ---------------------------------------------------------------- author

def _name_tokens(rest: str) -> list[str]:
    """Capitalised name tokens at the start of a byline remainder ('Jane Doe Published …' → Jane, Doe)."""
    out: list[str] = []
    for token in re.findall(r"[^\s,|•·]+|,|\|", rest):
        word = token.strip(".")
        if token in (",", "|") or word.casefold() in BYLINE_STOP_WORDS or re.search(r"\d", token):
            break
        if re.fullmatch(_MONTHS + r"\.?", word, _I):
            break
        if word.casefold() in ("and", "&") and out:
            out.append(word)
            continue
        if not (token[0].isupper() or word in NAME_PARTICLES) or len(out) >= 8:
            break
        out.append(token)
    while out and out[-1].casefold() in NAME_PARTICLES | {"and", "&"}:
        out.pop()
    return out


_NAME_CHARS = re.compile(r"[^\W\d_][^\W\d_.'’ &-]*(?:[.'’ &-]+[^\W\d_]+)*\.?")


def _is_person_name(name: str, page: _Page) -> bool:
    """Two to four capitalised words (per name, for 'A B and C D'), none generic, not an outlet
    and not an organisation."""
    words = [w.strip(".,") for w in name.split()]
    for person in re.split(r"[ \t]+(?:and|&)[ \t]+", name):
        capitalised = [w for w in person.split() if w.casefold() not in NAME_PARTICLES]
        if not 2 <= len(capitalised) <= 4 or any(not w[:1].isupper() for w in capitalised):
            return False
    lowered = {w.casefold() for w in words}
    if lowered & (NOT_A_NAME_WORDS | ORG_WORDS) or _is_boilerplate(name) or not _NAME_CHARS.fullmatch(name):
        return False
    return _match_outlet(name, page.outlets) is None and not (
        page.fields.get("outlet") and _norm(page.fields["outlet"]) == _norm(name))


def _bylines(page: _Page):
    """(where, span of 'By Name', name) for each byline in the top of text and the raw header."""
    for where, (a, b) in (("text", (0, min(len(page.text), HEAD))), ("raw", page.raw_head)):
        s = page.source(where)
        for m in _BYLINE.finditer(s, a, b):
            tokens = _name_tokens(m["rest"])
            end = m.start("rest")
            for token in tokens:
                end = s.index(token, end) + len(token)
            if tokens:
                yield where, (m.start("by"), end), " ".join(tokens)


def _author(page: _Page) -> dict | None:
    if page.fields.get("author"):
        return _item("author", page.fields["author"].strip(), "JSON field", [_field_ev(page.fields["author"])])
    for where, span, name in _bylines(page):  # 'By <Outlet>' / 'By Staff' is the outlet's, not a person's
        if _is_person_name(name, page):
            return _item("author", name, "byline 'By …'", [_ev(where, page.source(where), *span)])
    signature = _signature(page)
    if signature:
        where, a, b, why = signature
        return _item("author", page.source(where)[a:b], why, [_ev(where, page.source(where), a, b)])
    return None


def _signature(page: _Page) -> tuple[str, int, int, str] | None:
    """A personal name closing the article: after a sign-off, as the body's last line, or the
    first raw line after the body (cleaners often drop a lone name line)."""
    candidates: list[tuple[str, int, int, str]] = []
    for m in _SIGN_OFF.finditer(page.text, max(0, len(page.text) - WINDOW)):
        nxt = next(_lines(page.text, m.end()), None)
        if nxt:
            candidates.append(("text", *nxt, "signature after sign-off"))
    last = _last_line(page.text)
    if last:
        candidates.append(("text", *last, "signature line at the end of the body"))
    if page.body and page.body[1] < len(page.raw):
        after = next(_lines(page.raw, page.body[1], min(len(page.raw), page.body[1] + 300)), None)
        if after:
            candidates.append(("raw", *after, "signature line right after the body"))
    for where, a, b, why in candidates:
        s = page.source(where)
        a += len(s[a:b]) - len(s[a:b].lstrip("—–-― \t"))
        if a < b and len(s[a:b]) <= 60 and _is_person_name(s[a:b], page) and not _looks_sentence(s[a:b]):
            return where, a, b, why
    return None


def _looks_sentence(line: str) -> bool:
    return line[-1] in ".!?:;" or len(line.split()) > 8


# ---------------------------------------------------------------- published

def _dates_in(s: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """(start, end, value) of the dated mentions in s[start:end], offsets into s."""
    out = []
    for d in tag_dates(s[start:end]):
        value = d.get("value") or ""
        if re.fullmatch(r"(?:\d{4}|XXXX)(?:-\d{2}){1,2}|\d{4}", value):
            out.append((start + d["start"], start + d["end"], value))
    return out


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


# ---------------------------------------------------------------- genre and author_org

def _first_sentence_start(text: str) -> int | None:
    """Where the body's first sentence starts: after a heading line and a dateline."""
    line = _lede(text)[1]
    if line is None:
        return None
    dl = _dateline(text, *line)
    return dl["end"] if dl else line[0]


def _subject_org(page: _Page) -> dict | None:
    """The organisation speaking: a statement heading, the subject of the first sentence
    ('The X (ABBR) welcomes …'), or 'X issued the following statement'."""
    head_end = min(len(page.text), HEAD)
    m = _STATEMENT_HEADING.search(page.text, 0, head_end)
    if m:
        org = _ORG_NAME_TAIL.match(m["org"])
        if org and org["org"].split()[0][0].isupper():
            name = re.sub(r"[ \t]+(?:the|of|and|for|&)$", "", org["org"].strip())
            return {"org": name, "abbr": None, "span": (m.start("org"), m.start("org") + len(name)),
                    "cue": (m.start(), m.start("org") + len(name)), "why": "'Statement of/by …' heading"}
    start = _first_sentence_start(page.text)
    if start is not None:
        lead = _LEAD_IN.match(page.text, start)
        m = _ORG_SUBJECT.match(page.text, lead.end())
        if m and _is_org(m["org"], m["abbr"]):
            return {"org": m["org"], "abbr": m["abbr"], "span": m.span("org"), "cue": (start, m.end()),
                    "why": f"organisation as subject of the first sentence ('{m['verb']}')"}
    m = _ISSUED_STATEMENT.search(page.text, 0, head_end)
    if m and _is_org(m["org"], m["abbr"]):
        return {"org": m["org"], "abbr": m["abbr"], "span": m.span("org"), "cue": m.span(),
                "why": "'X issued the following statement'"}
    return None


def _is_org(name: str, abbr: str | None) -> bool:
    words = {w.casefold().strip(".,") for w in name.split()}
    short = bool(abbr) and len(abbr.split()) <= 3 and abbr[:1].isupper()
    return bool(words & ORG_WORDS) or (short and abbr.isupper() and len(name.split()) >= 2)


def _is_government(name: str) -> bool:
    lowered = name.casefold()
    return bool({w.strip(".,") for w in lowered.split()} & GOVERNMENT_WORDS) or any(
        phrase in lowered for phrase in ("foreign office", "state department", "department of state",
                                         "office of the president", "national assembly", "prime minister"))


def _genre(page: _Page, title: dict | None, author: dict | None) -> dict:
    """Score every genre from its cues and keep the best; 'other' below the threshold."""
    votes: dict[str, list[tuple[float, str, dict]]] = {}

    def vote(genre: str, weight: float, name: str, ev: dict) -> None:
        votes.setdefault(genre, []).append((weight, name, ev))

    _pattern_votes(page, vote)
    _section_label_votes(page, title, vote)
    _question_votes(page, vote)
    org = _subject_org(page)
    if org:
        genre = "official_statement" if _is_government(org["org"]) else "press_release"
        weight = STATEMENT_HEADING_WEIGHT if org["why"].startswith("'Statement") else ORG_SUBJECT_WEIGHT
        vote(genre, weight, org["why"], _ev("text", page.text, *org["cue"]))
    dl = _dateline_of(page.text)
    if dl and dl["date"]:
        vote("news_report", DATELINE_DATE_WEIGHT, "wire dateline", _ev("text", page.text, *dl["span"]))
    if dl and dl.get("agency"):
        tag = _ev("text", page.text, *dl["agency"][:2])
        if dl.get("press_wire"):
            vote("press_release", PRESS_WIRE_TAG_WEIGHT, "press-wire tag '/…/' in dateline", tag)
        else:
            vote("news_report", DATELINE_AGENCY_WEIGHT, "agency tag in dateline", tag)
    if author and author["why"].startswith("signature"):
        vote("opinion", SIGNATURE_WEIGHT, "author signature line", author["evidence"][0])
    scores = {g: sum(w for w, _, _ in vs) for g, vs in votes.items()}
    best = max(scores, key=lambda g: (scores[g], -_GENRE_ORDER.index(g)), default=None)
    if best is None or scores[best] < GENRE_THRESHOLD:
        return _item("genre", "other", "no clear genre cues", [], score=round(scores.get(best, 0.0), 2))
    names = list(dict.fromkeys(name for _, name, _ in votes[best]))
    evidence = sorted((ev for _, _, ev in votes[best]), key=lambda e: (e["in"] != "raw", e["start"]))
    return _item("genre", best, "genre cues: " + ", ".join(names), evidence, score=round(scores[best], 2))


_GENRE_ORDER = ["press_release", "official_statement", "open_letter", "interview", "opinion", "news_report"]


def _pattern_votes(page: _Page, vote) -> None:
    n = len(page.text)
    scopes = {"head": [(0, min(n, HEAD))], "body": page.text_zones, "tail": [(max(0, n - WINDOW), n)]}
    for cue in GENRE_CUES:
        hits = [("text", m.span()) for a, b in scopes[cue.scope] for m in cue.pattern.finditer(page.text, a, b)]
        if cue.in_raw:
            hits += [("raw", m.span()) for a, b in page.raw_zones for m in cue.pattern.finditer(page.raw, a, b)]
        for where, (a, b) in hits[:cue.cap]:
            vote(cue.genre, cue.weight, cue.name, _ev(where, page.source(where), a, b))


def _label_genre(label: str) -> str | None:
    key = label.strip().strip(":").casefold()
    return next((g for g, labels in SECTION_LABELS.items() if key in labels), None)


def _section_label_votes(page: _Page, title: dict | None, vote) -> None:
    """Section labels: breadcrumb crumbs, and lone label lines just above/below the headline or
    at the top of the body. Bulleted menu items do not count."""
    counted: dict[str, int] = {}
    spans: list[tuple[str, int, int]] = []
    raw_lines = _raw_lines_near_body(page)
    for a, b in raw_lines:
        seps = list(_BREADCRUMB_SEP.finditer(page.raw, a, b))
        if seps and not _is_bullet_line(page.raw, a):
            bounds = [a] + [m.end() for m in seps]
            ends = [m.start() for m in seps] + [b]
            spans += [("raw", x, y) for x, y in list(zip(bounds, ends))[1:-1]]
    if title and "at" in title and title["at"][0] == "raw":
        idx = next((i for i, (a, b) in enumerate(raw_lines) if a == title["at"][1]), None)
        near = raw_lines[max(0, idx - 3):idx + 3] if idx is not None else []
        spans += [("raw", a, b) for a, b in near if not _is_bullet_line(page.raw, a)]
    if page.body and page.raw != page.text:  # labels the cleaner cut just above the body
        spans += [("raw", a, b) for a, b in raw_lines[-4:] if not _is_bullet_line(page.raw, a)]
    spans = list(dict.fromkeys(spans))
    spans += [("text", a, b) for a, b in list(_lines(page.text, 0, min(len(page.text), HEAD)))[:3]]
    for where, a, b in spans:
        genre = _label_genre(page.source(where)[a:b])
        if genre and counted.get(genre, 0) < SECTION_LABEL_CAP:
            counted[genre] = counted.get(genre, 0) + 1
            label = page.source(where)[a:b].strip()
            vote(genre, SECTION_LABEL_WEIGHT, f"'{label}' section label", _ev(where, page.source(where), a, b))


def _question_votes(page: _Page, vote) -> None:
    """Lines ending in '?' followed by a line that answers them: interview turns (two or more)."""
    hits = []
    for a, b in page.text_zones:
        lines = list(_lines(page.text, a, b))
        for (qa, qb), (na, nb) in zip(lines, lines[1:]):
            if page.text[qb - 1] == "?" and qb - qa <= 300 and page.text[nb - 1] != "?":
                hits.append((qa, qb))
    if len(hits) >= 2:
        for qa, qb in hits[:QUESTION_LINE_CAP]:
            vote("interview", QUESTION_LINE_WEIGHT, "question lines followed by answers", _ev("text", page.text, qa, qb))


def _author_org(page: _Page, genre: dict, outlet: dict | None) -> dict | None:
    """The organisation speaking, for press releases, statements and letters."""
    if genre["value"] not in ("press_release", "official_statement", "open_letter"):
        return None
    org = _subject_org(page)
    if org:
        extra = {"abbr": org["abbr"]} if org["abbr"] else {}
        return _item("author_org", org["org"], org["why"], [_ev("text", page.text, *org["span"])], **extra)
    signed = _signed_by_org(page)
    if signed:
        return _item("author_org", page.text[signed[0]:signed[1]], "organisation signing after the sign-off",
                     [_ev("text", page.text, *signed)])
    if outlet:
        return _item("author_org", outlet["value"], "the outlet publishes its own statements", outlet["evidence"][:2])
    return None


def _signed_by_org(page: _Page) -> tuple[int, int] | None:
    for m in _SIGN_OFF.finditer(page.text, max(0, len(page.text) - WINDOW)):
        line = next(_lines(page.text, m.end()), None)
        if line and _is_org(page.text[line[0]:line[1]], None) and not _looks_sentence(page.text[line[0]:line[1]]):
            return line
    return None
