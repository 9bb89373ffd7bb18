"""The `parallax` command line: each command turns its options into one library call."""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

import click

from . import __version__
from .api import PipelineConfig, analyze, default_workers, ingest
from .errors import ParallaxError
from .ingest import IngestError

_PIPELINE_OPTIONS = [
    click.option("--pack", default=None, help="Bundled pack name or path to a pack YAML (default: south-caucasus)."),
    click.option("--disable", multiple=True, help="Skip this analyser (repeatable). See 'parallax analysers'."),
    click.option("--only", multiple=True, help="Run only these analysers (repeatable)."),
    click.option("--add", "add", multiple=True, help="Add a user analyser 'package.module:attribute' (repeatable)."),
    click.option("--config", "config_file", type=click.Path(dir_okay=False), default=None,
                 help="TOML file with a [pipeline] table: pack, disable, only, add."),
    click.option("--max-bytes", default=50_000_000, show_default=True, help="Refuse input files larger than this."),
]


def pipeline_options(fn):
    for option in reversed(_PIPELINE_OPTIONS):
        fn = option(fn)
    return fn


def _config(pack, disable, only, add, config_file) -> PipelineConfig:
    table: dict = {}
    if config_file:
        try:
            table = tomllib.loads(Path(config_file).read_text("utf-8")).get("pipeline", {})
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise click.ClickException(f"cannot read config {config_file}: {exc}")
    only = tuple(only) or tuple(table.get("only", ())) or None
    return PipelineConfig(pack=pack or table.get("pack", "south-caucasus"), only=only,
                          disable=tuple(disable) or tuple(table.get("disable", ())),
                          add=tuple(add) or tuple(table.get("add", ())))


class _Errors(click.Group):
    """Turn parallax's named errors into clean messages instead of tracebacks."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except ParallaxError as exc:
            raise click.ClickException(str(exc)) from exc


@click.group(cls=_Errors)
@click.version_option(__version__, prog_name="parallax")
def main():
    """parallax: see one conflict from every side.

    Ingest partisan documents (text, HTML, JSON Lines, WARC, URLs), clean them, and find which
    entities and dates they mention under whichever side's name, with evidence offsets.
    """


@main.command("analyze")
@click.argument("paths", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per document, one per line.")
@click.option("--workers", default=1, show_default=True, help="Processes to analyse with.")
@pipeline_options
def analyze_cmd(paths, as_json, workers, pack, disable, only, add, config_file, max_bytes):
    """Analyse files, folders or URLs and print what each document says.

    Exit status 1 when any input could not be read (each gets its own error line).
    """
    config = _config(pack, disable, only, add, config_file)
    failed = 0
    for outcome in analyze(paths, config, workers=workers, max_bytes=max_bytes):
        if isinstance(outcome, IngestError):
            failed += 1
            if as_json:
                click.echo(json.dumps({"source": outcome.source, "errors": [outcome.reason]}, ensure_ascii=False))
            click.echo(f"error: {outcome.source}: {outcome.reason}", err=True)
        elif as_json:
            click.echo(json.dumps(outcome.to_json(), ensure_ascii=False))
        else:
            from .render import document_summary
            click.echo(document_summary(outcome) + "\n")
    sys.exit(1 if failed else 0)


@main.command("ingest")
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", default="parallax.db", show_default=True, help="SQLite database file to write.")
@click.option("--workers", default=None, type=int, help="Processes to analyse with (default: up to 4 cores).")
@click.option("--chunk", default=100, show_default=True, help="Documents per committed transaction.")
@click.option("--progress/--no-progress", default=True, help="Show a progress bar on a terminal.")
@pipeline_options
def ingest_cmd(paths, db, workers, chunk, progress, pack, disable, only, add, config_file, max_bytes):
    """Analyse inputs and store them in a corpus database (idempotent: re-ingest updates)."""
    from tqdm import tqdm

    config = _config(pack, disable, only, add, config_file)
    bar = tqdm(unit=" docs", disable=None if progress else True, file=sys.stderr)

    def tick(outcome):
        bar.update(1)
        if isinstance(outcome, IngestError):
            bar.write(f"error: {outcome.source}: {outcome.reason}", file=sys.stderr)

    report = ingest(paths, db, config, workers=workers or default_workers(), chunk=chunk,
                    max_bytes=max_bytes, on_outcome=tick)
    bar.close()
    click.echo(f"stored {report.stored} document(s) in {db}; {len(report.errors)} input(s) failed"
               + (f"; {report.analyser_errors} document(s) with analyser errors" if report.analyser_errors else ""))
    sys.exit(1 if report.errors else 0)


@main.command("search")
@click.argument("query")
@click.option("--db", default="parallax.db", show_default=True)
@click.option("--limit", default=10, show_default=True)
@click.option("--side", default=None, help="Only documents aligned with this side.")
@click.option("--outlet", default=None, help="Only documents from this outlet.")
@click.option("--genre", default=None, help="Only documents of this genre.")
@click.option("--from", "date_from", default=None, help="Published on or after (2020, 2020-11, 2020-11-09).")
@click.option("--to", "date_to", default=None, help="Published on or before (2020, 2020-11, 2020-11-09).")
@click.option("--json", "as_json", is_flag=True, help="Results as a JSON array.")
def search_cmd(query, db, limit, side, outlet, genre, date_from, date_to, as_json):
    """Full-text search (SQLite FTS5, bm25 ranking) with snippets; filters by side, outlet, genre, date."""
    from .store import Store

    with Store(db, readonly=True) as store:
        results = store.search(query, limit=limit, side=side, outlet=outlet, genre=genre,
                               date_from=date_from, date_to=date_to)
    if as_json:
        click.echo(json.dumps(results, ensure_ascii=False, indent=1))
        return
    for rank, r in enumerate(results, 1):
        where = ", ".join(x for x in (r["side"], r["outlet"], r["published"]) if x)
        click.echo(f"{rank:>3}. {r['title'] or '(untitled)'}  ({where})  [{r['source']}]")
        click.echo(f"     {' '.join(r['snippet'].split())}")
    if not results:
        click.echo("no matches")


@main.command("export")
@click.option("--db", default="parallax.db", show_default=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv", "parquet"]), required=True)
@click.option("-o", "--output", required=True, type=click.Path(), help="File to write.")
def export_cmd(db, fmt, output):
    """Export every stored document as JSON Lines, CSV (one row each) or Parquet."""
    from .export import export
    from .store import Store

    with Store(db, readonly=True) as store:
        n = export(store, fmt, output)
    click.echo(f"wrote {n} document(s) to {output}")


@main.command("stats")
@click.option("--db", default="parallax.db", show_default=True)
def stats_cmd(db):
    """Summarise a corpus database: documents by genre and outlet, mentions, errors."""
    from .render import corpus_summary
    from .store import Store

    with Store(db, readonly=True) as store:
        click.echo(corpus_summary(store.stats()))


@main.command("timeline")
@click.option("--db", default="parallax.db", show_default=True)
@click.option("--topic", default=None, help="An entity or event id, a name, or words to search for.")
@click.option("--from", "date_from", default=None, help="Keep events overlapping from this date (2020, 2020-11…).")
@click.option("--to", "date_to", default=None, help="Keep events overlapping up to this date.")
@click.option("--json", "as_json", is_flag=True, help="The timeline as JSON.")
def timeline_cmd(db, topic, date_from, date_to, as_json):
    """One timeline merged across documents, each side's date and wording shown where they differ."""
    from .store import Store
    from .views.timeline import build_timeline, render_timeline

    with Store(db, readonly=True) as store:
        result = build_timeline(store, topic=topic, date_from=date_from, date_to=date_to)
    click.echo(json.dumps(result, ensure_ascii=False, indent=1) if as_json else render_timeline(result))


@main.command("compare")
@click.argument("topic")
@click.option("--db", default="parallax.db", show_default=True)
@click.option("--pack", default="south-caucasus", show_default=True, help="Pack the corpus was analysed with.")
@click.option("--json", "as_json", is_flag=True, help="The dossier as JSON.")
def compare_cmd(topic, db, pack, as_json):
    """A dossier on a topic: what each side says, shared ground, contested points, blind spots."""
    from .pack import load_pack
    from .store import Store
    from .views.compare import build_dossier, render_dossier

    with Store(db, readonly=True) as store:
        result = build_dossier(store, topic, load_pack(pack))
    click.echo(json.dumps(result, ensure_ascii=False, indent=1) if as_json else render_dossier(result))


@main.command("entities")
@click.option("--db", default="parallax.db", show_default=True)
@click.option("--limit", default=40, show_default=True, help="Rows to print (the JSON has all).")
@click.option("--json", "as_json", is_flag=True, help="The table as JSON.")
def entities_cmd(db, limit, as_json):
    """Entities × side × naming variant: who calls what by which name."""
    from .store import Store
    from .views.entities import entity_table, render_entities

    with Store(db, readonly=True) as store:
        result = entity_table(store)
    click.echo(json.dumps(result, ensure_ascii=False, indent=1) if as_json else render_entities(result, limit=limit))


@main.command("report")
@click.option("--db", default="parallax.db", show_default=True)
@click.option("-o", "--output", default="report.html", show_default=True, type=click.Path(dir_okay=False))
@click.option("--pack", default="south-caucasus", show_default=True, help="Pack the corpus was analysed with.")
def report_cmd(db, output, pack):
    """One self-contained HTML report of the corpus, for any browser, offline."""
    from .report import write_report

    path = write_report(db, output, pack)
    click.echo(f"wrote {path} ({path.stat().st_size:,} bytes)")


@main.command("serve")
@click.option("--db", default="parallax.db", show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to bind; the default serves only this machine.")
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--pack", default="south-caucasus", show_default=True, help="Pack the corpus was analysed with.")
@click.option("--allow-upload", is_flag=True, help="Let visitors add documents at /upload (opens the database for writing).")
@click.option("--max-upload-bytes", default=5_000_000, show_default=True, type=int)
def serve_cmd(db, host, port, pack, allow_upload, max_upload_bytes):
    """The local web UI: search, documents with their layers, timeline, dossiers, entities; JSON under /api/."""
    from .web.app import serve

    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"warning: serving on {host}: anyone who can reach this address can read the corpus", err=True)
    click.echo(f"parallax: http://{host}:{port}/  (Ctrl-C to stop)", err=True)
    serve(db, host=host, port=port, pack=pack, allow_upload=allow_upload, max_upload_bytes=max_upload_bytes)


@main.command("analysers")
def analysers_cmd():
    """List the built-in analysers in pipeline order, with what each reads and writes."""
    from .analysers import BUILTIN_ANALYSERS

    for a in BUILTIN_ANALYSERS:
        click.echo(f"{a.name:<10} v{a.version}  reads {','.join(a.reads):<22} writes {','.join(a.writes):<10} {a.doc}")


@main.group("pack")
def pack_group():
    """Conflict packs: list the bundled ones, validate a pack file."""


@pack_group.command("check")
@click.argument("path")
def pack_check(path):
    """Validate a pack (by path or bundled name) and print its contents' counts."""
    from .pack import load_pack

    pack = load_pack(path)
    counts = ", ".join(f"{v} {k}" for k, v in pack.summary().items())
    click.echo(f"ok: pack {pack.id!r} from {pack.source}: {counts}")


@pack_group.command("learn")
@click.argument("corpus", nargs=-1, required=True)
@click.option("--labels", required=True, type=click.Path(dir_okay=False),
              help="CSV with header 'source,side': a file name, path, 'path#N' or record id, and its side.")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False), help="Draft pack YAML to write.")
@click.option("--top", default=40, show_default=True, help="Terms to keep per side.")
@click.option("--min-z", default=1.96, show_default=True, help="Keep terms whose z-score is at least this.")
@click.option("--pack-id", default="draft", show_default=True)
def pack_learn(corpus, labels, output, top, min_z, pack_id):
    """Learn each side's distinctive terms from a labelled corpus into a draft pack to review.

    Weighted log-odds with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008,
    "Fightin' Words"); each term carries its z-score and counts in a note.
    """
    from .learn import learn_from_paths, write_draft

    draft, warnings = learn_from_paths(labels, list(corpus), top=top, min_z=min_z, pack_id=pack_id)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    write_draft(draft, output)
    by_side: dict[str, int] = {}
    for term in draft["terms"]:
        by_side[term["side"]] = by_side.get(term["side"], 0) + 1
    click.echo(f"wrote {output}: " + ", ".join(f"{n} {side} terms" for side, n in by_side.items()))


@pack_group.command("list")
def pack_list():
    """List the bundled packs."""
    from .pack import bundled_packs

    for name, path in sorted(bundled_packs().items()):
        click.echo(f"{name}\t{path}")


if __name__ == "__main__":
    main()
