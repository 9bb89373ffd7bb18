import json

import pytest
from click.testing import CliRunner

from parallax.cli import main

runner = CliRunner()

PRESS = ("Rivertown Council Welcomes the River Accord\n"
         "The Rivertown Council welcomed the Rivertown Accord signed on 9 November 2020 by Ana Şor. "
         "The council urges all parties to respect it.\n")


def invoke(*args):
    return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture
def inputs(tmp_path):
    (tmp_path / "press.txt").write_text(PRESS, "utf-8")
    (tmp_path / "junk.bin.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    (tmp_path / "feed.jsonl").write_text(
        json.dumps({"id": "n1", "text": "Vadograd officials met in Vadograd.", "title": "Meeting",
                    "published": "2021-03-04", "outlet": "South Wire"}) + "\n{broken json\n", "utf-8")
    return tmp_path


def test_analyze_json_contract(inputs, tiny_pack_path):
    result = invoke("analyze", inputs / "press.txt", inputs / "feed.jsonl", "--json", "--pack", tiny_pack_path)
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    docs = [d for d in lines if "text" in d]
    assert len(docs) == 2 and result.exit_code == 1  # the broken JSON line fails the run's status
    press = docs[0]
    assert {"schema", "id", "source", "title", "outlet", "author", "published", "genre", "text", "removed",
            "mentions", "dates", "errors"} <= set(press)
    assert press["schema"] == "parallax.document/1"
    assert {m["entity"] for m in press["mentions"]} >= {"event:river-accord", "person:ana-sor"}
    assert any(d["value"] == "2020-11-09" for d in press["dates"])
    feed = docs[1]
    assert feed["title"] == "Meeting" and feed["published"] == "2021-03-04" and feed["outlet"] == "South Wire"
    assert [m["side"] for m in feed["mentions"]] == ["south", "south"]
    errors = [d for d in lines if "text" not in d]
    assert len(errors) == 1 and "line 2" in errors[0]["errors"][0] and errors[0]["source"].endswith("feed.jsonl#2")


def test_bad_file_is_reported_and_batch_goes_on(inputs, tiny_pack_path):
    result = invoke("analyze", inputs, "--pack", tiny_pack_path)
    assert result.exit_code == 1
    assert "junk.bin.txt" in result.stderr and "binary" in result.stderr
    assert "press.txt" in result.stdout


def test_ingest_search_export_roundtrip(inputs, tiny_pack_path, tmp_path):
    db = tmp_path / "c.db"
    first = invoke("ingest", inputs / "press.txt", inputs / "feed.jsonl", "--db", db, "--pack", tiny_pack_path,
                   "--no-progress", "--workers", 1)
    assert "stored 2 document(s)" in first.stdout and first.exit_code == 1
    again = invoke("ingest", inputs / "press.txt", "--db", db, "--pack", tiny_pack_path, "--no-progress",
                   "--workers", 1)
    assert again.exit_code == 0
    found = json.loads(invoke("search", "accord", "--db", db, "--json").stdout)
    assert [r["source"] for r in found] == [str(inputs / "press.txt")]
    dated = invoke("search", "accord", "--db", db, "--from", "1990", "--to", "2030").stdout
    assert ("no matches" in dated) == (not any(r["published"] for r in found))
    assert "no matches" in invoke("search", "accord", "--db", db, "--side", "no-such-side").stdout
    bad = runner.invoke(main, ["search", '"unbalanced AND (', "--db", str(db)])
    assert bad.exit_code == 1 and "cannot parse search query" in bad.output
    for fmt in ("jsonl", "csv", "parquet"):
        out = tmp_path / f"out.{fmt}"
        assert "wrote 2 document(s)" in invoke("export", "--db", db, "--format", fmt, "-o", out).stdout
        assert out.stat().st_size > 0
    rows = [json.loads(x) for x in (tmp_path / "out.jsonl").read_text("utf-8").splitlines()]
    assert sorted(r["source"] for r in rows) == sorted([str(inputs / "press.txt"), str(inputs / "feed.jsonl") + "#1"])


def test_pack_check_reports_problems(tmp_path, tiny_pack_path):
    assert invoke("pack", "check", tiny_pack_path).stdout.startswith("ok: pack 'tiny'")
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: x\nname: y\nversion: 1\nsides: []\nentities: []\n", "utf-8")
    result = runner.invoke(main, ["pack", "check", str(bad)])
    assert result.exit_code == 1 and "sides: [] is too short" in result.output


def test_disable_analyser_from_cli(inputs, tiny_pack_path):
    result = invoke("analyze", inputs / "press.txt", "--json", "--disable", "claims", "--disable", "quotes",
                    "--pack", tiny_pack_path)
    doc = json.loads(result.stdout)
    assert "claims" not in doc and "quotes" not in doc and doc["mentions"] and doc["dates"]
    unknown = runner.invoke(main, ["analyze", str(inputs / "press.txt"), "--disable", "nope"])
    assert unknown.exit_code == 1 and "choose from" in unknown.output


def test_config_file(inputs, tiny_pack_path, tmp_path):
    cfg = tmp_path / "parallax.toml"
    cfg.write_text(f'[pipeline]\npack = "{tiny_pack_path}"\ndisable = ["claims"]\n', "utf-8")
    doc = json.loads(invoke("analyze", inputs / "press.txt", "--json", "--config", cfg).stdout)
    assert "claims" not in doc and doc["mentions"] and doc["dates"]
