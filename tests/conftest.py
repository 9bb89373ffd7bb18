"""Small named fixtures shared by the test modules."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus" / "south-caucasus"
EXAMPLES = REPO / "examples" / "south-caucasus"


def pytest_addoption(parser):
    parser.addoption("--update-golden", action="store_true", help="rewrite tests/golden/* from current output")


@pytest.fixture
def update_golden(request) -> bool:
    return request.config.getoption("--update-golden")


@pytest.fixture
def shared_corpus() -> Path:
    if not CORPUS.exists():
        pytest.skip(f"shared sample corpus not found at {CORPUS} (CI has it beside the repo)")
    return CORPUS


@pytest.fixture
def gold(shared_corpus) -> dict:
    import json
    return json.loads((shared_corpus / "gold.json").read_text("utf-8"))["documents"]


TINY_PACK = {
    "id": "tiny", "name": "A two-sided test conflict", "version": 1,
    "sides": [{"id": "north", "label": "North"}, {"id": "south", "label": "South"}],
    "outlets": [{"id": "outlet:north-news", "name": "North News", "side": "north", "domains": ["northnews.example"]}],
    "entities": [
        {"id": "place:rivertown", "kind": "place", "name": "Rivertown (Vadograd)",
         "names": {"north": ["Rivertown"], "south": ["Vadograd", "Vadohrad"]}, "aliases": []},
        {"id": "place:high-valley", "kind": "place", "name": "High Valley",
         "names": {"north": ["Upper Vale"], "south": ["Gorna Dolina"]}, "aliases": ["High Valley", "High-Valley region"]},
        {"id": "place:north", "kind": "place", "name": "Northland", "aliases": ["Northland"]},
        {"id": "place:turkey-hill", "kind": "place", "name": "Turkey", "aliases": []},
        {"id": "person:ana-sor", "kind": "person", "name": "Ana Şor", "aliases": ["Ana Sor"]},
    ],
    "events": [{"id": "event:river-accord", "name": "River Accord", "date": "2020-11-09",
                "names": {"north": ["Rivertown Accord"], "south": ["Vadograd Agreement"]}, "cues": ["accord"]}],
    "terms": [{"id": "term:siege", "forms": ["siege"], "side": "north", "weight": 1.0, "neutral": "road closure"}],
    "stance_targets": ["place:high-valley"],
}


@pytest.fixture
def tiny_pack_path(tmp_path) -> Path:
    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump(TINY_PACK, allow_unicode=True), "utf-8")
    return path


@pytest.fixture
def tiny_pack(tiny_pack_path):
    from parallax.pack import load_pack
    return load_pack(tiny_pack_path)


@pytest.fixture(scope="session")
def pack():
    """The bundled south-caucasus pack, loaded once."""
    from parallax.pack import load_pack
    return load_pack("south-caucasus")
