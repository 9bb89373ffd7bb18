"""Check-worthy claims: statements that carry a figure (a count, a share, a sum, a distance).

Each figure becomes one claim with its value, unit, hedge ("nearly", "at least"…) and the
phrase it quantifies. Numbers that only label or locate something are not claims: dates and
years, ordinals, numbered sections, resolutions, articles and pages, times of day, phone
numbers, page furniture ("8 Min Read") and numbers inside names ("COP29", "9/11", "44-day").
The unit is read from the noun after the number; a group named by the pack (kind "group")
counts people and becomes the claim's subject.
"""

from __future__ import annotations

import bisect
import re

from .dates import NUMBERING_WORDS
from .document import Document
from .pipeline import Context
from .sentences import sentence_spans

HEDGES = (  # surface form → canonical hedge
    ("at least", "at least"), ("no fewer than", "at least"), ("no less than", "at least"),
    ("up to", "up to"), ("as many as", "up to"), ("more than", "more than"), ("over", "over"),
    ("in excess of", "more than"), ("upwards of", "more than"), ("above", "over"),
    ("nearly", "nearly"), ("almost", "nearly"), ("close to", "nearly"), ("just under", "nearly"),
    ("about", "about"), ("around", "about"), ("approximately", "about"), ("roughly", "about"),
    ("some", "about"), ("an estimated", "about"), ("estimated", "about"), ("circa", "about"),
    ("less than", "less than"), ("fewer than", "less than"), ("under", "less than"),
)
SMALL_NUMBER_WORDS = (
    ("one", 1), ("two", 2), ("three", 3), ("four", 4), ("five", 5), ("six", 6), ("seven", 7),
    ("eight", 8), ("nine", 9), ("ten", 10), ("eleven", 11), ("twelve", 12), ("fifteen", 15),
    ("twenty", 20), ("thirty", 30), ("forty", 40), ("fifty", 50), ("sixty", 60), ("seventy", 70),
    ("eighty", 80), ("ninety", 90), ("a", 1), ("an", 1),
)
SCALE_WORDS = (("dozen", 12), ("hundred", 1e2), ("thousand", 1e3), ("million", 1e6), ("billion", 1e9),
               ("trillion", 1e12), ("mln", 1e6), ("bn", 1e9), ("m", 1e6), ("k", 1e3))
# Vague plurals: "hundreds of thousands" is at least 100,000, and always approximate.
VAGUE_QUANTITIES = (("dozens", 12), ("scores", 20), ("hundreds", 100), ("thousands", 1e3),
                    ("tens of thousands", 1e4), ("hundreds of thousands", 1e5),
                    ("millions", 1e6), ("billions", 1e9))
CURRENCY_SYMBOLS = (("$", "usd"), ("€", "eur"), ("£", "gbp"), ("₽", "rub"), ("₼", "azn"))
UNIT_NOUNS = (  # unit → nouns (singular and plural) that name it
    ("percent", ("%", "percent", "per cent", "pct")),
    ("usd", ("dollars", "dollar", "usd")), ("eur", ("euros", "euro", "eur")),
    ("rub", ("rubles", "roubles", "ruble")), ("azn", ("manats", "manat")), ("amd", ("drams", "dram")),
    ("km2", ("square kilometers", "square kilometres", "sq km", "km2", "km²")),
    ("km", ("km", "kilometers", "kilometres", "kilometer", "kilometre")),
    ("miles", ("miles", "mile")), ("hectares", ("hectares", "ha")),
    ("troops", ("troops", "soldiers", "servicemen", "fighters", "military personnel", "combatants")),
    ("people", ("people", "persons", "population", "civilians", "residents", "inhabitants",
                "refugees", "children", "men", "women", "citizens", "victims", "casualties",
                "deaths", "dead", "wounded", "prisoners", "detainees", "captives", "hostages",
                "displaced", "migrants", "families", "individuals", "lives", "families")),
    ("years", ("years", "decades", "year", "decade")),
)
PEOPLE_UNITS = ("people", "troops")
UI_COUNT_NOUNS = ("min read", "mins read", "minute read", "minutes read", "comments", "shares",
                  "views", "likes", "replies", "retweets", "followers", "photos")
TIME_SUFFIXES = ("am", "pm", "a.m.", "p.m.", "gmt", "utc", "hrs", "o'clock")
# The claim's phrase runs on from the figure until punctuation or one of these words.
PHRASE_STOP_WORDS = ("and", "or", "but", "which", "who", "whom", "that", "while", "including",
                     "in", "on", "at", "from", "to", "by", "during", "since", "as", "after",
                     "before", "with", "for", "because", "when", "where", "than", "into")
PHRASE_MAX_WORDS = 8
DEMONYM_SUFFIXES = ("ians", "ans", "is", "ese", "ers", "ites")  # capitalised plurals that count people

_HEDGE = dict(HEDGES)
_SMALL = dict(SMALL_NUMBER_WORDS)
_SCALE = dict(SCALE_WORDS)
_VAGUE = dict(VAGUE_QUANTITIES)
_CURRENCY = dict(CURRENCY_SYMBOLS)
_UNIT_OF = {noun: unit for unit, nouns in UNIT_NOUNS for noun in nouns}


def _alt(words) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_FIGURE = re.compile(
    rf"(?P<cur>{_alt(_CURRENCY)})?\s?"
    rf"(?:(?P<num>(?<![\w.,/:#-])\d{{1,3}}(?:,\d{{3}})+(?:\.\d+)?|(?<![\w.,/:#-])\d+(?:\.\d+)?)"
    rf"|\b(?P<vague>{_alt(_VAGUE)})\b"
    rf"|\b(?P<word>{_alt(_SMALL)})(?=[\s-]+(?:{_alt(_SCALE)})\b))"
    rf"(?:[\s-]*(?P<scale>{_alt(_SCALE)})\b)?"
    rf"(?P<pct>\s?%)?", re.I)
# Where a figure can begin: digits and currency signs, or a scale word found in lower-cased text
# (one plain alternation there is fast) and walked back to its number word ("nearly one million").
_DIGIT_ANCHOR = re.compile(rf"[{''.join(_CURRENCY)}]|\d+")
_WORD_ANCHOR = re.compile("|".join(sorted({w.split()[-1].rstrip("s") for w in (*_SCALE, *_VAGUE) if len(w) > 3})))
_WORD_BEFORE_SCALE = re.compile(rf"\b(?:{_alt(_SMALL)}|{_alt({w.split()[0] for w in _VAGUE})})(?:\s+of)?[\s-]+$", re.I)
_HEDGE_BEFORE = re.compile(rf"\b({_alt(_HEDGE)})\s+$", re.I)
_AFTER_WORDS = re.compile(r"[\s-]*(?:of\s+)?([\w’'%²-]+(?:\s+[\w’'²-]+)?)")
_PHRASE_TOKEN = re.compile(r"[^\s,;:.!?()\[\]“”\"]+")
_NUMBERED_BEFORE = re.compile(r"([A-Za-z]+)\.?\s*(?:\d+(?:\s*,\s*|\s+(?:and|or|&)\s+|,\s*(?:and|or)\s+))*$")
_PHONE = re.compile(r"(?:\+\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)[\s.-]?)?\d{2,4}(?:[\s.-]\d{2,4}){1,3}")
_NUMBERING = frozenset(NUMBERING_WORDS) | {"resolution", "resolutions", "sections", "articles", "paragraphs",
                                           "clause", "clauses", "amendment", "law", "act", "bill", "no"}


def analyse_claims(doc: Document, ctx: Context) -> dict[str, list[dict]]:
    """The analyser: one claim per check-worthy figure in `doc.text`."""
    return {"claims": find_claims(doc.text, doc.layer("mentions"), doc.layer("dates"))}


def find_claims(text: str, mentions: list[dict] = (), dates: list[dict] = ()) -> list[dict]:
    """Claims with figures, in text order; `mentions` give subjects, `dates` rule figures out."""
    blocked = sorted((d["start"], d["end"]) for d in dates)
    sentences: list = []
    claims = []
    last_end = 0
    for start in _candidate_starts(text):
        if start < last_end:
            continue
        match = _FIGURE.match(text, start)
        if not match or not (match.group("num") or match.group("vague") or match.group("word")):
            continue
        last_end = match.end()
        hedge = _HEDGE_BEFORE.search(text, max(0, match.start() - 16), match.start())
        figure = _read_figure(text, match, hedge, mentions)
        if figure is None or _overlaps(blocked, match.start(), match.end()) or _in_phone(text, match):
            continue
        sentences = sentences or sentence_spans(text)
        claims.append(_claim(text, match, hedge, figure, sentences, mentions))
    return claims


def _candidate_starts(text: str) -> list[int]:
    starts = [m.start() for m in _DIGIT_ANCHOR.finditer(text)]
    for m in _WORD_ANCHOR.finditer(text.lower()):
        before = _WORD_BEFORE_SCALE.search(text, max(0, m.start() - 24), m.start())
        starts.append(before.start() if before else m.start())
    return sorted(set(starts))


def _read_figure(text: str, m: re.Match, hedge_match, mentions) -> dict | None:
    """The figure's value, unit and hedge, or None when the number is not a claim."""
    if m.group("num") and _is_label(text, m):
        return None
    value, vague = _value(m)
    noun, noun_start = _noun_after(text, m.end())
    unit, group = _unit(m, noun, noun_start, mentions)
    word_number = bool(m.group("word") or m.group("vague"))
    if m.group("num") and not (m.group("cur") or m.group("pct") or m.group("scale")):
        digits = m.group("num").replace(",", "")
        if re.fullmatch(r"1\d{3}|20\d{2}", digits) and unit is None:
            return None  # a year the date tagger did not claim
        if unit is None and value < 100:
            return None  # a bare small number with nothing counted is not check-worthy
    if noun.lower().startswith(UI_COUNT_NOUNS) or noun.lower().startswith(TIME_SUFFIXES):
        return None
    if word_number and unit is None and not m.group("scale") and not m.group("vague"):
        return None
    hedge = _HEDGE[hedge_match.group(1).lower()] if hedge_match else None
    return {"value": value, "text": text[m.start():m.end()].strip(), "unit": unit or "count",
            "hedge": hedge, "approx": bool(hedge) or vague, "_group": group}


def _is_label(text: str, m: re.Match) -> bool:
    """A number that names or locates: ordinal, numbered item, time, part of a word or code."""
    after = text[m.end("num"):m.end("num") + 3]
    if re.match(r"(?:st|nd|rd|th)\b|:\d|[-–/]\d|-[A-Za-z]|[A-Za-z]", after, re.I):
        return True
    before = text[max(0, m.start("num") - 40):m.start("num")]
    if re.search(r"[-–/:]$", before) and not before.endswith(" -"):
        return True
    word = _NUMBERED_BEFORE.search(before)
    return bool(word and word.group(1).lower() in _NUMBERING)


def _value(m: re.Match) -> tuple[float, bool]:
    if m.group("vague"):
        base, vague = _VAGUE[m.group("vague").lower()], True
    elif m.group("word"):
        base, vague = _SMALL[m.group("word").lower()], False
    else:
        base, vague = float(m.group("num").replace(",", "")), False
    scale = _SCALE.get((m.group("scale") or "").lower(), 1)
    return float(base * scale), vague


def _noun_after(text: str, pos: int) -> tuple[str, int]:
    """The one or two words after the figure, past an 'of' ("thousands of refugees")."""
    m = _AFTER_WORDS.match(text, pos)
    return (m.group(1), m.start(1)) if m else ("", pos)


def _unit(m: re.Match, noun: str, noun_start: int, mentions) -> tuple[str | None, dict | None]:
    if m.group("pct"):
        return "percent", None
    if m.group("cur"):
        return _CURRENCY[m.group("cur")], None
    group = next((x for x in mentions if x.get("kind") == "group" and x["start"] == noun_start), None)
    if group:
        return "people", group
    low = noun.lower()
    for candidate in (low, low.split(" ")[0]):
        if candidate in _UNIT_OF:
            return _UNIT_OF[candidate], None
    first = noun.split(" ")[0]
    if first[:1].isupper() and first.endswith(DEMONYM_SUFFIXES):
        return "people", None
    if re.fullmatch(r"[a-z]+s", first) and len(first) > 3 and not first.endswith("ss"):
        return first, None  # a counted plural the vocabulary does not name: keep the noun
    return None, None


def _claim(text, m, hedge, figure, sentences, mentions) -> dict:
    start = hedge.start() if hedge else m.start()
    end = _phrase_end(text, m.end())
    group = figure.pop("_group")
    i = bisect.bisect_right([s for s, _ in sentences], start) - 1
    sentence = list(sentences[i]) if i >= 0 and sentences[i][1] >= start else [start, end]
    end = min(end, sentence[1]) if sentence[1] > start else end
    return {"start": start, "end": end, "text": text[start:end], "sentence": sentence,
            "figure": figure, "subject": _subject(group, mentions, m.end(), end, sentence)}


def _phrase_end(text: str, pos: int) -> int:
    """Extend the phrase word by word until punctuation, a stop word or the word limit."""
    end, words = pos, 0
    for token in _PHRASE_TOKEN.finditer(text, pos):
        gap = text[end:token.start()]
        if gap.strip() or "\n" in gap or token.group().lower() in PHRASE_STOP_WORDS:
            break
        words += 1
        if words > PHRASE_MAX_WORDS:
            break
        end = token.end()
    return end


def _subject(group, mentions, after: int, end: int, sentence) -> dict | None:
    """The group counted, else the first entity named in the phrase, else the last before it."""
    if group:
        return {"text": group["text"], "entity": group["entity"]}
    inside = [x for x in mentions if after <= x["start"] and x["end"] <= end]
    before = [x for x in mentions if sentence[0] <= x["start"] and x["end"] <= after]
    chosen = inside[0] if inside else (before[-1] if before else None)
    return {"text": chosen["text"], "entity": chosen["entity"]} if chosen else None


def _overlaps(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    i = bisect.bisect_left(spans, (end, end))
    return any(s < end and start < e for s, e in spans[max(0, i - 3):i])


def _in_phone(text: str, m: re.Match) -> bool:
    """Whether the figure is one group of a phone number (seven digits or more, separated)."""
    lo = max(0, m.start() - 20)
    for phone in _PHONE.finditer(text, lo, m.end() + 20):
        digits = sum(c.isdigit() for c in phone.group())
        if phone.start() <= m.start() < phone.end() and digits >= 7:
            return True
    return False
