"""Genre (press release, statement, letter, interview, opinion, news report) and author_org.

Every genre is scored from weighted cues — the patterns in GENRE_CUES plus the section labels,
datelines, question lines and organisation subjects computed in code — and the best score wins;
below GENRE_THRESHOLD the genre is "other". The organisation speaking is the author_org of press
releases, statements and letters.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .page import (HEAD, WINDOW, _BREADCRUMB_SEP, _SIGN_OFF, _Page, _dateline, _dateline_of, _ev, _is_bullet_line,
                   _item, _label_genre, _lede, _lines, _looks_sentence, _raw_lines_near_body)

_M, _I = re.MULTILINE, re.IGNORECASE

GENRE_THRESHOLD = 2.0  # below this best score the genre is "other"


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


# ---------------------------------------------------------------- the organisation speaking

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


# ---------------------------------------------------------------- genre

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


# ---------------------------------------------------------------- author_org

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
