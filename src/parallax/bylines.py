"""The author: a 'By …' byline naming a person, else a personal name signing off the article."""

from __future__ import annotations

import re

from .genre import ORG_WORDS
from .page import (HEAD, WINDOW, _Page, _ev, _field_ev, _is_boilerplate, _item, _last_line, _lines, _looks_sentence,
                   _match_outlet, _norm, _SIGN_OFF)

_I = re.IGNORECASE
_M = re.MULTILINE

# Words that make a 'By …' byline or a closing line something other than a person's name.
NOT_A_NAME_WORDS = frozenset("""staff editor editors admin administrator newsroom desk news reporter
reporters correspondent correspondents team press office agency agencies editorial board guest contributor
contributors web wire service services writer writers author authors online media related post posts article
articles story stories share this previous next tags tag comments reply more read print email follow subscribe
photo photos video source sources topics category categories about advertisement also like see back top""".split())
NAME_PARTICLES = frozenset("de da del della di du van von der den la le al el bin ibn ben".split())
BYLINE_STOP_WORDS = frozenset("""published updated posted last date read min mins views comments share on in at
monday tuesday wednesday thursday friday saturday sunday today yesterday""".split())
_MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
           r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)")
_BYLINE = re.compile(r"(?:^|[|•·][ \t]*)(?P<by>By|BY|Written by|Authors?:|Words by)[ \t]+(?P<rest>[^\n]{2,160})", _M)


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
