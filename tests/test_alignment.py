"""Alignment: each side's voice, neutral wire copy, distancing, outlet priors, the gold samples."""

from __future__ import annotations

import pytest

from parallax.alignment import align_document, analyse_alignment, decide
from parallax.document import Document
from parallax.mentions import MentionMatcher
from parallax.pack import load_pack
from parallax.pipeline import Context
from parallax.terms import find_terms


@pytest.fixture(scope="module")
def align(pack):
    matcher = MentionMatcher(pack)

    def run(text, metadata=()):
        mentions = matcher.find(text)
        doc = Document(id="t", source="t", text=text, layers={
            "metadata": list(metadata), "mentions": mentions, "terms": find_terms(text, pack, mentions)})
        return align_document(doc, pack)
    return run


CALIBRATION = {
    "wire-evenhanded": ("Azerbaijan reopened the Lachin corridor on Monday. Stepanakert, which Azerbaijan calls "
                        "Khankendi, has been cut off since December 2022. Baku calls its post a border "
                        "checkpoint; Yerevan calls it a blockade. Talks resume in Washington.", "neutral"),
    "wire-pairs": ("Residents of Shushi (Shusha) and Stepanakert (Khankendi) were told to leave, officials "
                   "said. The Armenian government and the Azerbaijani government traded accusations.", "neutral"),
    "armenian-release": ("The Aliyev regime's blockade of Artsakh is a crime. Armenians of Artsakh face "
                         "starvation in Stepanakert and the 44-day war left Shushi occupied Shushi.", "armenian"),
    "azerbaijani-release": ("After the Patriotic War Azerbaijan restored its territorial integrity. Former IDPs "
                            "return to Khankendi and Shusha under the Great Return, ending the occupation of "
                            "Karabakh by Armenian forces.", "azerbaijani"),
    "armenian-scare-quotes": ('The so-called "eco-activists" and the “border checkpoint” are a sham: Artsakh '
                              "remains under blockade, and Stepanakert has no fuel.", "armenian"),
    "azerbaijani-scare-quotes": ("Pro-Armenian lobbying groups keep repeating the “blockade” myth while trucks "
                                 "reach Khankendi through the Lachin border checkpoint.", "azerbaijani"),
    "wire-reported-speech": ("Baku calls it a border checkpoint. Armenia calls it a blockade. What Azerbaijan "
                             "calls Garabagh the Armenians call Artsakh.", "neutral"),
    "azerbaijani-referent": ("The occupation of Azerbaijani districts by Armenia lasted until the liberation "
                             "of Shusha and Khankendi, Garabagh's heart.", "azerbaijani"),
    "armenian-referent": ("Azerbaijani troops continue the occupation of Armenian territory near Jermuk, "
                          "after the occupation of Artsakh by Azerbaijan and the ethnic cleansing of Artsakh.",
                          "armenian"),
    "mixed": ("Artsakh authorities denounced the Aliyev regime and the blockade of Artsakh. The puppet regime "
              "in Khankendi, the Azerbaijani side replied, must yield to the anti-terror measures and the "
              "liberated territories of Garabagh.", "mixed"),
}


@pytest.mark.parametrize("name", sorted(CALIBRATION))
def test_calibration_texts(align, name):
    text, expected = CALIBRATION[name]
    result = align(text)
    assert result["side"] == expected, (result["scores"], [(e["text"], e["side"], e["weight"])
                                                          for e in result["evidence"]])
    assert 0.0 <= result["score"] <= 1.0


def test_every_evidence_item_explains_itself_and_points_into_the_text(align):
    text = CALIBRATION["armenian-release"][0]
    result = align(text)
    for item in result["evidence"]:
        assert set(item) == {"start", "end", "text", "side", "weight", "why", "layer"}
        assert text[item["start"]:item["end"]] == item["text"] and item["why"]
    assert sum(e["weight"] for e in result["evidence"] if e["side"] == "armenian") == \
        pytest.approx(result["scores"]["armenian"], abs=0.01)


def test_naming_has_diminishing_returns(align):
    once = align("Khankendi.")["scores"]["azerbaijani"]
    often = align("Khankendi. " * 8)["scores"]["azerbaijani"]
    assert once == 0.5 and often < 8 * once / 2


def test_attributed_names_do_not_count(align):
    result = align("Stepanakert, which Azerbaijan calls Khankendi, lost power.")
    naming = [e for e in result["evidence"] if e["text"] == "Khankendi"][0]
    assert naming["weight"] == 0 and "not counted" in naming["why"]


def test_outlet_prior_counts_and_explains(align):
    meta = [{"field": "outlet", "value": "Armenpress", "outlet": "outlet:armenpress", "start": 0, "end": 0}]
    result = align("Talks resumed in Washington on Friday.", meta)
    assert result["scores"]["armenian"] == 1.5 and "outlet prior: Armenpress" in result["evidence"][0]["why"]


def test_decision_rule():
    assert decide({"a": 1.0, "b": 0.5})[0] == "neutral"
    assert decide({"a": 6.0, "b": 5.0})[0] == "mixed"
    assert decide({"a": 2.0, "b": 1.8})[0] == "neutral"
    assert decide({"a": 8.0, "b": 1.0})[0] == "a"


def test_analyser_returns_one_result(pack):
    doc = Document(id="t", source="t", text="Nothing here.", layers={"metadata": [], "mentions": [], "terms": []})
    out = analyse_alignment(doc, Context(pack=pack))
    assert list(out) == ["alignment"] and out["alignment"][0]["side"] == "neutral"


def test_gold_samples(gold, shared_corpus, pack):
    from parallax.api import analyze
    from parallax.terms import analyse_terms
    ctx = Context(pack=pack)
    for name, expected in gold.items():
        if "alignment" not in expected:
            continue
        doc = next(iter(analyze([str(shared_corpus / name)])))
        doc.layers.update(analyse_terms(doc, ctx))
        assert analyse_alignment(doc, ctx)["alignment"][0]["side"] == expected["alignment"], name


# --------------------------------------------------------------- stances and the pack's positions

def _stance_doc(holder):
    from parallax.document import Document
    text = "The group calls for the repeal of Section 907."
    stance = {"target": "law:section-907", "name": "Section 907", "polarity": -1, "start": 0, "end": len(text),
              "text": text, "cue": "repeal", "hedged": False, "holder": holder}
    meta = [{"field": "author_org", "value": "Friends of Somewhere", "abbr": "FOS", "why": "", "evidence": []}]
    return Document(id="s", source="s.txt", text=text, layers={"stances": [stance], "metadata": meta})


def test_own_stance_matching_a_position_counts_for_that_side():
    from parallax.alignment import _stance_evidence
    pack = load_pack("south-caucasus")
    for holder in (None, {"text": "FOS", "entity": None}, {"text": "the Friends of Somewhere", "entity": None}):
        (item,) = _stance_evidence(_stance_doc(holder), pack)
        assert item["side"] == "azerbaijani" and item["layer"] == "stances" and "opposes" in item["why"]


def test_reported_stance_of_someone_else_counts_for_nobody():
    from parallax.alignment import _stance_evidence
    assert _stance_evidence(_stance_doc({"text": "Baku", "entity": "place:baku"}), load_pack("south-caucasus")) == []
