"""The offline report in a real browser, opened from file://.

One self-contained file: it must fetch nothing (not even a stylesheet or font), run no script,
show every section, and its evidence links must jump to the quoted passage.
"""

from __future__ import annotations

import pytest

pytest.importorskip("playwright.sync_api", reason="browser tests need playwright (pip install -e '.[test]')")
from playwright.sync_api import expect  # noqa: E402

from .conftest import screenshot  # noqa: E402

SECTIONS = ("#overview", "#naming", "#alignment", "#timeline", "#dossiers", "#demands")


@pytest.fixture(scope="session")
def report(db, tmp_path_factory):
    from parallax.report import write_report

    out = tmp_path_factory.mktemp("report") / "report.html"
    written = write_report(db, out)
    assert written.exists()
    return written


def _open(open_page, report, size):
    watched = open_page(size)
    url = report.resolve().as_uri()
    watched.page.goto(url)
    watched.page.wait_for_load_state("load")
    return watched, url


@pytest.mark.parametrize("size", ["laptop", "phone"])
def test_report_is_self_contained_and_inert(size, report, open_page):
    watched, url = _open(open_page, report, size)
    page = watched.page
    for section in SECTIONS:
        expect(page.locator(section), section).to_be_visible()
    expect(page.locator("article.dossier").first).to_be_visible()
    screenshot(watched, "report")

    fetched = [u for u in watched.requests if not u.startswith("data:")]  # data: URIs are inline, not fetches
    assert fetched == [url], f"the report fetched more than itself: {fetched}"
    assert watched.pwned() is None, "window.__pwned was set: a payload from a hostile document ran"
    assert not watched.dialogs, f"a dialog fired: {watched.dialogs}"
    assert page.evaluate("() => document.scripts.length") == 0, "the report contains <script> elements"
    assert page.locator('meta[http-equiv="Content-Security-Policy" i]').count() == 1, "no CSP <meta> in the report"
    live = page.evaluate("""() => [...document.querySelectorAll('*')].flatMap(el => [...el.attributes]
        .filter(a => /^on/i.test(a.name) || /^\\s*javascript:/i.test(a.value)).map(a => `${el.tagName} ${a.name}`))""")
    assert not live, f"event handlers or javascript: URLs in the report: {live}"


def test_report_evidence_links_resolve(report, open_page):
    watched, _ = _open(open_page, report, "laptop")
    page = watched.page
    links = page.locator("a.evidence-link")
    assert links.count() > 0, "the report has no evidence links"
    hrefs = links.evaluate_all("links => links.map(a => a.getAttribute('href'))")
    malformed = [h for h in hrefs if not (h.startswith("#doc-") and "-c" in h)]
    assert not malformed, f"evidence links not shaped #doc-{{id}}-c{{start}}: {malformed[:5]}"
    dangling = page.evaluate("(hrefs) => hrefs.filter(h => !document.getElementById(decodeURIComponent(h.slice(1))))",
                             hrefs)
    assert not dangling, f"{len(dangling)} evidence links point at no element, e.g. {dangling[:5]}"


@pytest.mark.parametrize("size", ["laptop", "phone"])
def test_report_dossier_evidence_link_scrolls_to_target(size, report, open_page):
    watched, _ = _open(open_page, report, size)
    page = watched.page
    link = page.locator("article.dossier a.evidence-link").first
    expect(link).to_be_visible()
    target_id = link.get_attribute("href")[1:]
    target = page.locator(f"[id='{target_id}']")
    expect(target).to_have_count(1)
    link.scroll_into_view_if_needed()
    expect(target, "the evidence target is already on screen: the test would prove nothing").not_to_be_in_viewport()
    link.click()
    expect(target).to_be_in_viewport()
    assert page.evaluate("() => location.hash") == "#" + target_id
    screenshot(watched, "report-after-evidence-click")
    assert watched.pwned() is None
