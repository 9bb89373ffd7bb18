"""Quotes: direct, reported and mixed speech with speakers; scare quotes are not quotes."""

import pytest

from parallax.quotes import analyse_quotes, find_quotes
from parallax.testing import assert_spans_in_text


def quotes(text, mentions=()):
    found = find_quotes(text, list(mentions))
    assert_spans_in_text(text, found)
    for q in found:
        assert text[q["cue_start"]:q["cue_end"]] == q["cue"]
    return found


def test_mixed_reported_with_embedded_quote_and_title():
    text = "Spokesperson Ana Sor stated that the country is “concerned by recent events.”"
    mention = {"start": 13, "end": 20, "text": "Ana Sor", "entity": "person:ana-sor", "kind": "person"}
    (q,) = quotes(text, [mention])
    assert q["kind"] == "mixed" and q["text"] == "concerned by recent events."
    assert q["speaker"]["text"] == "Ana Sor" and q["speaker"]["title"] == "Spokesperson"
    assert q["speaker"]["entity"] == "person:ana-sor" and q["cue"] == "stated"


def test_statement_issuer_is_the_speaker():
    text = "The Foreign Ministry issued a statement that stated: “The border must be agreed.”"
    (q,) = quotes(text)
    assert q["speaker"]["text"] == "Foreign Ministry" and q["kind"] == "direct"
    assert q["text"] == "The border must be agreed."


@pytest.mark.parametrize("text, speaker, content", [
    ("“We will not allow it,” Aliyev said.", "Aliyev", "We will not allow it"),
    ('"It is over," said the minister.', "the minister", "It is over"),
    ("The minister noted: \"First point. Second point.\"", "The minister", "First point. Second point."),
    ("“Talks failed. We go on,” President Ana Sor added.", "Ana Sor", "Talks failed. We go on"),
])
def test_direct_quotes(text, speaker, content):
    (q,) = quotes(text)
    assert (q["speaker"]["text"], q["text"], q["kind"]) == (speaker, content, "direct")


@pytest.mark.parametrize("verb", ["reiterated", "noted", "added", "stressed", "emphasized", "claimed",
                                  "argued", "warned", "declared", "announced"])
def test_reported_that_clauses(verb):
    (q,) = quotes(f"The envoy {verb} that the road stays open.")
    assert (q["speaker"]["text"], q["text"], q["kind"], q["cue"]) == ("The envoy", "the road stays open",
                                                                     "reported", verb)


def test_told_reporters_and_according_to():
    found = quotes("Mayor Lee told reporters that the bridge was shut. According to the police, two died.")
    assert [(q["speaker"]["text"], q["text"]) for q in found] == [("Lee", "the bridge was shut"),
                                                                  ("the police", "two died")]


def test_pronoun_takes_previous_speaker_in_paragraph():
    found = quotes("Lee said that talks stalled. She added that more work is needed.\nHe said that it is late.")
    assert found[1]["speaker"]["resolved"] == "previous speaker" and found[1]["speaker"]["refers_to"] == "Lee"
    assert "resolved" not in found[2]["speaker"]


def test_quote_closing_a_sentence_is_not_attributed_forward():
    found = quotes("She said: “It is done.” Lee stated that it was not.")
    assert [(q["speaker"]["text"], q["text"]) for q in found] == [("She", "It is done."), ("Lee", "it was not")]


@pytest.mark.parametrize("text", [
    "It divides the region into “friends” and “others”.",
    "The so-called \"peace plan\" was shelved.",
    "The report was published on Monday.",
])
def test_scare_quotes_and_no_cue_are_not_quotes(text):
    assert quotes(text) == []


def test_corpus_checks(gold, shared_corpus):
    from parallax.api import analyze
    from parallax.pack import load_pack
    from parallax.pipeline import Context
    ctx = Context(pack=load_pack("south-caucasus"))
    for doc in analyze([str(shared_corpus / name) for name, item in gold.items() if item.get("quotes")]):
        found = analyse_quotes(doc, ctx)["quotes"]
        for expected in gold[doc.source.rsplit("/", 1)[-1]]["quotes"]:
            assert any(q["speaker"]["text"] == expected["speaker"] and q["text"].startswith(expected["starts"])
                       for q in found), expected
