"""The Python API: analyse inputs into Documents, one library call behind every face."""

from __future__ import annotations

import os
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from typing import Iterable, Iterator

from .analysers import default_registry
from .clean import clean_flat_text
from .document import Document, content_id
from .errors import HtmlError
from .html import extract_html
from .ingest import IngestError, Record, iter_records
from .pack import Pack, load_pack
from .pipeline import Context, Pipeline, build_pipeline

Outcome = Document | IngestError


@dataclass(frozen=True)
class PipelineConfig:
    """Everything needed to rebuild the same pipeline in another process."""

    pack: str = "south-caucasus"
    only: tuple[str, ...] | None = None
    disable: tuple[str, ...] = ()
    add: tuple[str, ...] = ()

    def build(self) -> tuple[Pipeline, Context]:
        pack = load_pack(self.pack)
        pipeline = build_pipeline(default_registry(), only=self.only, disable=self.disable, add=self.add)
        return pipeline, Context(pack=pack)


def prepare_document(record: Record, pack: Pack | None = None) -> Document:
    """Turn a record into a Document with its final, cleaned text (HTML via trafilatura)."""
    provenance = {"pack": pack.id, "pack_sha256": pack.sha256} if pack else {}
    if record.format == "html":
        extract = extract_html(record.content, url=record.fields.get("url"))
        return Document(id=content_id(record.content), source=record.source, text=extract.text,
                        raw="", fields={**extract.fields, **record.fields}, provenance=provenance)
    cleaned = clean_flat_text(record.content)
    return Document(id=content_id(record.content), source=record.source, text=cleaned.text,
                    raw=record.content, fields=dict(record.fields),
                    removed=tuple(asdict(r) for r in cleaned.removed), provenance=provenance)


def analyze_record(record: Record, pipeline: Pipeline, ctx: Context) -> Outcome:
    """One record through cleaning and every analyser; a record that cannot be read becomes an error."""
    try:
        doc = prepare_document(record, ctx.pack)
    except (HtmlError, ValueError) as exc:
        return IngestError(record.source, str(exc))
    if not doc.text.strip():
        return IngestError(record.source, "no text left after cleaning (the page held only boilerplate)")
    return pipeline.run(doc, ctx)


_WORKER: dict = {}


def _worker_init(config: PipelineConfig) -> None:
    _WORKER["pipeline"], _WORKER["ctx"] = config.build()


def _worker_run(record: Record) -> Outcome:
    return analyze_record(record, _WORKER["pipeline"], _WORKER["ctx"])


def analyze(inputs: Iterable[str], config: PipelineConfig = PipelineConfig(), *, workers: int = 1,
            max_bytes: int = 50_000_000) -> Iterator[Outcome]:
    """Analyse every document found in `inputs` (paths, folders, URLs), in input order.

    Yields a Document per readable document and an IngestError per input that could not be
    read; nothing one input does stops the others. With workers > 1 documents are analysed in
    a process pool with a bounded window, so memory stays flat on large folders.
    """
    records = iter_records(inputs, max_bytes=max_bytes)
    if workers <= 1:
        pipeline, ctx = config.build()
        for item in records:
            yield item if isinstance(item, IngestError) else analyze_record(item, pipeline, ctx)
        return
    yield from _analyze_parallel(records, config, workers)


def _analyze_parallel(records: Iterator, config: PipelineConfig, workers: int) -> Iterator[Outcome]:
    window: deque = deque()
    with ProcessPoolExecutor(max_workers=workers, initializer=_worker_init, initargs=(config,)) as pool:
        for item in records:
            window.append(item if isinstance(item, IngestError) else pool.submit(_worker_run, item))
            while len(window) >= workers * 8:
                yield _resolve(window.popleft())
        while window:
            yield _resolve(window.popleft())


def _resolve(entry) -> Outcome:
    return entry if isinstance(entry, IngestError) else entry.result()


def default_workers() -> int:
    return max(1, min(4, (os.cpu_count() or 1)))


@dataclass
class IngestReport:
    """What an ingest did: documents stored, and every input that could not be read, with why."""

    stored: int = 0
    errors: list[IngestError] = field(default_factory=list)
    analyser_errors: int = 0


def layer_owners(pipeline: Pipeline) -> dict[str, tuple[str, str]]:
    """Layer → (analyser name, version): the provenance stored with every span."""
    return {layer: (a.name, a.version) for a in pipeline.analysers for layer in a.writes}


def ingest(inputs: Iterable[str], db: str, config: PipelineConfig = PipelineConfig(), *, workers: int = 1,
           chunk: int = 100, max_bytes: int = 50_000_000, on_outcome=None) -> IngestReport:
    """Analyse inputs and store them in the SQLite file `db`, committing every `chunk` documents.

    An interrupted ingest keeps every chunk already committed; running it again updates the
    same rows (ids are content hashes) instead of adding duplicates.
    """
    from .store import Store

    pipeline, _ = config.build()
    owners = layer_owners(pipeline)
    report, pending = IngestReport(), []
    with Store(db) as store:
        for outcome in analyze(inputs, config, workers=workers, max_bytes=max_bytes):
            if on_outcome:
                on_outcome(outcome)
            if isinstance(outcome, IngestError):
                report.errors.append(outcome)
                store.record_errors([(outcome.source, outcome.reason)])
                continue
            report.analyser_errors += bool(outcome.errors)
            pending.append(outcome)
            if len(pending) >= chunk:
                report.stored += store.put_documents(pending, owners)
                pending = []
        report.stored += store.put_documents(pending, owners)
    return report
