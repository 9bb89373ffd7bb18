"""The web UI: every route's structure, the one error shape, escaping of hostile text, uploads, headers."""

from __future__ import annotations

import shutil

import pytest
from fastapi.testclient import TestClient
from lxml import html as lxml_html

from parallax.api import ingest
from parallax.pack import load_pack
from parallax.store import Store
from parallax.views.compare import build_dossier
from parallax.views.entities import entity_table
from parallax.views.timeline import build_timeline
from parallax.web.app import SECURITY_HEADERS, create_app
from parallax.web.highlight import LAYERS
from parallax.web.present import readable_date

from conftest import EXAMPLES

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
LINK = '<a href="javascript:window.__pwned=1">x</a>'
HOSTILE = ("Hostile markup test statement\n\n"
           f"This statement about the valley road quotes a payload: {SCRIPT} and then {IMG} and a link {LINK} "
           "before it ends with an ordinary sentence about the valley road.\n")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    folder = tmp_path_factory.mktemp("web")
    hostile = folder / "hostile.txt"
    hostile.write_text(HOSTILE, "utf-8")
    path = folder / "corpus.db"
    report = ingest(sorted(str(p) for p in EXAMPLES.glob("*.txt")) + [str(hostile)], str(path))
    assert report.stored >= 2 and not report.errors
    return path


@pytest.fixture(scope="module")
def client(db):
    return TestClient(create_app(str(db)), raise_server_exceptions=False)


@pytest.fixture(scope="module")
def docs(db):
    with Store(db, readonly=True) as store:
        return {row["source"]: dict(row) for row in store.document_rows()}


@pytest.fixture(scope="module")
def hostile_id(docs):
    return next(row["id"] for source, row in docs.items() if source.endswith("hostile.txt"))


@pytest.fixture(scope="module")
def topic(pack):
    """An entity the sample corpus mentions from more than one side: the first stance target."""
    return pack.stance_targets[0]


def tree(response):
    return lxml_html.fromstring(response.text)


def with_class(cls: str, tag: str = "*") -> str:
    return f".//{tag}[contains(concat(' ', normalize-space(@class), ' '), ' {cls} ')]"


def assert_error_shape(response, status: int):
    assert response.status_code == status
    body = response.json()
    assert set(body) == {"error"} and body["error"]["status"] == status and body["error"]["message"]


def assert_error_page(response, status: int):
    assert response.status_code == status and response.headers["content-type"].startswith("text/html")
    (message,) = tree(response).xpath(with_class("error-message"))
    assert message.text_content().strip()
    return message.text_content()


# -- every page, its structure --------------------------------------------------------------------

def test_every_page_has_the_frame(client, docs, topic):
    doc_id = next(iter(docs.values()))["id"]
    for url in ("/", "/search", "/search?q=Section", f"/documents/{doc_id}", "/timeline", "/compare",
                f"/compare?topic={topic}", "/entities"):
        response = client.get(url)
        assert response.status_code == 200, url
        page = tree(response)
        nav = page.xpath("//nav[@class='topnav']")
        assert nav, url
        assert {"/", "/search", "/timeline", "/compare", "/entities"} <= set(nav[0].xpath(".//a/@href")), url
        assert page.xpath("//main[@id='main']"), url
        assert page.xpath("//meta[@name='viewport']/@content") == ["width=device-width, initial-scale=1"]
        assert not page.xpath("//script") and not page.xpath("//*[@style]"), url


def test_overview_counts_documents_per_side(client, db):
    with Store(db, readonly=True) as store:
        by_side = store.stats()["by_side"]
    page = tree(client.get("/"))
    (section,) = page.xpath("//section[@id='overview']")
    cards = {li.get("data-side"): li.xpath(with_class("side-count"))[0].text for li in section.xpath(".//li[@data-side]")}
    assert cards == {side: str(n) for side, n in by_side.items()}


def test_search_lists_results_with_marked_hits(client):
    page = tree(client.get("/search", params={"q": "Section"}))
    (form,) = page.xpath("//form[@id='search-form']")
    assert form.get("method") == "get" and form.get("action") == "/search"
    for field in ("input[@name='q']", "select[@name='side']", "select[@name='genre']", "input[@name='outlet']",
                  "input[@name='from']", "input[@name='to']"):
        assert form.xpath(f".//{field}"), field
    results = page.xpath("//ol[@id='results']/li[@class='result']")
    assert results
    for li in results:
        assert li.xpath(".//a[@class='result-title']/@href")[0].startswith("/documents/")
        assert [m.text.lower() for m in li.xpath(".//*[@class='snippet']/mark")][:1] == ["section"]


def test_search_filters_and_empty_state(client):
    page = tree(client.get("/search", params={"q": "Section", "side": "no-such-side"}))
    assert not page.xpath("//ol[@id='results']") and "No documents match" in page.text_content()


def test_search_paginates(client, monkeypatch):
    import parallax.web.app as web
    monkeypatch.setattr(web, "PAGE_SIZE", 1)
    first = tree(client.get("/search", params={"q": "Section"}))
    assert len(first.xpath("//li[@class='result']")) == 1
    (next_href,) = first.xpath("//nav[@class='pager']/a[@rel='next']/@href")
    second = tree(client.get(next_href))
    assert "page=2" in next_href and second.xpath("//nav[@class='pager']/a[@rel='prev']")
    assert first.xpath("//a[@class='result-title']/@href") != second.xpath("//a[@class='result-title']/@href")


def test_document_page_highlights_every_layer(client, db, docs):
    row = next(r for s, r in docs.items() if "minsk" in s)
    with Store(db, readonly=True) as store:
        doc = store.get(row["id"])
    page = tree(client.get(f"/documents/{doc.id}"))
    (article,) = page.xpath("//article[@id='document']")
    (text,) = article.xpath(".//div[@id='doc-text']")
    assert text.text_content() == doc.text
    for layer in ("mentions", "dates", "terms", "stances", "demands", "claims", "events"):
        toggle = article.xpath(f".//input[@id='t-{layer}']")
        assert toggle and toggle[0].get("data-layer") == layer
        # words and stances are highlighted when the page opens; the other sentence layers wait to be switched on
        assert (toggle[0].get("checked") is not None) == (layer in ("mentions", "dates", "terms", "stances")), layer
        assert toggle[0].get("disabled") is None, layer
        assert toggle[0].getparent() is text.getparent()
        assert len(text.xpath(with_class(f"l-{layer}", "mark"))) >= 1, layer
    for layer in LAYERS:   # a layer with no span keeps its toggle, disabled, so the count 0 is still shown
        (toggle,) = article.xpath(f".//input[@id='t-{layer}']")
        assert (toggle.get("disabled") is not None) == (not doc.layer(layer)), layer
    sides = {m.get("class").split()[1] for m in text.xpath(with_class("l-mentions", "mark"))}
    assert sides <= {"side-armenian", "side-azerbaijani", "side-neutral"}
    for span in doc.layer("mentions"):
        assert text.xpath(f".//span[@id='c{span['start']}']")
    evidence = article.xpath(".//section[@id='alignment']//li[@class and contains(@class, 'evidence')]")
    assert len(evidence) == len(doc.layer("alignment")[0]["evidence"])
    links = article.xpath(".//section[@id='entities']//a[@class='compare-link']/@href")
    assert links and all(href.startswith("/compare?topic=") for href in links)


def test_timeline_lists_events_and_disagreements(client, db):
    with Store(db, readonly=True) as store:
        events = build_timeline(store)["events"]
    page = tree(client.get("/timeline"))
    items = page.xpath("//ol[@id='timeline']/li")
    assert len(items) == len(events) and all("event" in li.get("class").split() for li in items)
    disagreeing = [li for li in items if "disagreement" in li.get("class").split()]
    assert len(disagreeing) == sum(bool(e["disagreements"]) for e in events)
    for li in disagreeing:
        assert len(li.xpath(".//*[contains(@class, 'reading ')]")) >= 2


def test_timeline_names_documents_and_says_dates_readably(client, db):
    with Store(db, readonly=True) as store:
        titles = {r["id"]: r["title"] for r in store.conn.execute("SELECT id, title FROM documents")}
    page = tree(client.get("/timeline"))
    readings = page.xpath("//ol[@id='timeline']//li[contains(@class, 'reading ')]")
    assert readings
    for li in readings:
        for link in li.xpath(".//a[starts-with(@href, '/documents/')]"):
            doc_id = link.get("href").rsplit("/", 1)[-1]
            assert link.text_content() == (titles[doc_id] or link.text_content()) and link.text_content() != doc_id[:8]


@pytest.mark.parametrize("value, shown", [
    ("XXXX-FA", "fall (year unknown)"), ("2023-FA", "fall 2023"), ("199X", "1990s"), ("2020-11-09", "9 Nov 2020"),
    ("2020-11", "Nov 2020"), ({"start": "1988-01-01", "end": "1988-12-31"}, "1988"),
    ({"start": "1988-02-20", "end": "1994-05-12"}, "20 Feb 1988 – 12 May 1994"), (None, "undated"), ("odd", "odd")])
def test_readable_date(value, shown):
    assert readable_date(value) == shown


def test_compare_shows_each_side_and_links_evidence(client, db, pack, topic):
    with Store(db, readonly=True) as store:
        dossier = build_dossier(store, topic, pack)
    page = tree(client.get("/compare", params={"topic": topic}))
    assert page.xpath("//form[@id='compare-form']//input[@name='topic']/@value") == [topic]
    assert {s.get("data-side") for s in page.xpath("//section[@data-side]")} == set(dossier["sides"])
    for section in ("shared", "contested", "one-sided"):
        assert page.xpath(f"//section[@id='{section}']"), section
    links = page.xpath("//a[@class='evidence-link']/@href")
    assert links and all(href.startswith("/documents/") and "#c" in href for href in links)


def test_entities_table(client, db):
    with Store(db, readonly=True) as store:
        expected = entity_table(store)["entities"]
    rows = tree(client.get("/entities")).xpath("//table[@id='entities']/tbody/tr")
    assert len(rows) == len(expected)


# -- hostile text stays text ----------------------------------------------------------------------

def test_hostile_document_is_escaped_on_its_page(client, hostile_id):
    body = client.get(f"/documents/{hostile_id}").text
    for payload in (SCRIPT, IMG, LINK):
        assert payload not in body
    assert "&lt;script&gt;" in body and "&lt;img src=x onerror=" in body
    page = lxml_html.fromstring(body)
    assert not page.xpath("//script | //img | //*[@onerror] | //a[starts-with(@href, 'javascript:')]")
    assert SCRIPT in page.xpath("//div[@id='doc-text']")[0].text_content()


def test_hostile_document_is_escaped_in_search_results(client):
    body = client.get("/search", params={"q": "payload"}).text
    assert SCRIPT not in body and "onerror=\"window" not in body and "&lt;script&gt;" in body
    assert not lxml_html.fromstring(body).xpath("//script | //img")


# -- errors: one shape ----------------------------------------------------------------------------

@pytest.mark.parametrize("query", ['"unbalanced AND (', "(", "NEAR(", "title: AND"])
def test_malformed_search_is_a_400_on_both_faces(client, query):
    assert_error_shape(client.get("/api/search", params={"q": query}), 400)
    message = assert_error_page(client.get("/search", params={"q": query}), 400)
    assert "search query" in message


def test_unknown_document_is_a_404(client):
    assert_error_shape(client.get("/api/documents/0000000000000000"), 404)
    assert "0000000000000000" in assert_error_page(client.get("/documents/0000000000000000"), 404)


def test_unknown_route_and_bad_parameters_use_the_shape(client):
    assert_error_shape(client.get("/api/nothing-here"), 404)
    assert_error_page(client.get("/nothing-here"), 404)
    assert_error_shape(client.get("/api/search", params={"q": "Section", "limit": "many"}), 422)
    assert_error_page(client.get("/search", params={"q": "Section", "page": "0"}), 422)
    assert_error_shape(client.get("/api/timeline", params={"from": "last spring"}), 400)
    assert_error_shape(client.get("/api/compare"), 400)


def test_missing_database_is_a_503(tmp_path):
    broken = TestClient(create_app(str(tmp_path / "missing.db")), raise_server_exceptions=False)
    assert_error_shape(broken.get("/api/stats"), 503)
    assert_error_page(broken.get("/"), 503)


def test_unexpected_errors_are_a_generic_500(client, monkeypatch):
    import parallax.web.app as web

    def explode(store):
        raise RuntimeError("secret internals")
    monkeypatch.setattr(web, "entity_table", explode)
    response = client.get("/api/entities")
    assert_error_shape(response, 500)
    assert "secret" not in response.text
    page = client.get("/entities")
    assert "secret" not in assert_error_page(page, 500)
    assert page.headers["content-security-policy"] == SECURITY_HEADERS["Content-Security-Policy"]


def test_security_headers_on_every_response(client, hostile_id):
    for url in ("/", "/search?q=(", f"/documents/{hostile_id}", "/api/stats", "/api/documents/x",
                "/static/parallax.css", "/nowhere", "/upload"):
        response = client.get(url)
        for name, value in SECURITY_HEADERS.items():
            assert response.headers.get(name) == value, (url, name)


# -- the JSON API is the CLI's JSON ---------------------------------------------------------------

def test_api_returns_what_the_views_return(client, db, pack, topic, hostile_id):
    with Store(db, readonly=True) as store:
        expected = {"/api/stats": store.stats(), "/api/entities": entity_table(store),
                    "/api/timeline": build_timeline(store),
                    f"/api/compare?topic={topic}": build_dossier(store, topic, pack),
                    f"/api/documents/{hostile_id}": store.get(hostile_id).to_json(),
                    "/api/search?q=Section": store.search("Section", limit=10)}
    for url, value in expected.items():
        response = client.get(url)
        assert response.status_code == 200 and response.json() == value, url


def test_api_search_filters(client):
    everything = client.get("/api/search", params={"q": "Section"}).json()
    side = everything[0]["side"]
    filtered = client.get("/api/search", params={"q": "Section", "side": side}).json()
    assert filtered and all(r["side"] == side for r in filtered)


# -- upload -----------------------------------------------------------------------------------------

def test_upload_is_404_when_disabled(client):
    assert_error_page(client.get("/upload"), 404)
    assert_error_page(client.post("/upload", files={"file": ("a.txt", b"Some text about a road.\n")}), 404)


@pytest.fixture
def upload_client(db, tmp_path):
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    return TestClient(create_app(str(copy), allow_upload=True, max_upload_bytes=2_000),
                      raise_server_exceptions=False), copy


def test_upload_stores_a_text_file(upload_client):
    client, path = upload_client
    assert tree(client.get("/upload")).xpath("//form[@enctype='multipart/form-data']//input[@type='file']")
    text = "A new statement on the valley road\n\nThe council asked the mayor to reopen the valley road.\n"
    response = client.post("/upload", files={"file": ("new statement.txt", text.encode())})
    assert response.status_code == 201
    (href,) = tree(response).xpath("//section[@class='notice']//a/@href")
    assert client.get(href).status_code == 200
    with Store(path, readonly=True) as store:
        assert any(row["source"] == "upload/new statement.txt" for row in store.document_rows())


def test_upload_rejects_oversize_and_binary_files(upload_client):
    client, _ = upload_client
    assert_error_page(client.post("/upload", files={"file": ("big.txt", b"word " * 1_000)}), 413)
    junk = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    message = assert_error_page(client.post("/upload", files={"file": ("junk.txt", junk[:1_500])}), 400)
    assert "PNG" in message and "junk.txt" in message
    assert_error_page(client.post("/upload", data={"nothing": "here"}), 422)


def test_upload_client_opens_with_any_pack_object(db):
    assert create_app(str(db), pack=load_pack("south-caucasus")).state.site.pack.id == "south-caucasus"


def test_compare_page_renders_every_kind_of_finding(tmp_path):
    """The hand-made two-side corpus of the dossier tests holds contested stances, framings, figures
    and dates, shared facts and one-sided items: every topic's page renders them (no 500)."""
    from test_compare import ARMENIAN, ARMENIAN_ONLY, AZERBAIJANI, NEUTRAL, store_of

    with store_of(tmp_path, {"aze.txt": AZERBAIJANI, "arm.txt": ARMENIAN, "arm2.txt": ARMENIAN_ONLY,
                             "neutral.txt": NEUTRAL}) as store:
        path = store.path
    client = TestClient(create_app(path))
    kinds = set()
    for topic in ("Section 907", "Lachin corridor", "Minsk Group", "Khojaly massacre", "Armenian Protection Act"):
        dossier = client.get("/api/compare", params={"topic": topic}).json()
        kinds |= {f["kind"] for section in ("shared", "contested", "one_sided") for f in dossier[section]}
        page = client.get("/compare", params={"topic": topic})
        assert page.status_code == 200, (topic, page.text[:300])
        assert "built-in method" not in page.text
    assert {"stance", "figure"} <= kinds


def test_timeline_is_paged(client, monkeypatch):
    import parallax.web.app as web

    monkeypatch.setattr(web, "TIMELINE_PAGE", 2)
    first, second = client.get("/timeline"), client.get("/timeline", params={"page": 2})
    assert first.status_code == second.status_code == 200
    assert first.text.count('<li class="event') == 2 and 'rel="next"' in first.text
    assert 'rel="prev"' in second.text and 'start="3"' in second.text
    assert client.get("/timeline", params={"page": 0}).status_code == 422
