import pytest

from parallax.analysers import BUILTIN_ANALYSERS, default_registry
from parallax.document import Document
from parallax.errors import UndeclaredWrite, UnknownAnalyser, UnmetRead
from parallax.pipeline import Analyser, Context, Pipeline, build_pipeline


def doc(text="Some text."):
    return Document(id="x", source="t.txt", text=text, raw=text)


def writes(layer, value=None):
    return lambda d, c: {layer: value or []}


def test_unmet_read_fails_at_build_time():
    a = Analyser("late", "1", reads=("words",), writes=("x",), run=writes("x"))
    b = Analyser("words", "1", reads=("text",), writes=("words",), run=writes("words"))
    with pytest.raises(UnmetRead, match="'late' reads \\['words'\\]"):
        Pipeline([a, b])
    Pipeline([b, a])  # the right order builds


def test_undeclared_write_fails_at_run_time():
    sneaky = Analyser("sneaky", "1", reads=("text",), writes=("a",), run=lambda d, c: {"a": [], "b": []})
    with pytest.raises(UndeclaredWrite, match="wrote \\['b'\\]"):
        Pipeline([sneaky]).run(doc(), Context(pack=None))


def test_failing_analyser_records_error_and_batch_goes_on():
    def boom(d, c):
        raise ValueError("bad day")
    p = Pipeline([Analyser("boom", "1", ("text",), ("a",), boom),
                  Analyser("ok", "1", ("text",), ("b",), writes("b", [{"start": 0, "end": 4}]))])
    result = p.run(doc(), Context(pack=None))
    assert result.errors == ["analyser 'boom' failed: ValueError: bad day"]
    assert result.layers == {"a": [], "b": [{"start": 0, "end": 4}]}
    assert result.provenance == {"analyser:boom": "1", "analyser:ok": "1"}


def test_disable_and_unknown_names():
    registry = default_registry()
    assert build_pipeline(registry, disable=["claims"]).names == [
        "metadata", "mentions", "dates", "terms", "stances", "demands", "quotes", "alignment", "events"]
    with pytest.raises(UnmetRead, match="'claims' reads \\['dates'\\]"):
        build_pipeline(registry, disable=["dates"])
    with pytest.raises(UnknownAnalyser, match="choose from \\['metadata', 'mentions', 'dates'"):
        build_pipeline(registry, disable=["nope"])
    with pytest.raises(UnmetRead):  # dates needs metadata's published date
        build_pipeline(registry, disable=["metadata"])


def test_add_user_analyser_by_spec(tmp_path, monkeypatch):
    (tmp_path / "myplug.py").write_text(
        "from parallax.pipeline import Analyser\n"
        "shout = Analyser('shout', '1', ('text',), ('shouts',), lambda d, c: {'shouts': "
        "[{'start': 0, 'end': len(d.text), 'text': d.text}] if d.text.isupper() else []})\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    p = build_pipeline(default_registry(), only=["mentions"], add=["myplug:shout"])
    assert p.names == ["mentions", "shout"]
    with pytest.raises(UnknownAnalyser, match="must look like"):
        build_pipeline(default_registry(), add=["myplug"])
    with pytest.raises(UnknownAnalyser, match="cannot import"):
        build_pipeline(default_registry(), add=["nosuchmodule:x"])


def test_builtins_declare_what_they_write(tiny_pack):
    """Every built-in analyser runs on a real document and writes exactly its declared layers."""
    ctx = Context(pack=tiny_pack)
    d = doc("Rivertown, 9 November 2020. The Rivertown Accord was signed by Ana Şor.")
    for a in BUILTIN_ANALYSERS:
        out = a.run(d, ctx)
        assert set(out) == set(a.writes), a.name
        d.layers.update(out)
