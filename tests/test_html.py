"""extract_html: main text and metadata from pages, and a clear HtmlError when there is none."""

import pytest

from parallax.html import HtmlError, HtmlExtract, extract_html

ARTICLE = """<!DOCTYPE html>
<html><head>
  <title>Ceasefire statement anniversary | Daily Example</title>
  <meta name="author" content="Jane Doe">
  <meta property="og:title" content="Ceasefire statement anniversary">
  <meta property="og:site_name" content="Daily Example">
  <meta property="article:published_time" content="2021-03-04T10:00:00Z">
  <link rel="canonical" href="https://news.example.org/2021/ceasefire">
  <style>.secret-style-marker { color: red }</style>
</head><body>
  <nav><a href="/">Home</a> | <a href="/about">About us</a> | <a href="/login">Log in</a></nav>
  <article>
    <h1>Ceasefire statement anniversary</h1>
    <p>The trilateral statement signed on November 9, 2020 ended six weeks of fighting in the region.</p>
    <p>Officials from both capitals described the anniversary in very different words this week.</p>
    <script>var secretScriptMarker = "do not extract";</script>
    <table><tr><td>Signed</td><td>9 November 2020</td></tr></table>
    <p>Observers noted that the corridor remained the main point of contention between the parties.</p>
  </article>
  <footer>Copyright Daily Example. All rights reserved. Subscribe to our newsletter.</footer>
</body></html>"""


def test_article_main_text_keeps_paragraphs_and_drops_boilerplate():
    extract = extract_html(ARTICLE)
    lines = extract.text.split("\n")
    assert "The trilateral statement signed on November 9, 2020 ended six weeks of fighting in the region." in lines
    assert "Observers noted that the corridor remained the main point of contention between the parties." in lines
    assert "Log in" not in extract.text
    assert "All rights reserved" not in extract.text


def test_tables_are_included():
    assert "9 November 2020" in extract_html(ARTICLE).text


def test_scripts_and_styles_never_in_text():
    text = extract_html(ARTICLE).text
    assert "secretScriptMarker" not in text
    assert "secret-style-marker" not in text


def test_metadata_fields_found_in_the_page():
    fields = extract_html(ARTICLE).fields
    assert fields["author"] == "Jane Doe"
    assert fields["published"] == "2021-03-04"
    assert fields["outlet"] == "Daily Example"
    assert fields["title"].startswith("Ceasefire statement anniversary")
    assert fields["url"] == "https://news.example.org/2021/ceasefire"


def test_url_argument_used_when_page_has_no_canonical_link():
    page = ARTICLE.replace('<link rel="canonical" href="https://news.example.org/2021/ceasefire">', "")
    assert extract_html(page, url="https://mirror.example.net/a").fields["url"] == "https://mirror.example.net/a"


def test_event_date_in_body_is_not_taken_as_publication_date():
    page = ("<html><head><title>Statement</title></head><body><article>"
            "<p>On November 9, 2020 the parties signed the statement that ended the war in the region.</p>"
            "<p>The anniversary was marked by speeches in both capitals and by protests abroad.</p>"
            "</article></body></html>")
    extract = extract_html(page)
    assert "published" not in extract.fields
    assert "November 9, 2020" in extract.text


def test_only_fields_that_were_found_are_present():
    extract = extract_html("<html><body><p>A short note without any metadata at all.</p></body></html>")
    assert set(extract.fields) <= {"title", "author", "published", "outlet", "url"}
    assert "author" not in extract.fields


@pytest.mark.parametrize("fragment, expected", [
    ("<div>Just one line of text</div>", "Just one line of text"),
    ("<p>unclosed <b>bold <div>more text here", "unclosed bold more text here"),
    ("plain words with no tags", "plain words with no tags"),
])
def test_short_pages_and_fragments_fall_back_to_their_text(fragment, expected):
    assert extract_html(fragment).text == expected


def test_fallback_text_has_no_script_either():
    extract = extract_html("<div>Visible words<script>hiddenScriptMarker()</script></div>")
    assert extract.text == "Visible words"


def test_script_only_page_raises_html_error():
    page = "<html><head><style>p {}</style></head><body><script>alert('x')</script></body></html>"
    with pytest.raises(HtmlError, match="no main text found in the HTML"):
        extract_html(page)


@pytest.mark.parametrize("page", ["", "   \n\t ", "<html></html>", "<!-- only a comment -->"])
def test_empty_pages_raise_html_error(page):
    with pytest.raises(HtmlError, match="no main text found"):
        extract_html(page)


@pytest.mark.parametrize("page", [
    "\x00\x01\x02<<<>>>&&&;;",
    "<" * 3000,
    "<html><body>" + "<div>" * 2000 + "deep" + "</div>" * 10,
    "<html><body><p>broken &#xD800; entity and \ud800 lone surrogate</p>",
    bytes(range(256)).decode("latin-1") * 4,
    '<?xml version="1.0" encoding="ISO-8859-1"?><html><body><p>declared encoding</p></body></html>',
    "<html><body><p>attr <a href='x\" onclick=\"y'>weird</p></table></td></tr></body></body>",
])
def test_broken_html_never_crashes(page):
    try:
        result = extract_html(page)
    except HtmlError:
        return
    assert isinstance(result, HtmlExtract)
    assert isinstance(result.text, str) and result.text.strip()


def test_xml_declaration_with_encoding_is_parsed():
    page = '<?xml version="1.0" encoding="ISO-8859-1"?><html><body><p>declared encoding</p></body></html>'
    assert extract_html(page).text == "declared encoding"


def test_html_error_is_the_shared_one_and_a_value_error():
    from parallax import errors

    assert HtmlError is errors.HtmlError and issubclass(HtmlError, ValueError)
