"""Find the pack's framing terms, notice when a text keeps them at a distance, resolve referents.

One Aho-Corasick automaton over the folded term forms (`mentions.fold_text`, same length as the
text) scans the document once; matches count on word boundaries, longest first. Two refinements
make a term honest evidence of a side:

- **Distancing.** A term in short scare quotes ('continued "blockade"'), after "so-called" or
  "alleged", or attributed in reported speech ("what Baku calls a border checkpoint") is not the
  writer's own word. When it belongs to a side other than the document's dominant naming it gets
  `quoted: true` and a `distance` kind ("scare-quotes", "so-called", "attributed").
- **Referents.** A low-weight term without a pack `about` (occupation, liberation, aggressor…) says
  nothing until one knows whose land or people it is about. The side is read from the sentence:
  the owner of the object ("of Karabakh", "occupied Shushi") speaks; failing that, the accusation
  reading of an agent ("by Armenian forces") gives the other side. Ownership comes from the pack
  alone: a side-specific name, or a side label word in the entity's name or aliases, or `part_of`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import ahocorasick

from .document import Document
from .mentions import fold_text
from .pack import Pack, fold_form
from .pipeline import Context
from .sentences import sentence_spans

# Below this weight, a term without `about` is read as referent-dependent (the pack's convention).
REFERENT_WEIGHT = 1.0
# Scare quotes: a quoted segment this short is a writer's distancing, a longer one a real quotation.
SCARE_QUOTE_MAX_WORDS = 5
_OPEN_QUOTES = "\"“«„'‘"
_CLOSE_QUOTES = "\"”»'’"
# English cue words (language machinery, not conflict knowledge), matched on folded text.
_SO_CALLED = re.compile(r"\b(?:so called|alleged|allegedly|supposed|self proclaimed|self styled|pseudo)"
                        r"\s*[\"“«']?\s*$")
_ATTRIBUTED = re.compile(
    r"\b(?:calls?|called|calling|terms|termed|dubs?|dubbed|describes?|described|refers? to|referred to"
    r"|brands?|branded|labels?|labell?ed|known)"
    r"(?:\s+(?:it|them|this|that|these|those|in|by|to|its|their|[A-Z][\w'’.-]*)){0,3}"
    r"(?:\s+as(?:\s+the)?)?(?:\s+an?)?\s*[\"“«']?\s*$")
_OBJECT_LINK = re.compile(r"^\s*(?:of|over|against|on|to|into)\s+(?:the\s+|its\s+|their\s+)?")
_AGENT_LINK = re.compile(r"^\s*by\s+(?:the\s+)?")
_WINDOW = 48
_CUE_TRIM = ' "“«\''


@dataclass(frozen=True)
class _Term:
    id: str
    side: str
    weight: float
    neutral: str
    needs_capital: bool
    referent_dependent: bool


class TermMatcher:
    """Whole-word, longest-match search for every term form of a pack."""

    def __init__(self, pack: Pack):
        self.automaton = ahocorasick.Automaton()
        forms: dict[str, list[tuple[str, dict]]] = {}
        for term in pack.terms:
            for form in term["forms"]:
                key = fold_form(form)
                if key:
                    forms.setdefault(key, []).append((form, term))
        for key, entries in forms.items():
            term = entries[0][1]  # a form listed under two terms keeps the first (pack order)
            weight = float(term.get("weight", 1.0))
            self.automaton.add_word(key, (len(key), _Term(
                id=term["id"], side=term["side"], weight=weight, neutral=term.get("neutral", ""),
                needs_capital=all(any(ch.isupper() for ch in f) for f, _ in entries),
                referent_dependent=weight < REFERENT_WEIGHT and not term.get("about"))))
        if forms:
            self.automaton.make_automaton()
        self._empty = not forms

    def find(self, text: str, folded: str) -> list[tuple[int, int, _Term]]:
        """Raw matches (start, end, term), sorted and non-overlapping, longest first."""
        if self._empty or not text:
            return []
        candidates = []
        for end_index, (length, term) in self.automaton.iter(folded):
            start, end = end_index - length + 1, end_index + 1
            if (start > 0 and folded[start - 1].isalnum()) or (end < len(folded) and folded[end].isalnum()):
                continue
            if term.needs_capital and not any(ch.isupper() for ch in text[start:end]):
                continue
            candidates.append((start, -end, term))
        candidates.sort(key=lambda c: (c[0], c[1]))
        found, last_end = [], 0
        for start, neg_end, term in candidates:
            if start >= last_end:
                last_end = -neg_end
                found.append((start, last_end, term))
        return found


class SideLexicon:
    """Which side owns an entity, and which words are a side's label, read from the pack alone."""

    def __init__(self, pack: Pack):
        self.sides = list(pack.side_ids)
        self.stems = {s["id"]: fold_form(s.get("label") or s["id"]) for s in pack.data["sides"]}
        self.pack = pack
        self._owner: dict[str, str | None] = {}

    def side_of_word(self, word: str) -> str | None:
        """The side whose label the word shares a stem with ('Azerbaijani'→ Azerbaijan's side)."""
        word = fold_form(word).rstrip("'s").rstrip("'")
        for side, label in self.stems.items():
            if _same_stem(word, label):
                return side
        return None

    def side_of_name(self, name: str) -> str | None:
        """The first side label word in a name ('Karabakh Armenians' → the Armenian side)."""
        for word in re.findall(r"[\w']+", fold_form(name)):
            side = self.side_of_word(word)
            if side:
                return side
        return None

    def owner(self, entity_id: str) -> str | None:
        """An entity's side: its name, then its `part_of` chain, then its aliases."""
        if entity_id not in self._owner:
            self._owner[entity_id] = None  # guards part_of cycles
            self._owner[entity_id] = self._find_owner(entity_id)
        return self._owner[entity_id]

    def _find_owner(self, entity_id: str) -> str | None:
        item = self.pack.by_id.get(entity_id) or {}
        side = self.side_of_name(item.get("name", ""))
        if side is None and item.get("part_of"):
            side = self.owner(item["part_of"])
        for alias in item.get("aliases", []) if side is None else []:
            side = self.side_of_name(alias)
            if side:
                break
        return side

    def other(self, side: str) -> str | None:
        rest = [s for s in self.sides if s != side]
        return rest[0] if len(rest) == 1 else None


def _same_stem(word: str, label: str) -> bool:
    """'armenia'~'armenian', 'ukraine'~'ukrainian': a shared prefix of all but two letters."""
    shortest = min(len(word), len(label))
    if shortest < 4:
        return word == label
    common = 0
    for a, b in zip(word, label):
        if a != b:
            break
        common += 1
    return common >= max(5, shortest - 2)


def distancing(text: str, folded: str, start: int, end: int, sentence: tuple[int, int]) -> tuple[str, str] | None:
    """How the writer keeps the span at a distance, as (kind, why), or None."""
    left = text[max(sentence[0], start - _WINDOW):start]
    if _scare_quoted(text, start, end, sentence):
        return "scare-quotes", "in scare quotes"
    match = _SO_CALLED.search(folded[max(sentence[0], start - _WINDOW):start])
    if match:
        return "so-called", f"distanced by {match.group().strip(_CUE_TRIM)!r}"
    match = _ATTRIBUTED.search(left)
    if match:
        return "attributed", f"attributed in reported speech ({match.group().strip()!r})"
    return None


def _scare_quoted(text: str, start: int, end: int, sentence: tuple[int, int]) -> bool:
    lo, hi = sentence
    i = start - 1
    while i >= lo and start - i <= 40 and text[i] not in _OPEN_QUOTES + _CLOSE_QUOTES:
        i -= 1
    if i < lo or text[i] not in _OPEN_QUOTES or (i > lo and text[i - 1].isalnum()):
        return False
    j = end
    while j < hi and j - end <= 40 and text[j] not in _CLOSE_QUOTES:
        j += 1
    if j >= hi or text[j] not in _CLOSE_QUOTES or (j + 1 < len(text) and text[j + 1].isalnum()):
        return False
    return len(text[i + 1:j].split()) <= SCARE_QUOTE_MAX_WORDS


def resolve_referent(text: str, start: int, end: int, mentions: list[dict],
                     lexicon: SideLexicon) -> tuple[str, str] | None:
    """(side, why) for a referent-dependent term from its object or agent, or None."""
    after = text[end:end + _WINDOW]
    link = _OBJECT_LINK.match(after)
    direct = None if link else re.match(r"^ (?:the )?", after)  # "occupied Shushi"
    obj = _owner_at(text, end + (link or direct).end(), mentions, lexicon, gap_words=3 if link else 0) \
        if (link or direct) else None
    if obj:
        return obj[0], f"about {obj[1]!r} ({obj[0]}): the side whose {obj[2]} it concerns"
    agent = _agent(text, start, end, mentions, lexicon)
    if agent and lexicon.other(agent[0]):
        side = lexicon.other(agent[0])
        return side, f"agent {agent[1]!r} is {agent[0]}: read as {side} accusation"
    return None


def _agent(text: str, start: int, end: int, mentions: list[dict], lexicon: SideLexicon):
    rest = text[end:end + _WINDOW]
    of_phrase = _OBJECT_LINK.match(rest)
    if of_phrase:  # skip "of X" to find "by Y" after it
        skip = re.match(r"^[^,;.]*?(?=\s+by\s)", rest[of_phrase.end():])
        rest = rest[of_phrase.end() + (skip.end() if skip else 0):]
    by = _AGENT_LINK.match(rest)
    if by:
        return _owner_at(text, end + (len(text[end:end + _WINDOW]) - len(rest)) + by.end(), mentions, lexicon)
    before = re.search(r"([\w'’-]+)\s*$", text[max(0, start - 30):start])
    if before:
        side = lexicon.side_of_word(re.sub(r"['’]s$", "", before.group(1)))
        if side:
            return side, before.group(1), "agent"
    return None


def _owner_at(text: str, pos: int, mentions: list[dict], lexicon: SideLexicon, gap_words: int = 3):
    """The side owning the phrase that starts at pos: a mention there, or a side label word."""
    for m in mentions:
        if pos <= m["start"] < pos + 30 and len(text[pos:m["start"]].split()) <= gap_words:
            if m.get("side"):
                return m["side"], m["text"], f"naming ({m['side']} name)"
            owner = lexicon.owner(m["entity"])
            if owner:
                return owner, m["text"], "entity"
        if m["start"] >= pos + 30:
            break
    word = re.match(r"[\w'’-]+", text[pos:pos + 30])
    if word:
        side = lexicon.side_of_word(re.sub(r"['’]s$", "", word.group()))
        if side:
            return side, word.group(), "label"
    return None


def dominant_naming(mentions: list[dict], raw_terms: list[tuple[int, int, _Term]]) -> str | None:
    """The side whose names and terms the document uses most (None when none or tied)."""
    totals: dict[str, float] = {}
    for m in mentions:
        if m.get("side"):
            totals[m["side"]] = totals.get(m["side"], 0.0) + 0.5
    for _, _, term in raw_terms:
        if term.side != "neutral":
            totals[term.side] = totals.get(term.side, 0.0) + term.weight
    ranked = sorted(totals.items(), key=lambda kv: -kv[1])
    if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
        return None
    return ranked[0][0]


def find_terms(text: str, pack: Pack, mentions: list[dict], *, matcher: TermMatcher | None = None,
               lexicon: SideLexicon | None = None) -> list[dict]:
    """Framing-term spans {start, end, text, term, side, weight, neutral, quoted, why}, sorted."""
    matcher = matcher or TermMatcher(pack)
    lexicon = lexicon or SideLexicon(pack)
    folded = fold_text(text)
    raw = matcher.find(text, folded)
    if not raw:
        return []
    sentences = sentence_spans(text)
    contexts = [(s, e, t, sentence_of(sentences, s, len(text))) for s, e, t in raw]
    distances = [distancing(text, folded, s, e, sent) for s, e, _, sent in contexts]
    dominant = dominant_naming(mentions, [r for r, d in zip(raw, distances) if d is None])
    spans = []
    for (start, end, term, sent), distance in zip(contexts, distances):
        sent_mentions = [m for m in mentions if sent[0] <= m["start"] < sent[1]]
        spans.append(_term_span(text, start, end, term, distance, dominant, sent_mentions, lexicon))
    return spans


def sentence_of(sentences: list[tuple[int, int]], pos: int, length: int) -> tuple[int, int]:
    for lo, hi in sentences:
        if lo <= pos < hi:
            return lo, hi
    return 0, length


def _term_span(text, start, end, term: _Term, distance, dominant, mentions, lexicon) -> dict:
    side, weight, why = term.side, term.weight, f"{term.side} framing term (neutral: {term.neutral})"
    if term.referent_dependent:
        resolved = resolve_referent(text, start, end, mentions, lexicon)
        if resolved:
            side, why = resolved[0], f"referent-dependent term resolved to {resolved[0]}: {resolved[1]}"
        else:
            why = f"referent-dependent term, unresolved: pack default {term.side} at weight {term.weight}"
    quoted = bool(distance) and side != "neutral" and side != dominant
    span = {"start": start, "end": end, "text": text[start:end], "term": term.id, "side": side,
            "weight": weight, "neutral": term.neutral, "quoted": quoted, "why": why}
    if quoted:
        span["distance"] = distance[0]
        span["why"] = f"{distance[1]}: the writer distances the {side} term ({why})"
    return span


def analyse_terms(doc: Document, ctx: Context) -> dict[str, list[dict]]:
    """Analyser: reads text and mentions, writes `terms`."""
    matcher = ctx.memo("terms", lambda: TermMatcher(ctx.pack))
    lexicon = ctx.memo("side-lexicon", lambda: SideLexicon(ctx.pack))
    return {"terms": find_terms(doc.text, ctx.pack, doc.layer("mentions"), matcher=matcher, lexicon=lexicon)}
