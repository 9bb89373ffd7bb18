"""Write a stored corpus out as JSON Lines, CSV or Parquet."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from .errors import ExportError
from .store import Store

FORMATS = ("jsonl", "csv", "parquet")
CSV_COLUMNS = ("id", "source", "title", "outlet", "author", "published", "genre", "side", "chars",
               "mentions", "dates", "errors")
_SPAN_FIELDS = {"mentions": ("start", "end", "text", "entity", "name", "kind", "side"),
                "dates": ("start", "end", "text", "value")}


def export(store: Store, fmt: str, out: str | Path) -> int:
    """Write every document in `store` to `out` in `fmt`; return the number written."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}; choose from {list(FORMATS)}")
    out = Path(out)
    if out.is_dir():
        raise ExportError(f"{out} is a folder; give a file path to write")
    out.parent.mkdir(parents=True, exist_ok=True)
    return {"jsonl": _jsonl, "csv": _csv, "parquet": _parquet}[fmt](store, out)


def _jsonl(store: Store, out: Path) -> int:
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for doc in store.documents():
            fh.write(json.dumps(doc.to_json(), ensure_ascii=False) + "\n")
            n += 1
    return n


def _summary_row(data: dict) -> dict:
    return {**{k: data.get(k) for k in CSV_COLUMNS[:7]}, "side": (data.get("alignment") or {}).get("side"),
            "chars": len(data["text"]),
            "mentions": len(data.get("mentions", [])), "dates": len(data.get("dates", [])),
            "errors": "; ".join(data.get("errors", []))}


def _csv(store: Store, out: Path) -> int:
    n = 0
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for doc in store.documents():
            writer.writerow(_summary_row(doc.to_json()))
            n += 1
    return n


def _parquet(store: Store, out: Path) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    span_type = {layer: pa.list_(pa.struct([(f, pa.int64() if f in ("start", "end") else pa.string())
                                            for f in fields])) for layer, fields in _SPAN_FIELDS.items()}
    schema = pa.schema([*[(c, pa.string()) for c in CSV_COLUMNS[:7]], ("text", pa.string()),
                        *[(layer, t) for layer, t in span_type.items()], ("errors", pa.list_(pa.string())),
                        ("layers_json", pa.string())])
    writer, n, batch = pq.ParquetWriter(str(out), schema), 0, []
    try:
        for doc in store.documents():
            batch.append(_parquet_row(doc.to_json()))
            if len(batch) >= 500:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n, batch = n + len(batch), []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    finally:
        writer.close()
    return n


def _parquet_row(data: dict) -> dict:
    row = {c: data.get(c) for c in CSV_COLUMNS[:7]}
    row["text"] = data["text"]
    for layer, fields in _SPAN_FIELDS.items():
        row[layer] = [{f: s.get(f) for f in fields} for s in data.get(layer, [])]
    row["errors"] = list(data.get("errors", []))
    row["layers_json"] = json.dumps({k: v for k, v in data.items() if isinstance(v, list)
                                     and k not in ("mentions", "dates", "errors")}, ensure_ascii=False)
    return row
