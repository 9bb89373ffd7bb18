import copy

import pytest
import yaml

from conftest import TINY_PACK
from parallax.errors import PackError, UnknownPack
from parallax.pack import bundled_packs, load_pack, validate_pack_data


def problems_of(mutate) -> list[str]:
    data = copy.deepcopy(TINY_PACK)
    mutate(data)
    return validate_pack_data(data)


def test_tiny_pack_is_valid(tiny_pack):
    assert tiny_pack.id == "tiny" and tiny_pack.side_ids == ["north", "south"]
    assert len(tiny_pack.sha256) == 64
    assert tiny_pack.summary()["entities"] == 5


def test_missing_required_key():
    assert any("'sides' is a required property" in p for p in problems_of(lambda d: d.pop("sides")))


def test_unknown_key_is_rejected():
    assert any("Additional properties" in p for p in problems_of(lambda d: d["entities"][0].update(colour="red")))


def test_unknown_side_lists_the_sides():
    problems = problems_of(lambda d: d["entities"][0]["names"].update(east=["X"]))
    assert problems == ["place:rivertown: unknown side 'east'; sides are ['north', 'south']"]


def test_duplicate_id_and_wrong_prefix():
    def mutate(d):
        d["entities"][1]["id"] = "place:rivertown"
        d["entities"][2]["id"] = "org:north"
    problems = problems_of(mutate)
    assert "entities: duplicate id 'place:rivertown'" in problems
    assert "entities: id 'org:north' should start with 'place:'" in problems


def test_dangling_reference():
    problems = problems_of(lambda d: d["stance_targets"].append("law:nothing"))
    assert problems == ["stance_targets: unknown id 'law:nothing'"]


def test_same_form_for_two_entities_is_ambiguous():
    problems = problems_of(lambda d: d["entities"][1]["aliases"].append("vadograd"))
    assert len(problems) == 1 and "'vadograd' names both 'place:rivertown' and 'place:high-valley'" in problems[0]


def test_neutral_is_reserved_as_side_id():
    problems = problems_of(lambda d: d["sides"].append({"id": "neutral", "label": "N"}))
    assert problems == ["sides: 'neutral' is reserved; choose another side id"]


def test_load_reports_all_problems(tmp_path):
    data = copy.deepcopy(TINY_PACK)
    data["stance_targets"] += ["law:a", "law:b"]
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data), "utf-8")
    with pytest.raises(PackError) as info:
        load_pack(path)
    assert len(info.value.problems) == 2 and "2 problem(s)" in str(info.value)


def test_not_yaml(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("id: [unclosed", "utf-8")
    with pytest.raises(PackError, match="not valid YAML"):
        load_pack(path)


def test_unknown_pack_lists_bundled():
    with pytest.raises(UnknownPack, match="bundled packs"):
        load_pack("no-such-conflict")


def test_every_bundled_pack_is_valid():
    packs = bundled_packs()
    assert "south-caucasus" in packs
    for name in packs:
        assert load_pack(name).id == name


def test_positions_need_known_side_and_stance_target():
    def mutate(d):
        d["positions"] = [{"target": "place:high-valley", "side": "east", "polarity": 1},
                          {"target": "place:rivertown", "side": "north", "polarity": -1}]
    assert problems_of(mutate) == ["positions: place:high-valley: unknown side 'east'; sides are ['north', 'south']",
                                   "positions: 'place:rivertown' is not one of stance_targets"]
