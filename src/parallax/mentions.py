"""Find the pack's entities and events in text, under whichever side's name.

One Aho-Corasick automaton over case- and accent-folded surface forms scans the text once.
The folded text has exactly the length of the original, so match offsets are offsets into
`text`. A match counts only on word boundaries, and a form written with capitals in the pack
(a proper name) does not match an all-lower-case word ("turkey", "price").
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from .pack import Pack, fold_form

_DASHES_AND_SPACES = "-‐‑‒–—\n\t\r\u00a0"


def _fold_char(c: str) -> str:
    if c in _DASHES_AND_SPACES:
        return " "
    if c in "’‘`´":
        return "'"
    low = c.lower()[0]
    if low == "ə":
        return "e"
    if low == "ı":
        return "i"
    base = "".join(x for x in unicodedata.normalize("NFKD", low) if not unicodedata.combining(x))
    return base if len(base) == 1 else low


_FOLD_TABLE = {cp: _fold_char(chr(cp)) for cp in [*range(0x41, 0x5B), *range(0xC0, 0x250),
                                                   *map(ord, _DASHES_AND_SPACES + "’‘`´")]}


@lru_cache(maxsize=4)
def fold_text(text: str) -> str:
    """Fold case, accents, dashes and curly quotes one character for one, keeping offsets.

    Cached for the few most recent texts: mentions, terms, alignment and events fold the same document.
    """
    folded = text.translate(_FOLD_TABLE)
    lowered = folded.lower()
    return lowered if len(lowered) == len(folded) else folded


@dataclass(frozen=True)
class _Target:
    entity: str
    name: str
    kind: str
    side: str | None
    needs_capital: bool


class MentionMatcher:
    """Whole-word, longest-match search for every surface form in a pack."""

    def __init__(self, pack: Pack):
        grouped: dict[str, list] = {}
        for sf in pack.surface_forms:
            key = fold_form(sf.form)
            if key:
                grouped.setdefault(key, []).append(sf)
        self.automaton = ahocorasick.Automaton()
        for key, forms in grouped.items():
            target = forms[0].target
            sides = {sf.side for sf in forms}
            item = pack.by_id[target]
            self.automaton.add_word(key, (len(key), _Target(
                entity=target, name=item["name"], kind=pack.kind_of(target),
                side=sides.pop() if len(sides) == 1 else None,
                needs_capital=all(any(ch.isupper() for ch in sf.form) for sf in forms))))
        if grouped:
            self.automaton.make_automaton()
        self._empty = not grouped

    def find(self, text: str) -> list[dict]:
        """Mentions as spans {start, end, text, entity, name, kind, side}, sorted, non-overlapping."""
        if self._empty or not text:
            return []
        folded = fold_text(text)
        candidates = []
        for end_index, (length, target) in self.automaton.iter(folded):
            start, end = end_index - length + 1, end_index + 1
            if (start > 0 and folded[start - 1].isalnum()) or (end < len(folded) and folded[end].isalnum()):
                continue
            surface = text[start:end]
            if target.needs_capital and not any(ch.isupper() for ch in surface):
                continue
            candidates.append((start, -end, target))
        candidates.sort(key=lambda c: (c[0], c[1]))
        mentions, last_end = [], 0
        for start, neg_end, t in candidates:
            if start < last_end:
                continue
            last_end = -neg_end
            mentions.append({"start": start, "end": last_end, "text": text[start:last_end],
                             "entity": t.entity, "name": t.name, "kind": t.kind, "side": t.side})
        return mentions
