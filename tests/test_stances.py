"""Stances: polarity toward the pack's stance targets, with the cue, the evidence and the holder."""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from parallax.document import Document
from parallax.stances import analyse_stances, cue_polarity
from parallax.testing import assert_spans_in_text

ENTITIES = {"Section 907": ("law:section-907", "law"), "Minsk Group": ("org:osce-minsk-group", "org"),
            "EU mission": ("org:eu-mission", "org"), "ceasefire statement": ("event:ceasefire", "event"),
            "Alpha League": ("org:alpha", "org"), "Beta Council": ("org:beta", "org"),
            "Ned Price": ("person:ned-price", "person"), "Ruritania": ("place:ruritania", "place")}
CTX = SimpleNamespace(pack=SimpleNamespace(stance_targets=["law:section-907", "org:osce-minsk-group",
                                                           "org:eu-mission", "event:ceasefire"]))


def make_doc(text: str, author_org: str | None = None, abbr: str | None = None) -> Document:
    """A document with hand-made mentions of ENTITIES and optional author organisation."""
    mentions = [{"start": m.start(), "end": m.end(), "text": m.group(), "entity": ent, "name": name,
                 "kind": kind, "side": None}
                for name, (ent, kind) in ENTITIES.items() for m in re.finditer(re.escape(name), text)]
    metadata = [{"field": "author_org", "value": author_org, **({"abbr": abbr} if abbr else {})}] if author_org else []
    return Document(id="t", source="t", text=text, layers={"mentions": sorted(mentions, key=lambda m: m["start"]),
                                                          "metadata": metadata})


def polarities(text: str, **kw) -> dict[str, int]:
    return {s["target"]: s["polarity"] for s in analyse_stances(make_doc(text, **kw), CTX)["stances"]}


@pytest.mark.parametrize("sentence, target, polarity", [
    ("The group calls for the full repeal of Section 907.", "law:section-907", -1),
    ("They urged the government to fully enforce Section 907.", "law:section-907", 1),
    ("We welcome the closure of the Minsk Group.", "org:osce-minsk-group", -1),
    ("Leaders pledged to revitalize the Minsk Group process.", "org:osce-minsk-group", 1),
    ("For decades the Minsk Group failed to deliver tangible results.", "org:osce-minsk-group", -1),
    ("The Minsk Group has been dysfunctional for years.", "org:osce-minsk-group", -1),
    ("Section 907 is no longer relevant.", "law:section-907", -1),
    ("Section 907 should not be repealed.", "law:section-907", 1),
    ("The party does not support the EU mission.", "org:eu-mission", -1),
    ("The council supports the EU mission in the border area.", "org:eu-mission", 1),
    ("The regime has repeatedly violated the ceasefire statement.", "event:ceasefire", -1),
    ("Opposing the repeal of Section 907 is our duty.", "law:section-907", 1),
    ("The closure of the Minsk Group was a necessary step.", "org:osce-minsk-group", -1),
    ("Section 907, a misguided and discriminatory provision, remains in force.", "law:section-907", -1),
    ("Observers praise the EU mission for its work.", "org:eu-mission", 1),
])
def test_polarity_of_hand_written_sentences(sentence, target, polarity):
    assert polarities(sentence)[target] == polarity


def test_no_cue_no_stance():
    assert polarities("Section 907 was adopted in 1992 after a long debate.") == {}


def test_question_takes_no_side():
    assert polarities("Is Section 907 still relevant?") == {"law:section-907": 0}


def test_hedge_is_flagged():
    [item] = analyse_stances(make_doc("Lawmakers may repeal Section 907 next year."), CTX)["stances"]
    assert item["polarity"] == -1 and item["hedged"] is True


def test_reported_speech_of_the_other_side_belongs_to_the_speaker():
    text = "Ruritania welcomed the talks. Beta Council said it would scrap the EU mission."
    [item] = analyse_stances(make_doc(text, author_org="Alpha League"), CTX)["stances"]
    assert item["polarity"] == -1 and item["holder"]["entity"] == "org:beta"


def test_author_abbreviation_resolves_to_author_org():
    text = "The Alpha League (AL) is a charity. AL strongly supports the EU mission."
    [item] = analyse_stances(make_doc(text, author_org="Alpha League", abbr="AL"), CTX)["stances"]
    assert item["holder"]["entity"] == "org:alpha" and item["polarity"] == 1


def test_relative_clause_holder():
    text = "It was planned by Ned Price, who seeks to circumvent the Minsk Group process."
    [item] = analyse_stances(make_doc(text), CTX)["stances"]
    assert item["holder"]["entity"] == "person:ned-price" and item["polarity"] == -1


def test_one_item_per_sentence_and_target_with_evidence():
    text = "We support the EU mission and the EU mission must stay. The Minsk Group is obsolete."
    doc = make_doc(text)
    items = analyse_stances(doc, CTX)["stances"]
    assert [(i["target"], i["polarity"]) for i in items] == [("org:eu-mission", 1), ("org:osce-minsk-group", -1)]
    assert_spans_in_text(doc.text, items)
    assert items[1]["cue"] == "obsolete"


def test_cue_lemmas():
    assert cue_polarity("repealed") == -1 and cue_polarity("revitalizing") == 1 and cue_polarity("closes") == -1


def test_gold_document_stances(sample_docs, gold):
    names = {"law:section-907": "Section 907", "org:osce-minsk-group": "OSCE Minsk Group"}
    for doc, ctx in sample_docs:
        totals: dict[str, int] = {}
        for s in analyse_stances(doc, ctx)["stances"]:
            if s["holder"] is None or _is_author(doc, s["holder"]):  # the document's own voice
                name = names.get(s["target"], s["target"])
                totals[name] = totals.get(name, 0) + s["polarity"]
        expected = gold[doc.source.rsplit("/", 1)[-1]]["stances"]
        for want in expected:
            got = totals.get(want["target"], 0)
            assert got and (got > 0) == (want["polarity"] > 0), (doc.source, want, totals)


def _is_author(doc, holder) -> bool:
    author_mentions = {m["entity"] for m in doc.layer("mentions")
                       if m["text"] == doc.meta("author_org")}
    return holder.get("entity") in author_mentions


@pytest.fixture(scope="module")
def sample_docs():
    return analysed_samples()


def analysed_samples() -> list:
    """The shared sample documents through cleaning, metadata and mentions, with a pack Context."""
    from conftest import CORPUS
    if not CORPUS.exists():
        pytest.skip("shared sample corpus not found")
    from parallax.api import analyze
    from parallax.pack import load_pack
    from parallax.pipeline import Context
    ctx = Context(pack=load_pack("south-caucasus"))
    return [(d, ctx) for d in analyze(sorted(str(p) for p in CORPUS.glob("*.txt")))]
