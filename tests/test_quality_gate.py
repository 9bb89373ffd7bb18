"""Quality gate: the flat-text cleaner must not fall below its pinned F1 on the shared benchmark.

The floor lives in bench/baselines/flat_extraction_floor.json; a change may raise it, never
silently lower it. The benchmark is read from ../shared (next to the repository), not copied.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from parallax.clean import clean_flat_text

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO.parent / "shared" / "bench" / "flat-extraction"
FLOOR = REPO / "bench" / "baselines" / "flat_extraction_floor.json"

pytestmark = pytest.mark.skipif(not (BENCH / "gold.json").is_file(),
                                reason=f"flat-extraction benchmark not found at {BENCH}")


def load_scorer():
    """The benchmark's own metric (score.py), imported by path."""
    spec = importlib.util.spec_from_file_location("flat_extraction_score", BENCH / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_flat_cleaner_meets_pinned_floor():
    floor = json.loads(FLOOR.read_text(encoding="utf-8"))["clean_flat_text"]["f1"]
    gold = {key: value["articleBody"]
            for key, value in json.loads((BENCH / "gold.json").read_text(encoding="utf-8")).items()}
    predicted = {key: clean_flat_text((BENCH / "flat" / f"{key}.txt").read_text(encoding="utf-8")).text
                 for key in gold}
    result = load_scorer().score(gold, predicted)
    assert result["f1"] >= floor, f"F1 {result['f1']:.3f} fell below the pinned floor {floor}"
