"""The local web UI (`parallax serve`): thin routes over the store and the views, HTML and JSON.

Each route turns query parameters into one library call and renders the result. Errors take one
shape everywhere — `{"error": {"status", "message"}}` under /api/, error.html elsewhere — made
in `error_response` alone. The store is opened read-only per request: SQLite read connections
are cheap, and the compare view writes TEMP tables that must not be shared between requests.
"""

from __future__ import annotations

import json
import logging
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, File, HTTPException, Query, Request, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..api import PipelineConfig, analyze_record, layer_owners
from ..document import Document
from ..errors import ParallaxError, QueryError, StoreError
from ..ingest import IngestError, iter_records
from ..pack import Pack, load_pack
from ..store import Store
from ..views.compare import build_dossier
from ..views.entities import entity_table
from ..views.overview import alignment_distribution, naming_profile, top_topics
from ..views.timeline import build_timeline
from .highlight import LAYERS, segments, snippet_parts, span_layers
from .present import css_token, readable_date
from .templating import environment

log = logging.getLogger("parallax.web")

SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; "
                               "form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
PAGE_SIZE = 20
TIMELINE_PAGE = 100      # events per timeline page
TIMELINE_SOURCES = 8     # sources listed per event on the page (the count says how many in all)
SENTENCE_LAYERS = ("stances", "demands", "quotes", "claims")   # drawn as a margin rule, not a fill
LAYERS_SHOWN = ("mentions", "dates", "terms", "stances")        # highlighted when a document opens
MULTIPART_OVERHEAD = 64_000   # room for the multipart framing around an upload of the maximum size


@dataclass
class Site:
    """What every request needs: where the corpus is, its pack, and whether uploads are allowed."""

    db_path: str
    pack: Pack
    allow_upload: bool
    max_upload_bytes: int
    upload_lock: threading.Lock = field(default_factory=threading.Lock)

    def side_class(self, side: str | None) -> str:
        """CSS classes of a side: its own name, and a palette slot so any pack's sides get colours."""
        if not side or side in ("neutral", "unknown", "(unknown)"):
            return "side-neutral"
        slot = self.pack.side_ids.index(side) if side in self.pack.side_ids else "x"
        return f"side-{css_token(side)} slot-{slot}"


def create_app(db_path: str, *, pack: str | Pack = "south-caucasus", allow_upload: bool = False,
               max_upload_bytes: int = 5_000_000) -> FastAPI:
    """The web app over the corpus at `db_path` (read-only unless `allow_upload`)."""
    pack = pack if isinstance(pack, Pack) else load_pack(pack)
    if allow_upload:
        Store(db_path).close()   # create and migrate it now, so uploads have a corpus to go into
    app = FastAPI(title="parallax", docs_url=None, redoc_url=None, openapi_url=None)
    app.state.site = Site(str(db_path), pack, allow_upload, max_upload_bytes)
    app.mount("/static", StaticFiles(directory=Path(__file__).parent / "static"), name="static")
    _install_error_handling(app)
    _add_api_routes(app)
    _add_page_routes(app)
    _add_upload_routes(app)
    return app


def serve(db_path: str, *, host: str = "127.0.0.1", port: int = 8000, pack="south-caucasus",
          allow_upload: bool = False, max_upload_bytes: int = 5_000_000) -> None:
    """Run the web UI with uvicorn until interrupted; a missing or foreign database fails at once."""
    import uvicorn

    if not allow_upload:
        Store(db_path, readonly=True).close()
    app = create_app(db_path, pack=pack, allow_upload=allow_upload, max_upload_bytes=max_upload_bytes)
    uvicorn.run(app, host=host, port=port, log_level="info")


# -- plumbing: store per request, rendering, the one error shape -----------------------------------

def site_of(request: Request) -> Site:
    return request.app.state.site


def open_store(request: Request) -> Iterator[Store]:
    with Store(site_of(request).db_path, readonly=True) as store:
        yield store


StoreDep = Annotated[Store, Depends(open_store)]


def render(request: Request, template: str, status: int = 200, **context) -> HTMLResponse:
    site = site_of(request)
    page = environment().get_template(template).render(
        path=request.url.path, side_class=site.side_class, pack_name=site.pack.data.get("name", site.pack.id),
        allow_upload=site.allow_upload, **context)
    return HTMLResponse(page, status_code=status)


def error_response(request: Request, status: int, message: str) -> Response:
    """The one error shape: JSON under /api/, the error page elsewhere, with the same status."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": {"status": status, "message": message}}, status_code=status)
    return render(request, "error.html", status=status, status_code=status, message=message)


def _install_error_handling(app: FastAPI) -> None:
    async def parallax_error(request: Request, exc: ParallaxError) -> Response:
        status = 503 if isinstance(exc, StoreError) else 400
        return error_response(request, status, str(exc))

    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return error_response(request, exc.status_code, str(exc.detail))

    async def invalid_request(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e.get('loc', ()))}: {e.get('msg')}" for e in exc.errors())
        return error_response(request, 422, f"invalid request: {problems}")

    @app.middleware("http")
    async def guard(request: Request, call_next) -> Response:
        try:
            response = await call_next(request)
        except Exception:  # noqa: BLE001 - the one place an unexpected failure becomes a 500 page
            log.exception("unexpected error on %s %s", request.method, request.url.path)
            response = error_response(request, 500, "internal error: the server log has the details")
        response.headers.update(SECURITY_HEADERS)
        return response

    app.add_exception_handler(ParallaxError, parallax_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid_request)


def _document_or_404(store: Store, doc_id: str) -> Document:
    doc = store.get(doc_id)
    if doc is None:
        raise HTTPException(404, f"no document with id {doc_id!r} in this corpus")
    return doc


# -- JSON API: the same JSON as the CLI's --json ----------------------------------------------------

def _add_api_routes(app: FastAPI) -> None:
    @app.get("/api/stats")
    def api_stats(store: StoreDep) -> dict:
        return store.stats()

    @app.get("/api/search")
    def api_search(store: StoreDep, q: str = "", side: str = "", outlet: str = "", genre: str = "",
                   date_from: Annotated[str, Query(alias="from")] = "", date_to: Annotated[str, Query(alias="to")] = "",
                   limit: Annotated[int, Query(ge=1, le=500)] = 10, offset: Annotated[int, Query(ge=0)] = 0) -> list:
        return store.search(q, limit=limit, offset=offset, side=side or None, outlet=outlet or None,
                            genre=genre or None, date_from=date_from or None, date_to=date_to or None)

    @app.get("/api/documents/{doc_id}")
    def api_document(store: StoreDep, doc_id: str) -> dict:
        return _document_or_404(store, doc_id).to_json()

    @app.get("/api/timeline")
    def api_timeline(store: StoreDep, topic: str = "", date_from: Annotated[str, Query(alias="from")] = "",
                     date_to: Annotated[str, Query(alias="to")] = "") -> dict:
        return build_timeline(store, topic=topic or None, date_from=date_from or None, date_to=date_to or None)

    @app.get("/api/compare")
    def api_compare(request: Request, store: StoreDep, topic: str = "") -> dict:
        return build_dossier(store, topic, site_of(request).pack)

    @app.get("/api/entities")
    def api_entities(store: StoreDep) -> dict:
        return entity_table(store)


# -- HTML pages ---------------------------------------------------------------------------------------

def _add_page_routes(app: FastAPI) -> None:
    @app.get("/", response_class=HTMLResponse)
    def overview(request: Request, store: StoreDep):
        return render(request, "overview.html", stats=store.stats(), **_overview_extras(store, site_of(request).pack))

    @app.get("/search", response_class=HTMLResponse)
    def search(request: Request, store: StoreDep, q: str = "", side: str = "", outlet: str = "", genre: str = "",
               date_from: Annotated[str, Query(alias="from")] = "", date_to: Annotated[str, Query(alias="to")] = "",
               page: Annotated[int, Query(ge=1, le=10_000)] = 1):
        form = {"q": q, "side": side, "outlet": outlet, "genre": genre, "from": date_from, "to": date_to}
        stats = store.stats()
        page_of = dict(form=form, page=page, page_size=PAGE_SIZE, results=None, more=False, error=None,
                       choices={"sides": _sides(site_of(request).pack, stats),
                                "genres": [g for g in stats["by_genre"] if g != "(unknown)"]})
        if not q.strip():
            return render(request, "search.html", **page_of)
        try:
            found = store.search(q, limit=PAGE_SIZE + 1, offset=(page - 1) * PAGE_SIZE, side=side or None,
                                 outlet=outlet or None, genre=genre or None, date_from=date_from or None,
                                 date_to=date_to or None)
        except QueryError as exc:   # the error shape, with the form kept so the query can be fixed
            return render(request, "search.html", status=400, **{**page_of, "error": str(exc)})
        results = [{**r, "parts": snippet_parts(r["snippet"]), "file": source_name(r["source"]),
                    "name": r["title"] or source_name(r["source"])} for r in found[:PAGE_SIZE]]
        return render(request, "search.html", **{**page_of, "results": results, "more": len(found) > PAGE_SIZE})

    @app.get("/documents/{doc_id}", response_class=HTMLResponse)
    def document(request: Request, store: StoreDep, doc_id: str):
        doc = _document_or_404(store, doc_id)
        # every known layer gets a toggle (pure CSS needs one rule per layer); extension layers highlight untoggled
        layers = [{"name": name, "count": len(doc.layer(name)), "on": name in LAYERS_SHOWN,
                   "sentence": name in SENTENCE_LAYERS} for name in LAYERS]
        return render(request, "document.html", doc=doc.to_json(), name=doc.meta("title") or source_name(doc.source),
                      segments=segments(doc.text, doc.layers, span_layers(doc.layers)),
                      layers=layers, entities=document_entities(doc))

    @app.get("/timeline", response_class=HTMLResponse)
    def timeline(request: Request, store: StoreDep, topic: str = "",
                 date_from: Annotated[str, Query(alias="from")] = "", date_to: Annotated[str, Query(alias="to")] = "",
                 page: Annotated[int, Query(ge=1)] = 1):
        result = build_timeline(store, topic=topic or None, date_from=date_from or None, date_to=date_to or None,
                                max_sources=TIMELINE_SOURCES)
        events = result["events"]
        shown = events[(page - 1) * TIMELINE_PAGE:page * TIMELINE_PAGE]
        return render(request, "timeline.html", form={"topic": topic, "from": date_from, "to": date_to},
                      events=shown, total=len(events), disputed=sum(1 for e in events if e["disagreements"]),
                      page=page, page_size=TIMELINE_PAGE, more=page * TIMELINE_PAGE < len(events),
                      documents=_document_names(store, shown), when=readable_date, file_name=source_name)

    @app.get("/compare", response_class=HTMLResponse)
    def compare(request: Request, store: StoreDep, topic: str = ""):
        pack = site_of(request).pack
        dossier = build_dossier(store, topic, pack) if topic.strip() else None
        return render(request, "compare.html", topic=topic, dossier=dossier, pack_sides=pack.side_ids,
                      suggestions=_topic_suggestions(store, pack), term_name=lambda t: pack.by_id.get(t, {}).get("name", t),
                      file_name=source_name)

    @app.get("/entities", response_class=HTMLResponse)
    def entities(request: Request, store: StoreDep):
        return render(request, "entities.html", entities=entity_table(store)["entities"])


def source_name(source: str | None) -> str:
    """The file name of a document's source path, to stand in for a missing title."""
    return (source or "").replace("\\", "/").rstrip("/").rsplit("/", 1)[-1] or source or "untitled"


def _document_names(store: Store, events: list[dict]) -> dict[str, str]:
    """Title (else source file name) of every document the timeline cites, in one query."""
    ids = sorted({doc for e in events for d in e["disagreements"] for r in d["readings"] for doc in r["sources"]}
                 | {s["document"] for e in events for s in e["sources"]})
    rows = store.conn.execute("SELECT id, title, source FROM documents WHERE id IN (SELECT value FROM json_each(?))",
                              (json.dumps(ids),))
    return {row["id"]: row["title"] or source_name(row["source"]) for row in rows}


def _sides(pack: Pack, stats: dict) -> list[str]:
    """The pack's sides, then any other side the corpus holds."""
    return pack.side_ids + [s for s in stats["by_side"] if s not in pack.side_ids and s != "(unknown)"]


def document_entities(doc: Document) -> list[dict]:
    """The entities a document mentions, most mentioned first, with the forms it uses."""
    found: dict[str, dict] = {}
    for span in doc.layer("mentions"):
        if not span.get("entity"):
            continue
        entry = found.setdefault(span["entity"], {"entity": span["entity"], "name": span.get("name") or span["entity"],
                                                  "kind": span.get("kind"), "count": 0, "forms": {}})
        entry["count"] += 1
        entry["forms"].setdefault(span.get("text") or "", {"side": span.get("side") or "neutral",
                                                           "start": max(span.get("start") or 0, 0)})
    return sorted(found.values(), key=lambda e: -e["count"])


def _overview_extras(store: Store, pack: Pack) -> dict:
    return {"profile": naming_profile(store, pack, limit=12), "alignment": alignment_distribution(store, bins=10),
            "topics": top_topics(store, pack, limit=5)}


def _topic_suggestions(store: Store, pack: Pack) -> list[dict]:
    """Topics worth comparing: the most discussed ones, else the pack's stance targets."""
    topics = top_topics(store, pack, limit=8)
    if topics:
        return [{"topic": t["topic"], "name": t["name"]} for t in topics]
    return [{"topic": t, "name": pack.by_id.get(t, {}).get("name", t)} for t in pack.stance_targets]


# -- upload: the same path as `parallax ingest` (iter_records → pipeline → put_documents) ----------

def _add_upload_routes(app: FastAPI) -> None:
    @app.get("/upload", response_class=HTMLResponse)
    def upload_form(request: Request):
        site = _upload_site(request)
        return render(request, "upload.html", max_bytes=site.max_upload_bytes, stored=[], rejected=[])

    @app.post("/upload", response_class=HTMLResponse)
    def upload(request: Request, file: Annotated[UploadFile, File()]):
        site = _upload_site(request)
        data = file.file.read(site.max_upload_bytes + 1)
        if len(data) > site.max_upload_bytes:
            raise HTTPException(413, f"the file is over the upload limit of {site.max_upload_bytes:,} bytes")
        stored, rejected = ingest_upload(site, file.filename or "upload.txt", data)
        if not stored:
            reasons = "; ".join(f"{e.source}: {e.reason}" for e in rejected) or "no document found in it"
            raise HTTPException(400, f"nothing was stored: {reasons}")
        return render(request, "upload.html", status=201, max_bytes=site.max_upload_bytes, stored=stored,
                      rejected=rejected)


def _upload_site(request: Request) -> Site:
    site = site_of(request)
    if not site.allow_upload:
        raise HTTPException(404, "uploads are disabled; start the server with uploads allowed to add documents")
    content_length = request.headers.get("content-length", "")
    if content_length.isdigit() and int(content_length) > site.max_upload_bytes + MULTIPART_OVERHEAD:
        raise HTTPException(413, f"the file is over the upload limit of {site.max_upload_bytes:,} bytes")
    return site


def ingest_upload(site: Site, filename: str, data: bytes) -> tuple[list[dict], list[IngestError]]:
    """Analyse one uploaded file and store its documents; return what was stored and what was rejected."""
    name = Path(filename.replace("\\", "/")).name or "upload.txt"
    source = f"upload/{name}"
    with site.upload_lock, tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        pipeline, ctx = PipelineConfig(pack=site.pack.source).build()
        docs, rejected = [], []
        for item in iter_records([str(path)], max_bytes=site.max_upload_bytes):
            if not isinstance(item, IngestError):
                item = analyze_record(replace(item, source=item.source.replace(str(path), source)), pipeline, ctx)
            if isinstance(item, IngestError):
                rejected.append(IngestError(item.source.replace(str(path), source), item.reason))
            else:
                docs.append(item)
        with Store(site.db_path) as store:
            store.put_documents(docs, layer_owners(pipeline))
            store.record_errors([(e.source, e.reason) for e in rejected])
    return [{"id": d.id, "title": d.meta("title") or d.source, "source": d.source} for d in docs], rejected
