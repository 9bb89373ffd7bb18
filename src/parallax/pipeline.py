"""An ordered list of small analysers, each declaring the layers it reads and writes.

The pipeline is checked when it is built (every read must be produced earlier) and held to
its declarations when it runs (a layer an analyser did not declare is refused). A failing
analyser records an error on that document and the batch goes on.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable

from .document import BASE_LAYERS, Document
from .errors import PipelineError, UndeclaredWrite, UnknownAnalyser, UnmetRead

AnalyserFn = Callable[[Document, "Context"], dict[str, list[dict]]]


@dataclass(frozen=True)
class Analyser:
    """A named, versioned step: `run(doc, ctx)` returns {layer: spans} for its `writes`."""

    name: str
    version: str
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    run: AnalyserFn
    doc: str = ""


@dataclass
class Context:
    """What analysers share across documents: the pack and its prepared matchers."""

    pack: Any
    cache: dict[str, Any] = field(default_factory=dict)

    def memo(self, key: str, build: Callable[[], Any]) -> Any:
        """Build an expensive helper (an automaton, a lookup table) once per pipeline."""
        if key not in self.cache:
            self.cache[key] = build()
        return self.cache[key]


class Pipeline:
    """Analysers in order, validated at construction."""

    def __init__(self, analysers: Iterable[Analyser]):
        self.analysers = list(analysers)
        check_order(self.analysers)

    @property
    def names(self) -> list[str]:
        return [a.name for a in self.analysers]

    def signature(self) -> dict[str, str]:
        """Analyser name → version, stored with every document as provenance."""
        return {a.name: a.version for a in self.analysers}

    def run(self, doc: Document, ctx: Context) -> Document:
        """Run every analyser on `doc`, adding their layers in place."""
        for analyser in self.analysers:
            try:
                produced = analyser.run(doc, ctx)
            except Exception as exc:  # one analyser failing must not lose the document
                doc.errors.append(f"analyser {analyser.name!r} failed: {type(exc).__name__}: {exc}")
                for layer in analyser.writes:
                    doc.layers.setdefault(layer, [])
                continue
            undeclared = sorted(set(produced) - set(analyser.writes))
            if undeclared:
                raise UndeclaredWrite(
                    f"analyser {analyser.name!r} wrote {undeclared} but declares writes={list(analyser.writes)}")
            doc.layers.update(produced)
        doc.provenance.update({f"analyser:{k}": v for k, v in self.signature().items()})
        return doc


def check_order(analysers: list[Analyser]) -> None:
    """Fail unless every analyser's reads are base layers or written by an earlier analyser."""
    available = set(BASE_LAYERS)
    seen: set[str] = set()
    for a in analysers:
        if a.name in seen:
            raise PipelineError(f"analyser {a.name!r} appears twice in the pipeline")
        seen.add(a.name)
        missing = [r for r in a.reads if r not in available]
        if missing:
            raise UnmetRead(
                f"analyser {a.name!r} reads {missing}, which no earlier analyser writes "
                f"(available here: {sorted(available)})")
        available.update(a.writes)


def load_analyser(spec: str) -> Analyser:
    """Import a user's analyser from 'package.module:attribute'."""
    module_name, _, attr = spec.partition(":")
    if not module_name or not attr:
        raise UnknownAnalyser(f"analyser spec {spec!r} must look like 'package.module:attribute'")
    try:
        obj = getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError) as exc:
        raise UnknownAnalyser(f"cannot import analyser {spec!r}: {exc}") from exc
    if not isinstance(obj, Analyser):
        raise UnknownAnalyser(f"{spec!r} is a {type(obj).__name__}, not a parallax.pipeline.Analyser")
    return obj


def build_pipeline(registry: dict[str, Analyser], *, only: Iterable[str] | None = None,
                   disable: Iterable[str] = (), add: Iterable[str] = ()) -> Pipeline:
    """The registry's analysers in order, minus `disable`, plus user analysers from `add` specs."""
    disable = list(disable)
    unknown = [n for n in [*disable, *(only or [])] if n not in registry]
    if unknown:
        raise UnknownAnalyser(f"unknown analyser(s) {unknown}; choose from {list(registry)}")
    chosen = [a for name, a in registry.items()
              if name not in disable and (only is None or name in set(only))]
    chosen.extend(load_analyser(spec) for spec in add)
    return Pipeline(chosen)
