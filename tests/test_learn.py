"""Learning a draft pack's framing terms from a labelled corpus."""

from __future__ import annotations

import json
import random
from collections import Counter

import pytest
import yaml

from parallax.learn import (
    LabelsError, TermScore, count_ngrams, fightin_words, learn_draft_pack, learn_from_paths, read_labels,
    record_keys, term_weight, write_draft,
)
from parallax.pack import load_pack, validate_pack_data

SHARED = [
    "The ministers met again for talks on the border agreement.",
    "Villages in the region were waiting for news from the capital.",
    "Officials said the talks would continue next week.",
    "The agreement covers roads, water and electricity for the region.",
]
DISTINCTIVE = {
    "north": ["The siege of the valley is a humanitarian catastrophe.",
              "Our homeland will defend its right to self-determination.",
              "Families under siege cannot reach hospitals in the homeland."],
    "south": ["The liberation of the valley restored territorial integrity.",
              "A checkpoint on the road protects against smuggling.",
              "Liberation brought demining teams and a new checkpoint."],
}


def synthetic_documents(per_side: int = 20, seed: int = 7) -> list[tuple[str, str]]:
    """(text, side) pairs: every document mixes the shared sentences with two of its side's own."""
    rng = random.Random(seed)
    docs = []
    for side, own in DISTINCTIVE.items():
        for _ in range(per_side):
            sentences = rng.sample(SHARED, 3) + rng.sample(own, 2)
            rng.shuffle(sentences)
            docs.append((" ".join(sentences), side))
    return docs


@pytest.fixture
def draft() -> dict:
    return learn_draft_pack(synthetic_documents(), top=40)


def _sides_of(draft: dict) -> dict[str, str]:
    return {term["forms"][0]: term["side"] for term in draft["terms"]}


def test_distinctive_words_come_out_on_their_side(draft):
    sides = _sides_of(draft)
    assert sides["siege"] == sides["homeland"] == "north"
    assert sides["liberation"] == sides["checkpoint"] == "south"
    # a word seen only inside one phrase is learned as that phrase (the longer of equal-count n-grams)
    for word, side in (("self-determination", "north"), ("territorial integrity", "south")):
        holders = {s for form, s in sides.items() if f" {word} " in f" {form} "}
        assert holders == {side}, word


def test_shared_words_are_not_framing_terms(draft):
    terms = set(_sides_of(draft))
    assert not terms & {"ministers", "talks", "agreement", "region", "border agreement", "villages"}
    scores = fightin_words({side: count_ngrams(t for t, s in synthetic_documents() if s == side)
                            for side in DISTINCTIVE})
    z = {s.term: s.z for s in scores["north"]}
    assert z["siege"] > 1.96 and z["liberation"] < -1.96
    assert all(abs(z[w]) < 1.96 for w in ("ministers", "talks", "agreement", "region"))


def test_draft_validates_and_is_sorted_by_z(draft):
    assert validate_pack_data(draft) == []
    assert [s["id"] for s in draft["sides"]] == ["north", "south"]
    zs = [float(t["note"].split("z=")[1].split(",")[0]) for t in draft["terms"]]
    assert zs == sorted(zs, reverse=True) and min(zs) >= 1.96
    assert all(t["id"].startswith("term:") and 0 < t["weight"] <= 2.0 for t in draft["terms"])


def test_notes_carry_counts_and_an_example(draft):
    siege = next(t for t in draft["terms"] if t["forms"] == ["siege"])
    assert siege["note"].startswith("learned: z=") and "count=" in siege["note"]
    assert "siege" in siege["note"].split("e.g.")[1].lower()


def test_top_limits_terms_per_side():
    draft = learn_draft_pack(synthetic_documents(), top=2)
    assert Counter(t["side"] for t in draft["terms"]) == {"north": 2, "south": 2}


def test_z_scores_are_symmetric_when_sides_swap():
    docs = synthetic_documents()
    north = count_ngrams(t for t, s in docs if s == "north")
    south = count_ngrams(t for t, s in docs if s == "south") + Counter({"extra": 5})
    scores = fightin_words({"a": north, "b": south})
    swapped = fightin_words({"a": south, "b": north})
    z_a = {s.term: s.z for s in scores["a"]}
    z_b = {s.term: s.z for s in scores["b"]}
    assert z_a == pytest.approx({s.term: s.z for s in swapped["b"]})
    assert z_a == pytest.approx({term: -z for term, z in z_b.items()})


def test_fightin_words_scores_are_sorted_and_count_both_sides():
    scores = fightin_words({"x": Counter({"red": 30, "blue": 5, "green": 10}),
                            "y": Counter({"red": 5, "blue": 30, "green": 10})})
    assert [s.term for s in scores["x"]] == ["red", "green", "blue"]
    red = scores["x"][0]
    assert isinstance(red, TermScore) and (red.count, red.other_count) == (30, 5) and red.delta > 0


def test_fightin_words_needs_two_sides():
    with pytest.raises(ValueError, match="two sides"):
        fightin_words({"x": Counter({"a": 1, "b": 2})})


def test_count_ngrams_skips_stopword_edged_ngrams_and_numbers():
    counts = count_ngrams(["The blockade of the city ended in 2023 with the 44-day war and a humanitarian aid convoy"])
    assert {"blockade", "city", "44-day", "44-day war", "war", "city ended", "humanitarian aid convoy"} <= set(counts)
    assert not {"the blockade", "blockade of", "of the city", "the city", "2023", "in 2023"} & set(counts)
    assert not any(gram.split()[0] in {"the", "of", "in", "with"} or gram.split()[-1] in {"the", "of", "in", "with"}
                   for gram in counts)
    assert max(len(gram.split()) for gram in counts) == 3


def test_count_ngrams_stays_inside_clauses_and_folds_case():
    counts = count_ngrams(["Peace deal. Talks later; Azerbaijan's U.S. Embassy"], max_n=2)
    assert "peace deal" in counts and "deal talks" not in counts and "later azerbaijan" not in counts
    assert "azerbaijan us" in counts and "us embassy" in counts


def test_count_ngrams_min_count():
    assert count_ngrams(["red red blue"], min_count=2) == Counter({"red": 2})


def test_term_weight_mapping():
    assert term_weight(1.96) == 0.49 and term_weight(4.0) == 1.0 and term_weight(30.0) == 2.0


def test_learn_draft_pack_needs_two_sides():
    with pytest.raises(LabelsError, match="two sides"):
        learn_draft_pack([("some text here", "north")])


def test_non_ascii_terms_get_valid_ids():
    east, west = "блокада города продолжается", "освобождение земли завершено"
    docs = [(east, "east")] * 12 + [(west, "west")] * 12
    draft = learn_draft_pack(docs)
    assert validate_pack_data(draft) == []
    sides = _sides_of(draft)
    assert sides[east] == "east" and sides[west] == "west"
    assert all(t["id"].startswith("term:x") for t in draft["terms"])


# --- labels --------------------------------------------------------------------------------

def _labels(tmp_path, text: str):
    path = tmp_path / "labels.csv"
    path.write_text(text, "utf-8")
    return path


def test_read_labels_normalises_sources_and_sides(tmp_path):
    path = _labels(tmp_path, "\ufeffSource,Side,note\n./a/b.txt,North,x\n\nc.jsonl#2 , south,\nrec-7,south,\n")
    assert read_labels(path) == {"a/b.txt": "north", "c.jsonl#2": "south", "rec-7": "south"}


@pytest.mark.parametrize("text, message", [
    ("file,side\na.txt,north\n", "no source column"),
    ("source,stance\na.txt,north\n", "no side column"),
    ("", "is empty"),
    ("\n\n", "is empty"),
    ("source,side\n", "no labels"),
    ("source,side\na.txt,North Side\n", "not a side id"),
    ("source,side\na.txt,neutral\n", "reserved"),
    ("source,side\n,north\n", "empty source"),
    ("source,side\na.txt,north\na.txt,south\n", "labelled both"),
])
def test_read_labels_errors(tmp_path, text, message):
    with pytest.raises(LabelsError, match=message):
        read_labels(_labels(tmp_path, text))


def test_read_labels_unknown_side_lists_choices(tmp_path):
    path = _labels(tmp_path, "source,side\na.txt,east\n")
    with pytest.raises(LabelsError, match=r"row 2: unknown side 'east'; choose from \['north', 'south'\]"):
        read_labels(path, sides=["south", "north"])
    assert issubclass(LabelsError, ValueError)


def test_read_labels_missing_file(tmp_path):
    with pytest.raises(LabelsError, match="cannot read"):
        read_labels(tmp_path / "nope.csv")


def test_record_keys_most_specific_first():
    keys = record_keys("corpus/north/a.jsonl#3", "rec-9")
    assert keys[0] == "corpus/north/a.jsonl#3"
    assert keys.index("a.jsonl#3") < keys.index("rec-9") < keys.index("a.jsonl")
    assert "north/a.jsonl#3" in keys
    assert record_keys("https://example.org/x#y") == ["https://example.org/x#y"]


# --- end to end ----------------------------------------------------------------------------

def test_learn_from_paths_end_to_end(tmp_path):
    corpus = tmp_path / "corpus"
    (corpus / "north").mkdir(parents=True)
    docs = synthetic_documents()
    rows, records = ["source,side"], []
    for i, (text, side) in enumerate(docs):
        if side == "north" and i % 2:
            (corpus / "north" / f"n{i}.txt").write_text(text, "utf-8")
            rows.append(f"n{i}.txt,north" if i % 4 == 1 else f"north/n{i}.txt,north")
        elif side == "north":
            (corpus / "north" / f"n{i}.html").write_text(f"<html><body><article><p>{text}</p></article></body></html>")
            rows.append(f"north/n{i}.html,north")
        else:
            records.append({"id": f"s{i}", "text": text})
            rows.append(f"s{i},south" if i % 2 else f"south.jsonl#{len(records)},south")
    (corpus / "south.jsonl").write_text("\n".join(json.dumps(r) for r in records) + "\n", "utf-8")
    (corpus / "stray.txt").write_text(SHARED[0], "utf-8")
    rows.append("missing.txt,south")
    labels = _labels(tmp_path, "\n".join(rows) + "\n")

    draft, warnings = learn_from_paths(str(labels), [str(corpus)], top=10)

    assert validate_pack_data(draft) == []
    assert _sides_of(draft).get("siege") == "north" and _sides_of(draft).get("liberation") == "south"
    assert any(w.startswith("1 documents had no label") and "stray.txt" in w for w in warnings)
    assert any(w.startswith("1 labels matched no document") and "missing.txt" in w for w in warnings)
    out = tmp_path / "draft.yaml"
    write_draft(draft, out)
    assert yaml.safe_load(out.read_text("utf-8")) == draft
    assert load_pack(out).summary()["terms"] == len(draft["terms"])


def test_three_sides_each_against_the_pooled_others():
    docs = synthetic_documents() + [(f"{SHARED[i % 4]} The ceasefire monitors reported calm.", "monitor")
                                    for i in range(20)]
    draft = learn_draft_pack(docs)
    assert validate_pack_data(draft) == []
    sides = _sides_of(draft)
    assert sides["siege"] == "north" and sides["liberation"] == "south"
    assert any("ceasefire" in form and side == "monitor" for form, side in sides.items())


def test_invalid_pack_id_is_a_pack_error():
    from parallax.errors import PackError
    with pytest.raises(PackError, match="id"):
        learn_draft_pack(synthetic_documents(), pack_id="Not A Slug")
