"""Golden files per stage for the bundled sample documents; rewrite on purpose with --update-golden."""

import json
from pathlib import Path

import pytest

from conftest import EXAMPLES
from parallax.api import PipelineConfig, analyze
from parallax.testing import assert_document_valid

GOLDEN = Path(__file__).parent / "golden"
STAGES = ("clean", "metadata", "mentions", "dates", "terms", "stances", "demands", "quotes", "claims", "alignment", "events")
SAMPLES = sorted(p.name for p in EXAMPLES.glob("*.txt"))


@pytest.fixture(scope="module")
def analysed() -> dict:
    docs = list(analyze([str(EXAMPLES / name) for name in SAMPLES], PipelineConfig()))
    return {Path(d.source).name: d for d in docs}


def stage_view(doc, stage):
    if stage == "clean":
        return {"text": doc.text.split("\n"), "removed": [f"{r['why']}: {r['text']}" for r in doc.removed]}
    return doc.layer(stage)


@pytest.mark.parametrize("stage", STAGES)
@pytest.mark.parametrize("name", SAMPLES)
def test_golden(analysed, name, stage, update_golden):
    doc = analysed[name]
    assert_document_valid(doc)
    assert doc.errors == []
    actual = stage_view(doc, stage)
    path = GOLDEN / f"{name}.{stage}.json"
    if update_golden or not path.exists():
        path.parent.mkdir(exist_ok=True)
        path.write_text(json.dumps(actual, ensure_ascii=False, indent=1) + "\n", "utf-8")
        if not update_golden:
            pytest.fail(f"golden file {path.name} was missing and has been written; check it and commit it")
    assert actual == json.loads(path.read_text("utf-8")), f"{path.name} differs; rerun with --update-golden if intended"
