"""Framing terms: matching, distancing (scare quotes, so-called, reported speech), referents."""

from __future__ import annotations


import pytest

from parallax.document import Document
from parallax.mentions import MentionMatcher
from parallax.pipeline import Context
from parallax.terms import SideLexicon, analyse_terms, find_terms


@pytest.fixture(scope="module")
def terms_of(pack):
    matcher = MentionMatcher(pack)
    return lambda text: find_terms(text, pack, matcher.find(text))


def _one(spans, term):
    found = [s for s in spans if s["term"] == term]
    assert len(found) == 1, spans
    return found[0]


def test_spans_point_into_text_longest_whole_word(terms_of):
    text = "The Aliyev regime blockaded Artsakh; unblockaded roads were the occupied territories of Azerbaijan."
    spans = terms_of(text)
    assert all(text[s["start"]:s["end"]] == s["text"] for s in spans)
    assert [s["term"] for s in spans] == ["term:aliyev-regime", "term:blockade", "term:artsakh",
                                         "term:occupied-territories"]
    assert spans[-1]["text"] == "occupied territories of Azerbaijan"
    assert set(spans[0]) >= {"start", "end", "text", "term", "side", "weight", "neutral", "quoted", "why"}


def test_scare_quotes_distance_the_other_sides_term(terms_of):
    spans = terms_of("Azerbaijan's Garabagh: the continued “blockade” is a fabrication, officials in Khankendi said.")
    blockade = _one(spans, "term:blockade")
    assert blockade["quoted"] and "scare quotes" in blockade["why"]
    assert not _one(spans, "term:garabagh")["quoted"]


def test_so_called_distances_the_term(terms_of):
    spans = terms_of('Artsakh is starving behind the so-called "border checkpoint" at the Hakari bridge.')
    assert _one(spans, "term:border-checkpoint")["quoted"]
    spans = terms_of("The alleged blockade of Garabagh never happened, Garabagh officials said.")
    assert _one(spans, "term:blockade")["quoted"]


def test_reported_speech_attributes_the_term(terms_of):
    spans = terms_of("Baku calls it a border checkpoint; Yerevan calls the closure a blockade.")
    assert _one(spans, "term:border-checkpoint")["quoted"]
    assert "reported speech" in _one(spans, "term:border-checkpoint")["why"]


def test_long_quotation_is_not_a_scare_quote(terms_of):
    spans = terms_of('Armenpress quoted the minister: "The blockade of Artsakh must end now, for everyone."')
    assert not _one(spans, "term:blockade")["quoted"]


def test_own_sides_term_in_quotes_is_not_flagged(terms_of):
    spans = terms_of('Artsakh, Artsakh, Artsakh: the "blockade" continues.')
    assert not _one(spans, "term:blockade")["quoted"]


@pytest.mark.parametrize("text, side", [
    ("The occupation of Karabakh by Armenian forces lasted thirty years.", "azerbaijani"),
    ("The occupation of Azerbaijani districts ended in 2020.", "azerbaijani"),
    ("The occupation of Artsakh by Azerbaijan is illegal.", "armenian"),
    ("Armenia demands an end to the occupation by Azerbaijan.", "armenian"),
    ("Shusha was liberated in November.", "azerbaijani"),
])
def test_referent_dependent_terms_resolve_from_the_sentence(terms_of, text, side):
    span = [s for s in terms_of(text) if s["term"] in ("term:occupation", "term:liberation")][0]
    assert span["side"] == side and "resolved" in span["why"], span


def test_unresolved_referent_keeps_the_pack_side_and_low_weight(terms_of):
    span = _one(terms_of("They spoke about occupation and memory."), "term:occupation")
    assert span["side"] == "azerbaijani" and span["weight"] < 1 and "unresolved" in span["why"]


def test_side_lexicon_reads_ownership_from_the_pack(pack):
    lexicon = SideLexicon(pack)
    assert lexicon.owner("place:stepanakert") == "azerbaijani"      # part_of Nagorno-Karabakh, of Azerbaijan
    assert lexicon.owner("group:karabakh-armenians") == "armenian"
    assert lexicon.owner("org:armed-forces-azerbaijan") == "azerbaijani"
    assert lexicon.side_of_word("Armenian") == "armenian" and lexicon.side_of_word("armed") is None


def test_analyser_reads_mentions_and_caches_the_automaton(pack):
    ctx = Context(pack=pack)
    text = "Khankendi residents welcomed the liberated territories."
    doc = Document(id="x", source="t", text=text, layers={"mentions": MentionMatcher(pack).find(text)})
    assert [s["term"] for s in analyse_terms(doc, ctx)["terms"]] == ["term:liberated-territories"]
    assert "terms" in ctx.cache
