"""Sentence spans for analysers that reason within a sentence (terms, stances, demands, quotes)."""

from __future__ import annotations

import re
from functools import lru_cache

# A sentence ends at . ! ? (optionally followed by closing quotes/brackets) before whitespace and an
# upper-case letter, digit or opening quote, or at a line break. Common abbreviations do not end one.
_END = re.compile(r"""[.!?]+["'”’)\]]*(?=\s+["'“‘(\[]?[A-Z0-9])|\n+""")
_ABBREVIATIONS = frozenset("""mr mrs ms dr prof gen col lt sgt capt st jr sr vs etc inc ltd co corp no
    jan feb mar apr jun jul aug sep sept oct nov dec u.s u.k u.n e.g i.e approx dept gov rep sen amb""".split())


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Half-open (start, end) spans of the sentences of `text`, whitespace trimmed, in order.

    Several analysers ask for the same document's sentences in turn; a document's text never
    changes, so the spans are computed once and cached for the few most recent texts.
    """
    return list(_sentence_spans(text))


@lru_cache(maxsize=4)
def _sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        if match.group().startswith(".") and _is_abbreviation(text, match.start()):
            continue
        end = match.end() if not match.group().startswith("\n") else match.start()
        _add(spans, text, start, end)
        start = match.end()
    _add(spans, text, start, len(text))
    return tuple(spans)


def _is_abbreviation(text: str, dot: int) -> bool:
    word = re.search(r"([\w.]+)$", text[max(0, dot - 12):dot])
    if not word:
        return False
    token = word.group(1).lower().rstrip(".")
    return token in _ABBREVIATIONS or len(token) == 1


def _add(spans: list, text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((start, end))
