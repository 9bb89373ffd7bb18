"""iter_records and friends: every kind of input becomes records, and bad inputs become errors."""

import codecs
import gzip
import io
import json
import os
import random
import threading
import time
import tracemalloc
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from parallax.ingest import (
    USER_AGENT, DecodeError, FetchError, IngestError, Record, decode_bytes, fetch_url, iter_records,
    make_session,
)

RUSSIAN = "Привет! Это пример текста на русском языке. Ереван и Степанакерт — города региона."
GERMAN = "Der Bürgermeister hat über die Straße gesprochen, schön und ausführlich für alle Bürger."
FRENCH = "Notre-Dame de Paris est une cathédrale. Les élèves étudient à l'école, où ils apprennent beaucoup."


def collect(*inputs, **options):
    return list(iter_records([str(i) for i in inputs], **options))


def only(items):
    assert len(items) == 1, items
    return items[0]


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


# --- plain files -------------------------------------------------------------------------------

def test_text_file_becomes_a_text_record_with_normalised_newlines(tmp_path):
    path = write(tmp_path / "note.txt", codecs.BOM_UTF8 + "first line\r\nsecond\rthird\n".encode())
    record = only(collect(path))
    assert record == Record(str(path), "first line\nsecond\nthird\n", "text", {})


@pytest.mark.parametrize("name", ["page.html", "page.htm", "page.xhtml", "PAGE.HTML"])
def test_html_extensions_give_html_records(tmp_path, name):
    record = only(collect(write(tmp_path / name, "<p>Hello there</p>")))
    assert record.format == "html"
    assert record.content == "<p>Hello there</p>"


@pytest.mark.parametrize("start", ["<!DOCTYPE html>", "  \n<!doctype HTML>", "<html lang='en'>"])
def test_txt_that_opens_like_html_is_sniffed_as_html(tmp_path, start):
    record = only(collect(write(tmp_path / "saved.txt", start + "<body><p>x</p></body></html>")))
    assert record.format == "html"


def test_txt_mentioning_html_later_stays_text(tmp_path):
    record = only(collect(write(tmp_path / "notes.txt", "About <html> tags: they open pages.")))
    assert record.format == "text"


def test_unknown_extension_named_directly_is_read_as_text(tmp_path):
    assert only(collect(write(tmp_path / "statement.md", "# Statement\nText."))).format == "text"


@pytest.mark.parametrize("name", ["scan.pdf", "photo.JPG", "bundle.zip", "dump.tar.gz"])
def test_unsupported_file_named_directly_is_an_error(tmp_path, name):
    error = only(collect(write(tmp_path / name, b"whatever")))
    extension = name.lower()[name.index("."):]
    assert error == IngestError(str(tmp_path / name), f"unsupported file type {extension}")


def test_missing_path_is_an_error_and_the_batch_goes_on(tmp_path):
    good = write(tmp_path / "good.txt", "still read")
    items = collect(tmp_path / "nope.txt", good)
    assert items[0] == IngestError(str(tmp_path / "nope.txt"), "no such file or directory")
    assert items[1].content == "still read"


def test_unsupported_url_scheme_is_an_error():
    error = only(collect("ftp://example.org/file.txt"))
    assert "unsupported URL scheme ftp://" in error.reason


@pytest.mark.parametrize("content", [b"", b"   \n\t\r\n  "])
def test_empty_or_blank_file_is_empty_document(tmp_path, content):
    assert only(collect(write(tmp_path / "blank.txt", content))).reason == "empty document"


def test_file_over_max_bytes_is_refused_without_reading(tmp_path):
    path = write(tmp_path / "big.txt", "x" * 2500)
    error = only(collect(path, max_bytes=1000))
    assert error.reason == "file is 2.5 KB, over the 1 KB limit (--max-bytes)"


# --- decoding ----------------------------------------------------------------------------------

@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_unicode_with_byte_order_mark(tmp_path, encoding):
    data = RUSSIAN.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert only(collect(write(tmp_path / "wide.txt", data))).content == RUSSIAN


def test_cp1251_cyrillic_text_is_detected(tmp_path):
    assert only(collect(write(tmp_path / "ru.txt", RUSSIAN.encode("cp1251")))).content == RUSSIAN


@pytest.mark.parametrize("text", [GERMAN, FRENCH])
def test_latin1_text_is_detected(tmp_path, text):
    assert only(collect(write(tmp_path / "latin.txt", text.encode("latin-1")))).content == text


def test_utf8_wins_over_a_wrong_declared_legacy_charset():
    assert decode_bytes(RUSSIAN.encode("utf-8"), "iso-8859-1") == RUSSIAN


def test_declared_charset_used_when_not_utf8():
    assert decode_bytes("Ереван".encode("koi8_r"), "koi8-r") == "Ереван"


def test_unknown_declared_charset_falls_back_to_sniffing():
    assert decode_bytes(RUSSIAN.encode("cp1251"), "no-such-charset") == RUSSIAN


def test_utf8_with_a_stray_broken_byte_stays_utf8():
    data = RUSSIAN.encode("utf-8") + b" \xff " + RUSSIAN.encode("utf-8")
    assert decode_bytes(data) == f"{RUSSIAN} \ufffd {RUSSIAN}"


def test_html_meta_charset_is_honoured():
    page = '<html><head><meta charset="windows-1251"></head><body>Шуша</body></html>'
    assert "Шуша" in decode_bytes(page.encode("cp1251"))


def test_decode_strips_bom_and_normalises_newlines():
    assert decode_bytes(codecs.BOM_UTF8 + b"a\r\nb\rc") == "a\nb\nc"


@pytest.mark.parametrize("data, kind", [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG image"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG image"),
    (b"GIF89a\x01\x00", "GIF image"),
    (b"%PDF-1.7\n%\xe2\xe3", "PDF document"),
    (b"PK\x03\x04\x14\x00", "ZIP archive"),
    (b"\x7fELF\x02\x01\x01", "ELF executable"),
])
def test_magic_numbers_are_named(data, kind):
    with pytest.raises(DecodeError, match=f"binary content \\(looks like {kind}\\), not text"):
        decode_bytes(data + bytes(200))


def test_random_bytes_with_nuls_are_binary(tmp_path):
    junk = bytes(random.Random(7).randrange(256) for _ in range(4000)) + b"\x00"
    error = only(collect(write(tmp_path / "junk.txt", junk)))
    assert error.reason.startswith("binary content")


def test_control_characters_without_nuls_are_binary():
    with pytest.raises(DecodeError, match="control bytes"):
        decode_bytes(bytes(range(1, 9)) * 100 + b"some text")


def test_png_header_inside_a_txt_file(tmp_path):
    error = only(collect(write(tmp_path / "image.txt", b"\x89PNG\r\n\x1a\n" + bytes(64))))
    assert error.reason == "binary content (looks like PNG image), not text"


def test_broken_bom_is_reported():
    with pytest.raises(DecodeError, match="UTF-16"):
        decode_bytes(codecs.BOM_UTF16_LE + b"\x00\xd8")  # a lone high surrogate


def test_ingest_errors_are_the_shared_value_errors():
    from parallax import errors

    assert (DecodeError, FetchError) == (errors.DecodeError, errors.FetchError)
    assert issubclass(DecodeError, ValueError) and issubclass(FetchError, ValueError)


# --- JSON and JSON Lines -----------------------------------------------------------------------

def test_json_object_keeps_known_fields_as_strings(tmp_path):
    obj = {"text": "Body", "id": 42, "url": "https://x.example/a", "title": " T ", "author": ["A", "B"],
           "published": "2020-11-10", "outlet": "Outlet", "side": "ignored", "nested": {"a": 1}}
    record = only(collect(write(tmp_path / "doc.json", json.dumps(obj))))
    assert record.format == "text"
    assert record.fields == {"id": "42", "url": "https://x.example/a", "title": "T", "author": "A, B",
                             "published": "2020-11-10", "outlet": "Outlet"}


def test_json_list_numbers_each_record(tmp_path):
    path = write(tmp_path / "docs.json", json.dumps([{"html": "<p>one</p>"}, {"text": "two"}, "three", {"id": 1}]))
    items = collect(path)
    assert [i.source for i in items] == [f"{path}#{n}" for n in (1, 2, 3, 4)]
    assert (items[0].format, items[0].content) == ("html", "<p>one</p>")
    assert items[1].content == "two"
    assert items[2].reason == "not a JSON object (got a string)"
    assert items[3].reason == 'no "text" or "html" field in the JSON object'


def test_json_text_preferred_over_html_and_blank_text_falls_to_html(tmp_path):
    path = write(tmp_path / "docs.json", json.dumps([{"text": "clean", "html": "<p>raw</p>"},
                                                     {"text": "  ", "html": "<p>raw</p>"}]))
    first, second = collect(path)
    assert (first.format, first.content) == ("text", "clean")
    assert (second.format, second.content) == ("html", "<p>raw</p>")


def test_json_body_that_is_not_a_string(tmp_path):
    error = only(collect(write(tmp_path / "doc.json", '{"text": 5}')))
    assert error.reason == 'field "text" is a number, not a string'


def test_invalid_json_file_names_the_line(tmp_path):
    error = only(collect(write(tmp_path / "doc.json", '{\n"text": "a"\n"id": 1}')))
    assert error.reason == "not valid JSON on line 3: Expecting ',' delimiter"


def test_json_scalar_top_level_is_an_error(tmp_path):
    assert "object or a list of objects" in only(collect(write(tmp_path / "doc.json", "12"))).reason


def test_jsonl_bad_line_in_the_middle_is_one_error(tmp_path):
    lines = ['{"text": "first", "id": "a"}', '{"text": "second",, }', "", '{"html": "<p>third</p>"}']
    path = write(tmp_path / "docs.jsonl", "\n".join(lines) + "\n")
    items = collect(path)
    assert [type(i) for i in items] == [Record, IngestError, Record]
    assert items[1] == IngestError(f"{path}#2", "not valid JSON on line 2: Expecting property name enclosed in double quotes")
    assert items[0].fields == {"id": "a"}
    assert items[2].source == f"{path}#4"


def test_ndjson_with_an_object_missing_its_body(tmp_path):
    path = write(tmp_path / "docs.ndjson", '{"title": "no body"}\n{"text": "ok"}\n')
    first, second = collect(path)
    assert isinstance(first, IngestError) and first.source == f"{path}#1"
    assert second.content == "ok"


def test_jsonl_line_over_max_bytes_is_skipped_alone(tmp_path):
    path = write(tmp_path / "docs.jsonl", json.dumps({"text": "y" * 5000}) + '\n{"text": "small"}\n')
    first, second = collect(path, max_bytes=1000)
    assert first == IngestError(f"{path}#1", "line 1 is over the 1 KB limit (--max-bytes)")
    assert second.content == "small"


def test_jsonl_is_streamed_not_loaded_whole(tmp_path):
    line = json.dumps({"text": "word " * 100, "id": "x"}) + "\n"
    path = write(tmp_path / "many.jsonl", line * 10_000)  # about 5 MB
    tracemalloc.start()
    try:
        count = sum(1 for item in iter_records([str(path)]) if isinstance(item, Record))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 10_000
    assert peak < 1_000_000


def test_a_single_path_string_is_one_input(tmp_path):
    path = write(tmp_path / "one.txt", "one")
    assert only(list(iter_records(str(path)))).content == "one"


def test_iter_records_is_lazy_over_inputs(tmp_path):
    write(tmp_path / "a.txt", "a")
    consumed = []

    def inputs():
        for name in ("a.txt", "b.txt"):
            consumed.append(name)
            yield str(tmp_path / name)

    stream = iter_records(inputs())
    assert next(stream).content == "a"
    assert consumed == ["a.txt"]


# --- gzip --------------------------------------------------------------------------------------

def test_gz_is_read_as_its_inner_extension(tmp_path):
    html = write(tmp_path / "page.html.gz", gzip.compress(b"<p>zipped page</p>"))
    jsonl = write(tmp_path / "docs.jsonl.gz", gzip.compress(b'{"text": "one"}\n{"text": "two"}\n'))
    items = collect(html, jsonl)
    assert (items[0].format, items[0].content) == ("html", "<p>zipped page</p>")
    assert [(i.source, i.content) for i in items[1:]] == [(f"{jsonl}#1", "one"), (f"{jsonl}#2", "two")]


def test_gzip_bomb_is_capped(tmp_path):
    bomb = write(tmp_path / "bomb.txt.gz", gzip.compress(b"a" * 20_000_000, compresslevel=1))
    assert os.path.getsize(bomb) < 200_000
    error = only(collect(bomb, max_bytes=1_000_000))
    assert error.reason == "decompressed content is over the 1 MB limit (--max-bytes); stopped decompressing"


def test_gzip_bomb_of_jsonl_stops_after_good_lines(tmp_path):
    data = b'{"text": "fine"}\n' + b"z" * 5_000_000
    items = collect(write(tmp_path / "bomb.jsonl.gz", gzip.compress(data, compresslevel=1)), max_bytes=100_000)
    assert items[0].content == "fine"
    assert "stopped decompressing" in items[-1].reason


def test_corrupt_gzip_is_an_error(tmp_path):
    error = only(collect(write(tmp_path / "bad.txt.gz", b"not gzip at all")))
    assert error.reason.startswith("not a valid gzip file")


def test_truncated_gzip_is_an_error(tmp_path):
    error = only(collect(write(tmp_path / "cut.txt.gz", gzip.compress(b"hello " * 1000)[:-20])))
    assert error.reason == "compressed data is truncated or corrupt"


# --- WARC --------------------------------------------------------------------------------------

def build_warc(path, gz):
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=gz)
        writer.write_record(writer.create_warcinfo_record(path.name, {"software": "test"}))

        def response(uri, status, ctype, body):
            headers = StatusAndHeaders(status, [("Content-Type", ctype)], protocol="HTTP/1.1")
            return writer.create_warc_record(uri, "response", payload=io.BytesIO(body), http_headers=headers,
                                             warc_headers_dict={"WARC-Date": "2024-05-06T07:08:09Z"})

        request = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "x.example")], is_http_request=True)
        writer.write_record(writer.create_warc_record("https://x.example/a", "request",
                                                      payload=io.BytesIO(b""), http_headers=request))
        writer.write_record(response("https://x.example/a", "200 OK", "text/html; charset=utf-8",
                                     "<html><body><p>Ереван</p></body></html>".encode()))
        writer.write_record(response("https://x.example/logo.png", "200 OK", "image/png", b"\x89PNG\r\n\x1a\n"))
        writer.write_record(response("https://x.example/gone", "404 Not Found", "text/html", b"<p>gone</p>"))
        writer.write_record(response("https://x.example/ru.txt", "200 OK", "text/plain; charset=windows-1251",
                                     RUSSIAN.encode("cp1251")))
    return path


@pytest.mark.parametrize("name, gz", [("crawl.warc", False), ("crawl.warc.gz", True)])
def test_warc_responses_become_records(tmp_path, name, gz):
    path = build_warc(tmp_path / name, gz)
    html, text = collect(path)
    assert html == Record(f"{path}#3", "<html><body><p>Ереван</p></body></html>", "html",
                          {"url": "https://x.example/a", "fetched": "2024-05-06T07:08:09Z"})
    assert (text.source, text.format, text.content) == (f"{path}#6", "text", RUSSIAN)
    assert "published" not in text.fields


def test_broken_warc_is_an_error(tmp_path):
    error = only(collect(write(tmp_path / "broken.warc", b"this is not a warc file\r\n\r\n")))
    assert error.reason.startswith("not a valid WARC file")


def test_truncated_warc_keeps_earlier_records_and_reports_the_cut(tmp_path):
    data = build_warc(tmp_path / "whole.warc", gz=False).read_bytes()
    # cut inside the header of the last record, as an interrupted download would
    cut = write(tmp_path / "cut.warc", data[:data.index(b"WARC-Record-ID", data.index(b"<p>gone</p>")) + 20])
    *records, error = collect(cut)
    assert [r.source for r in records] == [f"{cut}#3"]
    assert error == IngestError(str(cut), "WARC file is truncated or corrupt after record 5")


def test_warc_without_documents_says_so(tmp_path):
    path = tmp_path / "info.warc"
    with open(path, "wb") as out:
        writer = WARCWriter(out, gzip=False)
        writer.write_record(writer.create_warcinfo_record("info.warc", {"software": "test"}))
    assert only(collect(path)).reason == "no HTML or text responses in the WARC file"


# --- folders -----------------------------------------------------------------------------------

def test_folder_walk_is_sorted_recursive_and_skips_hidden_and_binary(tmp_path):
    root = tmp_path / "corpus"
    write(root / "b.txt", "b")
    write(root / "a" / "z.html", "<p>z</p>")
    write(root / "a" / "notes.md", "md")
    write(root / "c.json", '{"text": "c"}')
    write(root / ".hidden.txt", "secret")
    write(root / ".git" / "config.txt", "secret")
    write(root / "photo.png", b"\x89PNG\r\n\x1a\n")
    write(root / "report.pdf", b"%PDF-1.4")
    items = collect(root)
    assert [os.path.relpath(i.source, root) for i in items] == [
        os.path.join("a", "notes.md"), os.path.join("a", "z.html"), "b.txt", "c.json"]
    assert all(isinstance(i, Record) for i in items)


def test_folder_unknown_binary_file_is_reported(tmp_path):
    write(tmp_path / "blob.dat", b"\x00\x01\x02" * 50)
    assert only(collect(tmp_path)).reason.startswith("binary content")


def test_url_list_inside_a_folder_is_not_fetched(tmp_path):
    write(tmp_path / "links.urls", "http://127.0.0.1:9/never\n")
    assert "only when named directly" in only(collect(tmp_path)).reason


# --- URLs --------------------------------------------------------------------------------------

class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 - http.server's naming
        hits = self.server.hits
        hits[self.path] = hits.get(self.path, 0) + 1
        route = {
            "/page": lambda: self.reply(200, "text/html; charset=utf-8", "<html><body><p>Hi</p></body></html>".encode()),
            "/plain": lambda: self.reply(200, "text/plain", b"just text"),
            "/cyrillic": lambda: self.reply(200, "text/html; charset=windows-1251",
                                            f"<html><body><p>{RUSSIAN}</p></body></html>".encode("cp1251")),
            "/flaky": lambda: self.reply(503, "text/plain", b"busy") if hits[self.path] == 1
            else self.reply(200, "text/plain", b"second time lucky"),
            "/slow": lambda: (time.sleep(1.0), self.reply(200, "text/plain", b"late")),
            "/image": lambda: self.reply(200, "image/png", b"\x89PNG\r\n\x1a\n"),
            "/big": lambda: self.reply(200, "text/plain", b"x" * 5000),
            "/empty": lambda: self.reply(200, "text/plain", b"  \n"),
            "/redirect": lambda: self.reply(302, "text/plain", b"", location="/page"),
            "/ua": lambda: self.reply(200, "text/plain", self.headers["User-Agent"].encode()),
        }.get(self.path, lambda: self.reply(404, "text/plain", b"nope"))
        route()

    def reply(self, status, ctype, body, location=None):
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(body)))
        if location:
            self.send_header("Location", location)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    block_on_close = False  # do not wait for the deliberately slow handler on shutdown


@pytest.fixture
def server():
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.hits = {}
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True)
    thread.start()
    httpd.base = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def test_fetch_html_page(server):
    record = fetch_url(server.base + "/page")
    assert record == Record(server.base + "/page", "<html><body><p>Hi</p></body></html>", "html",
                            {"url": server.base + "/page"})


def test_fetch_follows_redirects_and_records_final_url(server):
    record = fetch_url(server.base + "/redirect")
    assert record.source == server.base + "/redirect"
    assert record.fields["url"] == server.base + "/page"


def test_fetch_sends_an_honest_user_agent(server):
    assert fetch_url(server.base + "/ua").content == USER_AGENT
    assert USER_AGENT.startswith("parallax/") and "offline-first" in USER_AGENT


def test_fetch_404_is_an_ingest_error_with_the_status(server):
    error = only(collect(server.base + "/missing"))
    assert error == IngestError(server.base + "/missing", "HTTP 404 Not Found")


def test_fetch_retries_a_503_then_succeeds(server):
    record = only(collect(server.base + "/flaky"))
    assert record.content == "second time lucky"
    assert server.hits["/flaky"] == 2


def test_fetch_times_out_on_a_slow_server(server):
    started = time.monotonic()
    error = only(collect(server.base + "/slow", timeout=0.2))
    assert error.reason == "request failed: timed out"
    assert time.monotonic() - started < 0.9


def test_fetch_uses_the_charset_from_the_header(server):
    record = fetch_url(server.base + "/cyrillic")
    assert RUSSIAN in record.content


def test_fetch_plain_text_and_refusals(server):
    assert fetch_url(server.base + "/plain").format == "text"
    with pytest.raises(FetchError, match="unsupported content type image/png"):
        fetch_url(server.base + "/image")
    with pytest.raises(FetchError, match="response is 5 KB, over the 1 KB limit"):
        fetch_url(server.base + "/big", max_bytes=1000)
    with pytest.raises(FetchError, match="empty document"):
        fetch_url(server.base + "/empty")


def test_fetch_connection_refused_is_reported():
    error = only(collect("http://127.0.0.1:9/closed", session=make_session(backoff=0)))
    assert error.reason.startswith("request failed: connection failed")


def test_url_list_fetches_each_url_and_skips_comments(tmp_path, server):
    listing = write(tmp_path / "sources.urls", "\n".join([
        "# campaign statements", "", f"{server.base}/page", "  not a url  ", f"{server.base}/missing",
        f"{server.base}/plain   ",
    ]))
    items = collect(listing)
    assert [type(i) for i in items] == [Record, IngestError, IngestError, Record]
    assert items[1] == IngestError(f"{listing}#4", "line 4 is not an http(s) URL: 'not a url'")
    assert items[2].reason == "HTTP 404 Not Found"
    assert items[3].source == f"{server.base}/plain"


def test_empty_url_list(tmp_path):
    assert only(collect(write(tmp_path / "none.urls", "# nothing yet\n\n"))).reason == "no URLs in the list"
