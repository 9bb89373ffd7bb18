"""Main text and metadata out of a web page, boilerplate (menus, scripts, footers) left behind."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import lxml.html
from lxml import etree
from trafilatura import bare_extraction, baseline, html2txt
from trafilatura.metadata import extract_metadata

from .errors import HtmlError

__all__ = ["HtmlError", "HtmlExtract", "extract_html"]


@dataclass(frozen=True)
class HtmlExtract:
    """The main text of a page (paragraphs separated by "\\n") and the metadata found in it."""

    text: str
    fields: dict = field(default_factory=dict)


# Metadata field -> trafilatura Document attribute.
FIELD_ATTRIBUTES = (("title", "title"), ("author", "author"), ("published", "date"),
                    ("outlet", "sitename"), ("url", "url"))
# No extensive date search: it would take the first date in the body, and partisan documents
# are full of event dates ("November 9, 2020") that are not their publication date.
DATE_PARAMS = {"original_date": True, "extensive_search": False}

# Characters libxml2 refuses (C0 controls other than whitespace, lone surrogates, non-characters).
_UNPARSABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_PARSER = lxml.html.HTMLParser(
    encoding="utf-8", collect_ids=False, default_doctype=False, remove_comments=True, remove_pis=True
)


def extract_html(html: str, url: str | None = None) -> HtmlExtract:
    """Extract a page's main text and metadata; raise HtmlError when it has no text at all.

    trafilatura's extractor first; when it finds no article (short pages, fragments) its
    baseline and then a plain text dump of the cleaned page, so a page with text never comes
    back empty. Scripts and styles are removed by all three.
    """
    source = _UNPARSABLE.sub("", html)
    document = bare_extraction(
        _parse(source), url=url, with_metadata=True, include_comments=False, include_tables=True,
        favor_precision=False, date_extraction_params=DATE_PARAMS,
    )
    text = _tidy(document.text if document is not None else "")
    if not text:
        text = _fallback_text(source)
        document = extract_metadata(_parse(source), default_url=url, date_config=DATE_PARAMS, extensive=False)
    if not text:
        raise HtmlError("no main text found in the HTML")
    return HtmlExtract(text, _metadata_fields(document))


def _parse(source: str) -> lxml.html.HtmlElement:
    """A fresh lxml tree (trafilatura prunes trees in place); fragments are wrapped in <html><body>."""
    empty = HtmlError("no main text found in the HTML (the document is empty)")
    if not source.strip():
        raise empty
    try:
        return lxml.html.document_fromstring(source.encode("utf-8", "replace"), parser=_PARSER)
    except etree.ParserError:  # lxml's only ParserError here is "Document is empty"
        raise empty from None
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise HtmlError(f"the HTML could not be parsed: {exc}") from None


def _fallback_text(source: str) -> str:
    text = _tidy(baseline(_parse(source))[1])
    return text or _tidy(html2txt(_parse(source)))


def _tidy(text: str | None) -> str:
    """One paragraph per line: trimmed lines, blank lines dropped."""
    lines = (line.strip() for line in (text or "").replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def _metadata_fields(document) -> dict:
    if document is None:
        return {}
    fields = {}
    for key, attribute in FIELD_ATTRIBUTES:
        value = getattr(document, attribute, None)
        if isinstance(value, str) and value.strip():
            fields[key] = value.strip()
    return fields
