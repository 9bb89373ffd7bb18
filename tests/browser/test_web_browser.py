"""The web UI in a real browser: every view at laptop and phone width, a click-through, hostile documents.

Checks the markup contract the UI promises (nav.topnav, main#main, the per-view ids and classes),
that the mentions toggle really changes what is painted, that hostile document text stays text,
that nothing is fetched from anywhere but 127.0.0.1, and that phone-width pages do not scroll
sideways. Screenshots of every view land in test-artifacts/ for a human to look at.
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest

pytest.importorskip("playwright.sync_api", reason="browser tests need playwright (pip install -e '.[test]')")
from playwright.sync_api import expect  # noqa: E402

from .conftest import PAYLOADS, screenshot  # noqa: E402

NAV_PATHS = ("/", "/search", "/timeline", "/compare", "/entities")
SECTION_907_DOC = "azemedia-section-907-opinion.raw.txt"
HOSTILE_TXT = "payload-ceasefire-statement.txt"
HOSTILE_ESCAPED_HTML = "escaped-payload-page.html"
HOSTILE_LIVE_SCRIPT = "live-script-page.html"
TRANSPARENT = "rgba(0, 0, 0, 0)"


def view_path(view: str, doc_ids: dict[str, str]) -> str:
    return {
        "home": "/",
        "search": "/search?q=" + quote("Section 907"),
        "document": f"/documents/{doc_ids[SECTION_907_DOC]}",
        "timeline": "/timeline",
        "compare": "/compare?topic=" + quote("Section 907"),
        "entities": "/entities",
    }[view]


# view → selectors that must be visible on it
VIEW_ELEMENTS = {
    "home": ["section#overview"],
    "search": ["form#search-form", "form#search-form input[name=q]", "ol#results > li.result",
               "ol#results > li.result a.result-title", "ol#results .snippet mark"],
    "document": ["article#document", "#doc-text", "#doc-text mark.l-mentions", "input.layer-toggle[data-layer=mentions]",
                 "section#alignment", "section#entities"],
    "timeline": ["ol#timeline", "ol#timeline > li.event"],
    "compare": ["form#compare-form", "form#compare-form input[name=topic]", "section.side", "section#shared",
                "section#contested", "section#one-sided", "a.evidence-link"],
    "entities": ["table#entities", "table#entities tbody tr"],
}


def assert_clean(watched) -> None:
    """Nothing ran from document content and nothing was fetched from outside 127.0.0.1."""
    assert watched.pwned() is None, "window.__pwned was set: a payload from a hostile document ran"
    assert not watched.dialogs, f"a dialog fired: {watched.dialogs}"
    outside = [url for url in watched.requests if urlsplit(url).hostname not in ("127.0.0.1", None)
               and not url.startswith(("data:", "blob:", "about:"))]
    assert not outside, f"the page requested something from outside 127.0.0.1: {outside}"
    js_links = watched.page.evaluate("""() => [...document.querySelectorAll('[href], [src], [action], [formaction]')]
        .flatMap(el => ['href', 'src', 'action', 'formaction'].map(a => el.getAttribute(a)))
        .filter(v => v && /^\\s*javascript:/i.test(v))""")
    assert not js_links, f"javascript: URLs in the page: {js_links}"
    assert watched.page.locator('a[href^="javascript:"]').count() == 0


def assert_csp(response) -> None:
    csp = response.headers.get("content-security-policy")
    assert csp, f"{response.url} answered without a Content-Security-Policy header"


def assert_nav(page) -> None:
    expect(page.locator("main#main")).to_be_visible()
    nav = page.locator("nav.topnav")
    expect(nav).to_be_visible()
    paths = nav.locator("a").evaluate_all("links => links.map(a => new URL(a.href).pathname)")
    missing = [p for p in NAV_PATHS if p not in paths]
    assert not missing, f"nav.topnav has no link to {missing} (links: {paths})"


# ---------------------------------------------------------------- every view, both widths

@pytest.mark.parametrize("size", ["laptop", "phone"])
@pytest.mark.parametrize("view", list(VIEW_ELEMENTS))
def test_view_renders(view, size, live_server, doc_ids, open_page):
    watched = open_page(size)
    page = watched.page
    responses = []
    page.on("response", lambda r: responses.append(r))
    response = page.goto(live_server + view_path(view, doc_ids))
    assert response.status == 200, f"{view}: HTTP {response.status}"
    page.wait_for_load_state("load")
    assert_nav(page)
    for selector in VIEW_ELEMENTS[view]:
        expect(page.locator(selector).first, f"{view} at {size}: {selector}").to_be_visible()
    screenshot(watched, view)
    for r in responses:
        if urlsplit(r.url).hostname == "127.0.0.1":
            assert_csp(r)
    assert_clean(watched)


@pytest.mark.parametrize("view", ["home", "search", "document", "compare"])
def test_no_horizontal_overflow_at_phone_width(view, live_server, doc_ids, open_page):
    watched = open_page("phone")
    watched.page.goto(live_server + view_path(view, doc_ids))
    watched.page.wait_for_load_state("load")
    overflow = watched.horizontal_overflow()
    assert overflow is None, (f"{view} scrolls sideways at 390px: documentElement.scrollWidth={overflow['scroll']} "
                              f"> innerWidth={overflow['inner']}; wider than the viewport: {watched.wide_elements()}")


@pytest.mark.parametrize("name", [HOSTILE_TXT, HOSTILE_ESCAPED_HTML, "search"])
def test_no_horizontal_overflow_at_phone_width_with_long_tokens(name, live_server, doc_ids, open_page):
    """Hostile text is full of long unbreakable tokens (href="javascript:window.__pwned=1">click): they must wrap."""
    watched = open_page("phone")
    path = "/search?q=pwned" if name == "search" else f"/documents/{doc_ids[name]}"
    watched.page.goto(live_server + path)
    watched.page.wait_for_load_state("load")
    overflow = watched.horizontal_overflow()
    assert overflow is None, (f"{path} scrolls sideways at 390px: documentElement.scrollWidth={overflow['scroll']} "
                              f"> innerWidth={overflow['inner']}; wider than the viewport: {watched.wide_elements()}")


def test_search_form_has_filters(live_server, open_page):
    page = open_page().page
    page.goto(live_server + "/search")
    form = page.locator("form#search-form")
    expect(form).to_be_visible()
    for selector in ("input[name=q]", "select[name=side]", "select[name=genre]", "input[name=outlet]",
                     "input[name=from]", "input[name=to]"):
        expect(form.locator(selector), selector).to_have_count(1)


def test_malformed_query_is_an_error_page(live_server, open_page):
    watched = open_page()
    response = watched.page.goto(live_server + "/search?q=" + quote('"unbalanced AND ('))
    assert response.status == 400
    assert_csp(response)
    expect(watched.page.locator(".error-message")).to_be_visible()
    assert_nav(watched.page)
    screenshot(watched, "search-error")
    assert_clean(watched)


# ---------------------------------------------------------------- click-through

def test_click_through_search_document_compare(live_server, open_page):
    watched = open_page("laptop")
    page = watched.page
    page.goto(live_server + "/")

    # search for "Section 907" from the search form
    nav_search = page.locator("nav.topnav a[href='/search']")
    if nav_search.count():
        nav_search.first.click()
    else:
        page.goto(live_server + "/search")
    page.locator("form#search-form input[name=q]").fill("Section 907")
    page.locator("form#search-form input[name=q]").press("Enter")
    page.wait_for_url("**/search?*")
    results = page.locator("ol#results > li.result")
    expect(results.first).to_be_visible()
    expect(results.first.locator(".snippet mark").first).to_be_visible()

    # open the first result
    results.first.locator("a.result-title").click()
    page.wait_for_url("**/documents/*")
    expect(page.locator("article#document")).to_be_visible()

    # the mentions layer is highlighted, and unchecking its toggle removes the highlight
    toggle = page.locator("input.layer-toggle[data-layer=mentions]")
    expect(toggle).to_be_checked()
    assert toggle.get_attribute("id") == "t-mentions"
    mark = page.locator("#doc-text mark.l-mentions").first
    expect(mark).to_be_visible()
    background = lambda: mark.evaluate("el => getComputedStyle(el).backgroundColor")  # noqa: E731
    painted = background()
    assert painted != TRANSPARENT, "mentions are not highlighted while their toggle is checked"
    toggle.uncheck()
    expect(toggle).not_to_be_checked()
    expect(mark).to_have_css("background-color", TRANSPARENT)
    toggle.check()
    expect(mark).to_have_css("background-color", painted)

    # the alignment evidence and the entity list are there; follow an entity's compare link
    expect(page.locator("section#alignment li.evidence").first).to_be_visible()
    links = page.locator("section#entities a.compare-link")
    expect(links.first).to_be_visible()
    hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert all(urlsplit(h).path == "/compare" and "topic=" in h for h in hrefs), hrefs
    # prefer Section 907: the corpus has both sides on it, so the compare page has something to show
    preferred = [i for i, h in enumerate(hrefs) if "907" in h]
    links.nth(preferred[0] if preferred else 0).click()
    page.wait_for_url("**/compare?*")
    expect(page.locator("form#compare-form input[name=topic]")).to_be_visible()
    sides = page.locator("section.side[data-side]")
    expect(sides.first).to_be_visible()
    if preferred:
        assert sides.count() >= 2, "Section 907 is covered by Armenian and Azerbaijani documents: expected two sides"
    evidence = page.locator("a.evidence-link")
    expect(evidence.first).to_be_visible()
    screenshot(watched, "clickthrough-compare")

    # evidence links point into documents at a character offset; following one lands on that document
    href = evidence.first.get_attribute("href")
    parts = urlsplit(href)
    assert parts.path.startswith("/documents/") and parts.fragment.startswith("c") and parts.fragment[1:].isdigit(), href
    evidence.first.click()
    page.wait_for_url("**/documents/**")
    expect(page.locator("article#document")).to_be_visible()
    assert urlsplit(page.url).path == parts.path
    target = page.locator(f"#doc-text [id='{parts.fragment}']")
    expect(target, f"the evidence target #{parts.fragment} is not in #doc-text").to_have_count(1)
    expect(target).to_be_in_viewport()
    assert_clean(watched)


# ---------------------------------------------------------------- hostile documents

def _text_point(page, needle: str):
    """Viewport coordinates of the middle of the first text occurrence of `needle`, scrolled into view."""
    return page.evaluate("""(needle) => {
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const at = node.data.indexOf(needle);
            if (at < 0) continue;
            const range = document.createRange();
            range.setStart(node, at);
            range.setEnd(node, at + needle.length);
            node.parentElement.scrollIntoView({block: 'center'});
            const r = range.getBoundingClientRect();
            const link = node.parentElement.closest('a');
            return {x: r.left + r.width / 2, y: r.top + r.height / 2, tag: node.parentElement.tagName,
                    link: link ? link.getAttribute('href') : null};
        }
        return null;
    }""", needle)


def _no_live_payloads(page) -> None:
    found = page.evaluate("""() => {
        const bad = [];
        for (const el of document.querySelectorAll('*')) {
            for (const attr of el.attributes) {
                if (/^on/i.test(attr.name) && attr.value.includes('__pwned')) bad.push(`${el.tagName} ${attr.name}`);
            }
            if (el.tagName === 'SCRIPT' && el.textContent.includes('__pwned')) bad.push('SCRIPT with payload');
            if (el.tagName === 'IMG' && el.getAttribute('src') === 'x') bad.push('IMG src=x');
        }
        return bad;
    }""")
    assert not found, f"payload markup became live elements: {found}"


@pytest.mark.parametrize("size", ["laptop", "phone"])
@pytest.mark.parametrize("name", [HOSTILE_TXT, HOSTILE_ESCAPED_HTML])
def test_hostile_document_page_is_inert(name, size, live_server, doc_ids, open_page):
    watched = open_page(size)
    page = watched.page
    response = page.goto(f"{live_server}/documents/{doc_ids[name]}")
    assert response.status == 200
    assert_csp(response)
    page.wait_for_load_state("load")
    expect(page.locator("article#document")).to_be_visible()
    # the payloads are shown as the literal text the document holds
    text = page.locator("#doc-text").inner_text()
    for payload in PAYLOADS:
        assert payload in text, f"{payload!r} is not shown as text in #doc-text"
    title_payload = "<script>window.__pwned=1</script>"
    assert title_payload in page.locator("article#document").inner_text()
    _no_live_payloads(page)

    # the javascript: "link" is inert text: hovering and clicking it does nothing
    point = _text_point(page, "click me")
    assert point, "the text 'click me' is not on the page"
    assert point["link"] is None, f"the payload text 'click me' is inside a link to {point['link']!r}"
    page.mouse.move(point["x"], point["y"])
    page.mouse.click(point["x"], point["y"])
    page.wait_for_load_state("load")
    assert urlsplit(page.url).path == f"/documents/{doc_ids[name]}", f"clicking the payload text navigated to {page.url}"
    screenshot(watched, f"hostile-{name.split('.')[0]}")
    assert_clean(watched)


def test_hostile_live_script_page_is_dropped(live_server, doc_ids, open_page):
    """A page whose HTML carried real <script> elements: the extractor dropped them, the UI shows prose."""
    watched = open_page()
    page = watched.page
    page.goto(f"{live_server}/documents/{doc_ids[HOSTILE_LIVE_SCRIPT]}")
    page.wait_for_load_state("load")
    expect(page.locator("article#document")).to_be_visible()
    content = page.content()
    assert "SCRIPTLEAKMARKER" not in content
    assert "evil.example" not in content
    assert "demarcation" in page.locator("#doc-text").inner_text()
    _no_live_payloads(page)
    assert_clean(watched)


@pytest.mark.parametrize("size", ["laptop", "phone"])
def test_hostile_search_results_are_inert(size, live_server, doc_ids, open_page):
    watched = open_page(size)
    page = watched.page
    response = page.goto(live_server + "/search?q=pwned")
    assert response.status == 200
    page.wait_for_load_state("load")
    results = page.locator("ol#results > li.result")
    expect(results.first).to_be_visible()
    hrefs = results.locator("a.result-title").evaluate_all("links => links.map(a => new URL(a.href).pathname)")
    for name in (HOSTILE_TXT, HOSTILE_ESCAPED_HTML):
        assert f"/documents/{doc_ids[name]}" in hrefs, f"{name} is not among the results for 'pwned'"
    assert "<script>window.__pwned=1</script>" in page.locator("ol#results").inner_text()
    # the highlighted word is a <mark> element, the payload around it stays text
    marks = page.locator("ol#results .snippet mark").all_inner_texts()
    assert any(m.lower() == "pwned" for m in marks), f"no <mark>pwned</mark> in snippets: {marks}"
    _no_live_payloads(page)
    screenshot(watched, "hostile-search")
    assert_clean(watched)
    # 'click me' from the payload is either plain text or part of a result title linking to its document
    point = _text_point(page, "click me")
    assert point, "the text 'click me' is not in the results"
    assert point["link"] is None or urlsplit(point["link"]).path in hrefs, f"'click me' links to {point['link']!r}"
    page.mouse.move(point["x"], point["y"])
    if point["link"] is None:
        page.mouse.click(point["x"], point["y"])
        assert urlsplit(page.url).path == "/search", f"clicking the payload text navigated to {page.url}"
    else:
        with page.expect_navigation():
            page.mouse.click(point["x"], point["y"])
        assert urlsplit(page.url).path == urlsplit(point["link"]).path
        expect(page.locator("article#document")).to_be_visible()
    assert_clean(watched)
