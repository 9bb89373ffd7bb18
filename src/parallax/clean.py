"""Clean already-flattened scraped web text: keep the article body, drop the page around it.

The input is the visible text of a page flattened to lines, with no HTML left to lean on, so
every decision is made from the lines themselves (in the spirit of boilerpipe and jusText):

1. split into lines, re-join hard-wrapped paragraphs into one *unit* each;
2. label every unit ``good`` (long, sentence-like prose), ``medium`` (short sentence),
   ``short`` (heading-like or other short text) or ``bad`` (boilerplate cue, with a reason);
3. score the units and take the best-scoring contiguous run as the body (maximum-sum segment);
   section cues ("Related articles", "Comments"...) end a run, and a run right under a line
   repeating the page title (the article's own headline) is preferred;
4. extend the body upwards to an adjacent headline, drop the boilerplate still inside it.

Output paragraphs are separated by a single ``"\\n"``; whitespace inside a paragraph is collapsed
to single spaces and wrapped lines are joined with one space. Words are never rewritten.
Every dropped unit, and every line break removed by a wrap-join, is recorded as a `Removal`
with offsets into the raw input: ``why`` is the cue that condemned it ("navigation", "share",
"cookie", "related-section", "comments", "short-line-cluster"...), "outside-body" for text that
carries no cue but lies outside the body, or "wrap-join" for the whitespace between two lines
that were joined (kept text there is a single space).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .clean_cues import (LEADING_METADATA_WORDS, LONG_CUE_TRIGGERS, NUMBER_PATTERN, PHRASE_CUES, STOP_WORDS,
                         WHOLE_UNIT_PATTERN, cue_reason)

__all__ = ["Removal", "Cleaned", "clean_flat_text"]


@dataclass(frozen=True)
class Removal:
    """A span of the raw input left out of the cleaned text, and why."""

    start: int
    end: int
    text: str
    why: str


@dataclass(frozen=True)
class Cleaned:
    """The cleaned body and everything that was dropped to get it."""

    text: str
    removed: tuple[Removal, ...]


_WORD = re.compile(r"\w+")
_LINE = re.compile(r"\S(?:[^\r\n]*\S)?")  # a line's text without the spaces around it
_SPACE = re.compile(r"\s+")
_TERMINAL = re.compile(r"[.!?…:;。！？][\"'”’»)\]*」』]*$")
_CAPITALISED = re.compile(r"(?<!\w)[A-ZÀ-ÖØ-ÞА-ЯЁ]")
_PUNCT = re.compile(r"[.,;:!?。、，！？]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
_TRUNCATED = re.compile(r"(\.\.\.|…)\s*$")
_URL = re.compile(r"https?://|www\.|\S+@\S+\.\w+")
_JUNK_TOKEN = re.compile(r"(?=\w*\d)(?=\w*[a-z])\w{6,}|\d{2,5}x\d{2,5}|\w+\.(jpe?g|png|gif|webp|svg)", re.I)
_DATE_ONLY = re.compile(
    r"^[\W\d]*((jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?|mon|tue|wed|thu|fri|sat|sun"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday|am|pm|edt|est|gmt|utc|bst|cet|ist"
    r"|updated|published|posted|on|at|[\W\d])*[\W\d]*$", re.I)


_CAPTION_LABEL = re.compile(r"(image|photo|picture|video)s?( credits?)?\s*:|(image|photo|picture)$")
_PHRASES: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _why, _phrases in PHRASE_CUES:
    for _phrase in _phrases:
        _PHRASES.setdefault(_phrase.split()[0], []).append((tuple(_phrase.split()), _why))
_TITLE_SEPARATOR = re.compile(r"\s+(?:[|–—·»:-]|::)\s+")
_LONG_CUE_TRIGGER = re.compile("|".join(LONG_CUE_TRIGGERS))
_LONG_CUES = re.compile(r"\bcookies?\b.{0,200}\b(agree|accept|consent|continu|experience|use)"
                        r"|by (using|continuing to use) (this|our) (site|website)|javascript (is )?(disabled|required)"
                        r"|your browser", re.I)
_BREADCRUMB = re.compile(r"\S\s*[>›»/|]\s*\S.*\s[>›»/|]\s|^\W*[>›»]")
_DIGIT = re.compile(r"\d")
_BREADCRUMB_CHARS = re.compile(r"[>›»/|]")
_LOWER_START = re.compile(r"^[(\"'“‘]?[a-zà-ÿ]")

GOOD, MEDIUM, SHORT, BAD = "good", "medium", "short", "bad"
SAMPLE_CHARS = 400  # long units are judged on their first characters
SUBSTANTIAL = 300.0  # score of a run of prose long enough to be an article
LATER_ZONE_DISCOUNT = 0.3
HEADLINE_PREFERENCE = 0.1
COMMENTS, RELATED = "comments", "related-section"
INLINE_BOX_WEIGHT = -100.0  # a related-links box in the middle of an article ...
INLINE_BOX_SPAN = 12  # ... is followed by paragraphs within this many units


class _Unit:
    """One paragraph candidate: one raw line, or several hard-wrapped lines joined."""

    __slots__ = ("spans", "text", "low", "kind", "why", "words")

    def __init__(self, spans: list[tuple[int, int]], text: str):
        self.spans = spans
        self.text = text
        self.low = ""
        self.kind = SHORT
        self.why = ""
        self.words = 0


def clean_flat_text(raw: str) -> Cleaned:
    """Keep the article body of a flattened web page; record every dropped span of `raw`."""
    lines = _split_lines(raw)
    units = _join_wrapped(lines, raw)
    if not units:
        return Cleaned("", ())
    _label_units(units)
    first, last = _body_bounds(units)
    kept = [u for i, u in enumerate(units) if first <= i <= last and u.kind != BAD]
    removed: list[Removal] = []
    for i, unit in enumerate(units):
        if first <= i <= last and unit.kind != BAD:
            for (_, a_end), (b_start, _) in zip(unit.spans, unit.spans[1:]):
                removed.append(Removal(a_end, b_start, raw[a_end:b_start], "wrap-join"))
        else:
            start, end = unit.spans[0][0], unit.spans[-1][1]
            why = unit.why if unit.kind == BAD else "outside-body"
            removed.append(Removal(start, end, raw[start:end], why))
    return Cleaned("\n".join(u.text for u in kept), tuple(removed))


def _split_lines(raw: str) -> list[tuple[int, int, bool]]:
    """Non-blank lines as (start, end, blank_line_before), trimmed of surrounding whitespace."""
    out: list[tuple[int, int, bool]] = []
    prev_end = 0
    for match in _LINE.finditer(raw):
        start, end = match.span()
        gap = raw[prev_end:start]
        out.append((start, end, gap.count("\n") > 1 or gap.count("\r") > 1 or not out))
        prev_end = end
    return out


def _join_wrapped(lines: list[tuple[int, int, bool]], raw: str) -> list[_Unit]:
    """Group lines into units, joining lines that were hard-wrapped inside one paragraph."""
    units: list[_Unit] = []
    run: list[tuple[int, int]] = []
    for start, end, blank_before in lines:
        if blank_before and run:
            units.extend(_split_run(run, raw))
            run = []
        run.append((start, end))
    if run:
        units.extend(_split_run(run, raw))
    return units


def _split_run(run: list[tuple[int, int]], raw: str) -> list[_Unit]:
    """Split a run of adjacent lines into paragraphs, keeping wrapped lines together."""
    if len(run) == 1:
        return [_Unit(run, _collapse_spaces(raw[run[0][0]:run[0][1]]))]
    texts = [_collapse_spaces(raw[s:e]) for s, e in run]
    width = max(len(t) for t in texts)
    full = [len(t) >= 0.75 * width for t in texts[:-1]]
    wrapped = len(run) > 1 and 40 <= width <= 110 and sum(full) >= 0.75 * len(full)
    units: list[_Unit] = []
    spans, parts = [run[0]], [texts[0]]
    for span, text, prev in zip(run[1:], texts[1:], texts):
        if _continues(prev, text, width if wrapped else 0):
            spans.append(span)
            parts.append(text)
            continue
        units.append(_Unit(spans, " ".join(parts)))
        spans, parts = [span], [text]
    units.append(_Unit(spans, " ".join(parts)))
    return units


def _collapse_spaces(text: str) -> str:
    return text if text.isprintable() and "  " not in text else _SPACE.sub(" ", text)


def _continues(prev: str, text: str, width: int) -> bool:
    """True when `text` carries on the paragraph that `prev` was wrapped out of."""
    mid_sentence = not _TERMINAL.search(prev[-6:])
    if _LOWER_START.match(text) and mid_sentence and len(prev) >= 30 and (prev[-1].isalnum() or prev[-1] in ",-–"):
        return True
    if not width or len(prev) < 0.75 * width:
        return False
    next_word = len(text.split(" ", 1)[0])
    return mid_sentence or len(prev) + 1 + next_word > width


def _label_units(units: list[_Unit]) -> None:
    """Give every unit a kind (good / medium / short / bad) and, when bad, a reason."""
    tokens_of, stops_of, lows = [], [], []
    find_words, is_stop, cjk_search = _WORD.findall, STOP_WORDS.__contains__, _CJK.search
    for unit in units:
        text = unit.text
        unit.low = low = text.lower()
        lows.append(low)
        # Long units are measured on a prefix: enough to judge them, and bounded in cost.
        tokens = find_words(low, 0, SAMPLE_CHARS)
        tokens_of.append(tokens)
        stops = sum(map(is_stop, tokens))
        words = len(tokens)
        if not text.isascii() and cjk_search(text, 0, SAMPLE_CHARS):
            # Scripts written without spaces count roughly one word per two characters.
            words += len(_CJK.findall(text, 0, SAMPLE_CHARS)) // 2
            stops = -1
        if len(text) > SAMPLE_CHARS:
            scale = len(text) / SAMPLE_CHARS
            words = round(words * scale)
            stops = round(stops * scale)
        unit.words = words
        stops_of.append(stops)
    prose = sorted(s / u.words for s, u in zip(stops_of, units) if u.words >= 10 and s >= 0)
    # Pages in a language the stop list does not cover are judged on length and punctuation.
    median = prose[len(prose) // 2] if prose else 0.0
    min_stop = 0.4 * median if median >= 0.15 else 0.0
    seen = Counter(low for unit, low in zip(units, lows) if unit.words <= 6)
    for unit, low, tokens, stops in zip(units, lows, tokens_of, stops_of):
        unit.kind, unit.why = _label(unit, low, tokens, stops, min_stop)
        if unit.kind != BAD and unit.words <= 6 and seen[low] > 1:
            unit.kind, unit.why = BAD, "repeated"
    _mark_short_clusters(units)


def _label(unit: _Unit, low: str, tokens: list[str], stops: int, min_stop: float) -> tuple[str, str]:
    text, words = unit.text, unit.words
    terminal = bool(_TERMINAL.search(text[-6:]))
    if len(text) <= 200:
        why = _cue(text, low, tokens, words, terminal)
        if why:
            return BAD, why
    if len(text) <= 800 and _LONG_CUE_TRIGGER.search(low) and _LONG_CUES.search(text):
        return BAD, "cookie"
    if words == 0:
        return BAD, "symbols"
    if words <= 12 and not terminal and ("http" in low or "www." in low or "@" in low) and _URL.search(text):
        return BAD, "link"
    if len(text) >= 60 and _TRUNCATED.search(text[-6:]):
        return BAD, "teaser"
    if stops < 0:  # no stop list for this script
        prose = True
    else:
        prose = stops >= min_stop * words and (stops > 0 or not min_stop)
        # Title-cased word runs (menus, tag lists) and long runs without punctuation are not prose.
        if words < 30:
            prose = prose and len(_CAPITALISED.findall(text)) < 0.6 * words
        else:
            prose = prose and len(_PUNCT.findall(text)) * 30 >= words
    if words >= 10 and prose and (terminal or len(text) >= 150):
        return GOOD, ""
    if words >= 4 and terminal and prose:
        return MEDIUM, ""
    return SHORT, ""


def _cue(text: str, low: str, tokens: list[str], words: int, terminal: bool) -> str:
    """The boilerplate reason for a short unit, or '' when it carries no cue."""
    digits = _DIGIT.search(text) is not None
    if words <= 8:
        why = cue_reason(WHOLE_UNIT_PATTERN.match(low))
        if why:
            return why
        if digits and _DATE_ONLY.match(low):
            return "metadata"
        if digits and not terminal and _JUNK_TOKEN.search(text):
            return "image-caption"
        if _BREADCRUMB_CHARS.search(text) and _BREADCRUMB.search(text):
            return "navigation"
    if words <= 12 or (words <= 30 and not terminal):
        return _phrase_cue(tokens) or _pattern_cue(text, low, tokens, digits)
    return ""


def _pattern_cue(text: str, low: str, tokens: list[str], digits: bool) -> str:
    if "©" in text:
        return "footer"
    if tokens and tokens[0] in LEADING_METADATA_WORDS:
        return "metadata"
    if digits:
        why = cue_reason(NUMBER_PATTERN.search(low))
        if why:
            return why
    return "image-caption" if _CAPTION_LABEL.match(low) else ""


def _phrase_cue(tokens: list[str]) -> str:
    if _PHRASES.keys().isdisjoint(tokens):
        return ""
    for i, token in enumerate(tokens):
        for phrase, why in _PHRASES.get(token, ()):
            if tuple(tokens[i:i + len(phrase)]) == phrase:
                return why
    return ""


def _mark_short_clusters(units: list[_Unit], min_run: int = 4) -> None:
    """Runs of very short non-sentences (menus, tag lists, link lists) are not body text."""
    run: list[_Unit] = []
    for unit in units + [None]:
        if unit is not None and (unit.kind == BAD or (unit.kind == SHORT and unit.words <= 4)):
            run.append(unit)
            continue
        if run and unit is not None and unit.kind == GOOD and run[-1].kind != BAD:
            run.pop()  # a heading for the paragraph that follows
        if sum(u.kind != BAD for u in run) >= 3 and len(run) >= min_run:
            for member in run:
                if member.kind != BAD:
                    member.kind, member.why = BAD, "short-line-cluster"
        run = []


def _weight(unit: _Unit) -> float:
    if unit.kind == GOOD:
        return float(len(unit.text))
    if unit.kind == MEDIUM:
        return 0.5 * len(unit.text)
    if unit.kind == SHORT:
        return -20.0
    return -min(25.0 + 0.5 * len(unit.text), 300.0)


def _section_breaks(units: list[_Unit]) -> list[bool]:
    """Which units open a non-article section (comments; related links not followed by prose)."""
    breaks = []
    for i, unit in enumerate(units):
        if unit.why == RELATED:
            # A related box inside an article is soon followed by paragraphs again.
            after = [u.kind == GOOD for u in units[i + 1:i + 1 + INLINE_BOX_SPAN]]
            inline = any(a and b for a, b in zip(after, after[1:]))
            breaks.append(not inline)
        else:
            breaks.append(unit.why == COMMENTS)
    return breaks


def _headlines(units: list[_Unit]) -> list[int]:
    """Units repeating the page title (usually the first line): the article's own headline."""
    title = units[0].low
    if len(title) > 300:
        return []
    parts = [p for p in _TITLE_SEPARATOR.split(title) if len(p) >= 20] + [title]
    found = []
    for i in range(1, len(units)):
        text = units[i].low
        if 10 <= len(text) <= len(title) and units[i].words >= 3 and any(
                text == p or (len(text) >= 25 and p.startswith(text)) for p in parts):
            found.append(i)
    return found


def _best_run(weights: list[float], breaks: list[bool], comments: list[bool],
              starts: range) -> tuple[float, int, int]:
    """Maximum-sum run of units (Kadane), beginning in `starts`.

    Section breaks end a run. Once a substantial block of prose has been seen, later zones
    are discounted: what follows an article under such a cue is comments or teasers.
    """
    best, best_first, best_last = 0.0, 0, -1
    discount, zone_best = 1.0, 0.0
    total, first = 0.0, -1
    for i in range(starts.start, len(weights)):
        if breaks[i]:
            if zone_best >= SUBSTANTIAL:
                discount = LATER_ZONE_DISCOUNT
            if zone_best >= SUBSTANTIAL / 2 and comments[i]:
                discount = 0.0
            total, zone_best, first = 0.0, 0.0, -1
            continue
        if total <= 0:
            if i >= starts.stop and first < 0:
                continue
            total, first = 0.0, i
        total += weights[i]
        zone_best = max(zone_best, total)
        if total * discount > best:
            best, best_first, best_last = total * discount, first, i
    return best, best_first, best_last


def _body_bounds(units: list[_Unit]) -> tuple[int, int]:
    """Index range of the body: the best-scoring run of units, extended up to its headline."""
    weights = [INLINE_BOX_WEIGHT if u.why == RELATED else _weight(u) for u in units]
    breaks = _section_breaks(units)
    comments = [u.why == COMMENTS for u in units]
    best, first, last = _best_run(weights, breaks, comments, range(0, len(units)))
    for headline in _headlines(units):
        # The run right under the page's own headline wins unless something far bigger exists.
        score, a, b = _best_run(weights, breaks, comments, range(headline + 1, headline + 8))
        if score >= max(HEADLINE_PREFERENCE * best, SUBSTANTIAL) and b >= 0:
            first, last = a, b
            break
    if last < 0:
        return 0, -1
    for i in range(first - 1, max(first - 3, -1), -1):
        unit = units[i]
        if unit.kind == BAD or unit.words < 3 or unit.words > 30:
            break
        first = i
    return first, last
