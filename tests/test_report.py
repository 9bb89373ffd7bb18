"""The offline HTML report: self-contained, no script, hostile text escaped, every citation resolvable."""

from __future__ import annotations

import json
import re
import sqlite3
from html.parser import HTMLParser

import pytest

from parallax.api import PipelineConfig, analyze, layer_owners
from parallax.report import build_report, render_report, write_report
from parallax.store import Store

from conftest import EXAMPLES

SCRIPT = "<script>window.__pwned=1</script>"
IMG = '<img src=x onerror="window.__pwned=1">'
LINK = '<a href="javascript:alert(1)">x</a>'
HOSTILE = (f"Statement {SCRIPT} of the Artsakh Committee\n\n"
           f"The Artsakh Committee urges the United States to enforce Section 907 {SCRIPT} of the Freedom Support Act. "
           f"Stepanakert remembers the 44-day war {IMG} and the blockade of Artsakh. The Aliyev regime must end the "
           f"blockade {LINK} of the Lachin corridor. Azerbaijan broke the November 9, 2020 ceasefire statement {IMG}.\n")
SECTIONS = ("overview", "naming", "alignment", "timeline", "dossiers", "demands")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Page(HTMLParser):
    """Every element with its attributes, and whether the tags balance."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.elements, self.problems = [], [], []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), list(self.stack)))
        if tag not in VOID:
            self.stack.append((tag, dict(attrs)))

    def handle_startendtag(self, tag, attrs):
        self.elements.append((tag, dict(attrs), list(self.stack)))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if not self.stack or self.stack[-1][0] != tag:
            self.problems.append(f"</{tag}> closes {self.stack[-1][0] if self.stack else 'nothing'}")
            return
        self.stack.pop()

    def find(self, tag, cls=None):
        return [attrs for t, attrs, _ in self.elements
                if t == tag and (cls is None or cls in (attrs.get("class") or "").split())]


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("report")
    (tmp / "hostile.txt").write_text(HOSTILE, "utf-8")
    paths = sorted(str(p) for p in EXAMPLES.glob("*.txt")) + [str(tmp / "hostile.txt")]
    docs = list(analyze(paths))
    with Store(tmp / "report.db") as store:
        store.put_documents(docs, layer_owners(PipelineConfig().build()[0]))
        yield store


@pytest.fixture(scope="module")
def data(store, pack):
    return build_report(store, pack)


@pytest.fixture(scope="module")
def html(data):
    return render_report(data)


@pytest.fixture(scope="module")
def page(html):
    return parse(html)


def test_every_section_is_there(page):
    ids = {attrs.get("id") for _, attrs, _ in page.elements}
    assert set(SECTIONS) <= ids


def test_html_parses_with_balanced_tags_and_unique_ids(html, page):
    assert html.startswith("<!DOCTYPE html>")
    assert page.problems == [] and page.stack == []
    ids = [attrs["id"] for _, attrs, _ in page.elements if "id" in attrs]
    assert len(ids) == len(set(ids))


def test_head_locks_the_page_down(page):
    metas = page.find("meta")
    csp = [m["content"] for m in metas if m.get("http-equiv") == "Content-Security-Policy"]
    assert csp and "default-src 'none'" in csp[0] and "script-src" not in csp[0]
    assert any(m.get("name") == "viewport" for m in metas)
    assert page.find("style") and not page.find("link")


def test_no_script_and_no_external_reference(html, page):
    assert re.search(r"<script", html, re.IGNORECASE) is None
    assert not page.find("script") and not page.find("img") and not page.find("iframe")
    assert re.search(r"""(?:src|href|action|xlink:href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.IGNORECASE) is None
    assert re.search(r"""url\(\s*["']?\s*(?:https?:)?//""", html, re.IGNORECASE) is None
    assert re.search(r"""href\s*=\s*["']?\s*javascript:""", html, re.IGNORECASE) is None
    for _, attrs, _ in page.elements:
        assert not [a for a in attrs if a.startswith("on")]
        assert all((v or "").startswith("#") for a, v in attrs.items() if a == "href")


def test_hostile_text_appears_only_escaped(html):
    for raw in (SCRIPT, IMG, LINK, "onerror=\"window"):
        assert raw not in html
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=&#34;window.__pwned=1&#34;&gt;" in html
    assert "&lt;a href=&#34;javascript:alert(1)&#34;&gt;x&lt;/a&gt;" in html


def test_evidence_links_point_at_cited_sentences(page):
    ids = {attrs["id"] for _, attrs, _ in page.elements if "id" in attrs}
    links = page.find("a", "evidence-link")
    assert links
    for link in links:
        assert link["href"].startswith("#doc-") and link["href"][1:] in ids
    # every link target is an anchor inside a cited sentence of its document's section.source
    anchors = {}
    for tag, attrs, stack in page.elements:
        if "id" in attrs and any(t == "p" and "sentence" in (a.get("class") or "").split() for t, a in stack):
            section = next(a for t, a in reversed(stack) if t == "section")
            assert "source" in section["class"].split() and attrs["id"].startswith(section["id"] + "-c")
            anchors[attrs["id"]] = tag
    assert {link["href"][1:] for link in links} <= set(anchors)
    assert "mark" in anchors.values()


def test_each_cited_sentence_is_shown_once_without_raw_offsets(data, html):
    for doc in data["sources"]:
        texts = ["".join(p["text"] for p in s["pieces"]) for s in doc["sentences"]]
        assert len(texts) == len(set(texts)), doc["source"]
    assert 'class="offsets"' not in html and not re.search(r"\[\d+–\d+\]", html)


def test_dossiers_put_sides_side_by_side_with_evidence(data, page):
    assert data["dossiers"]
    articles = [(tag, attrs, stack) for tag, attrs, stack in page.elements if tag == "article"]
    assert len(articles) == len(data["dossiers"]) and all("dossier" in a["class"].split() for _, a, _ in articles)
    columns = [attrs["data-side"] for tag, attrs, stack in page.elements
               if tag == "div" and "side" in attrs.get("class", "").split() and any(t == "article" for t, _ in stack)]
    assert {"armenian", "azerbaijani"} <= set(columns)
    in_dossiers = [a for t, a, stack in page.elements if t == "a" and "evidence-link" in a.get("class", "")
                   and any(t2 == "article" for t2, _ in stack)]
    assert in_dossiers
    section_907 = next(d for d in data["dossiers"] if d["topic"] == "law:section-907")
    contested = section_907["dossier"]["contested"]
    assert any(f["kind"] == "stance" and set(f["readings"]) == {"armenian", "azerbaijani"} for f in contested)


def test_timeline_highlights_the_disputed_date(data, html):
    [event] = [e for e in data["timeline"]["events"] if e["id"] == "event:trilateral-statement-2020"]
    assert event["disagreements"] and 'class="event disputed"' in html
    readings = {(r["side"], r["value"]) for d in event["disagreements"] if d["kind"] == "date" for r in d["readings"]}
    assert {("armenian", "2020-11-09"), ("azerbaijani", "2020-11-10")} <= readings
    assert all(r["evidence"] for d in event["disagreements"] for r in d["readings"])


def test_sections_carry_the_aggregates(data):
    assert data["stats"]["documents"] == 4
    assert {"armenian", "azerbaijani"} <= set(data["alignment"]["sides"])
    assert data["demands"]["rows"] and data["demands"]["total"] >= len(data["demands"]["rows"])
    assert any(e["entity"] == "event:second-karabakh-war" for e in data["naming"])
    assert data["pack"]["id"] == "south-caucasus"
    json.dumps(data)


def test_caps_keep_every_disputed_event(store, pack):
    capped = build_report(store, pack, max_topics=1, timeline_events=1)
    assert len(capped["dossiers"]) == 1
    full = build_report(store, pack)["timeline"]
    disputed = [e["id"] for e in full["events"] if e["disagreements"]]
    assert [e["id"] for e in capped["timeline"]["events"] if e["disagreements"]] == disputed
    assert capped["timeline"]["more"] == capped["timeline"]["total"] - len(capped["timeline"]["events"])


def test_hostile_side_and_outlet_names_are_sanitised(store, pack, tmp_path):
    copy = sqlite3.connect(tmp_path / "copy.db")
    store.conn.backup(copy)
    copy.execute("UPDATE documents SET side = ?, outlet = ? WHERE source LIKE '%hostile.txt'",
                 ('x" onmouseover="a<b>', '<b onclick="x">Outlet</b>'))
    copy.commit()
    copy.close()
    with Store(tmp_path / "copy.db", readonly=True) as hostile:
        html = render_report(build_report(hostile, pack))
    page = parse(html)
    assert page.problems == []
    for _, attrs, _ in page.elements:
        assert not [a for a in attrs if a.startswith("on")]
        assert re.fullmatch(r"[a-z0-9 _-]*", attrs.get("class") or ""), attrs["class"]
    assert "&lt;b onclick=&#34;x&#34;&gt;Outlet&lt;/b&gt;" in html and '<b onclick' not in html


def test_write_report(store, pack, tmp_path):
    out = write_report(store.path, tmp_path / "report.html", pack=pack)
    assert out == tmp_path / "report.html"
    text = out.read_text("utf-8")
    assert text.startswith("<!DOCTYPE html>") and 'id="dossiers"' in text


def test_empty_store_still_renders_every_section(tmp_path, pack):
    with Store(tmp_path / "empty.db") as empty:
        html = render_report(build_report(empty, pack))
    page = parse(html)
    assert page.problems == [] and set(SECTIONS) <= {a.get("id") for _, a, _ in page.elements}


def test_another_packs_sides_get_palette_colours(tmp_path, tiny_pack, tiny_pack_path):
    texts = {"north.txt": "North Bulletin\n\nThe siege of Rivertown goes on. Rivertown and Upper Vale remember the "
                          "Rivertown Accord. The siege must end.\n",
             "south.txt": "South Herald\n\nVadograd and Gorna Dolina welcome the Vadograd Agreement. Vadohrad "
                          "thrives and Gorna Dolina grows. Northland should leave Vadograd.\n"}
    for name, text in texts.items():
        (tmp_path / name).write_text(text, "utf-8")
    config = PipelineConfig(pack=str(tiny_pack_path))
    with Store(tmp_path / "tiny.db") as tiny:
        tiny.put_documents(analyze([str(tmp_path / n) for n in texts], config), layer_owners(config.build()[0]))
        data = build_report(tiny, tiny_pack)
    assert data["sides"]["classes"]["north"] == "side-north side-pal-0"
    assert [t["topic"] for t in data["dossiers"]][:1] == ["event:river-accord"]
    page = parse(render_report(data))
    assert {a["data-side"] for t, a, _ in page.elements if t == "div" and "data-side" in a} == {"north", "south"}
    assert page.find("div", "side-pal-1")
