from parallax.mentions import MentionMatcher, fold_text
from parallax.testing import assert_no_overlap, assert_spans_in_text


def find(pack, text):
    spans = MentionMatcher(pack).find(text)
    assert_spans_in_text(text, spans)
    assert_no_overlap(spans)
    return spans


def test_each_side_naming_is_marked(tiny_pack):
    spans = find(tiny_pack, "Shelling hit Rivertown, which the south calls Vadograd.")
    assert [(m["text"], m["entity"], m["side"]) for m in spans] == [
        ("Rivertown", "place:rivertown", "north"), ("Vadograd", "place:rivertown", "south")]
    assert spans[0]["name"] == "Rivertown (Vadograd)" and spans[0]["kind"] == "place"


def test_neutral_alias_has_no_side(tiny_pack):
    (m,) = find(tiny_pack, "Talks on High Valley resumed.")
    assert m["side"] is None and m["entity"] == "place:high-valley"


def test_possessive_and_case(tiny_pack):
    spans = find(tiny_pack, "RIVERTOWN’S mayor and Vadograd's council")
    assert [m["text"] for m in spans] == ["RIVERTOWN", "Vadograd"]


def test_no_match_inside_words(tiny_pack):
    assert find(tiny_pack, "Northlanders and Rivertowns and preVadograd") == []


def test_lowercase_common_word_is_not_a_proper_name(tiny_pack):
    assert find(tiny_pack, "we ate turkey") == []
    assert [m["text"] for m in find(tiny_pack, "Turkey objected")] == ["Turkey"]


def test_longest_match_wins(tiny_pack):
    (m,) = find(tiny_pack, "the Rivertown Accord was signed")
    assert m["entity"] == "event:river-accord" and m["kind"] == "event" and m["side"] == "north"


def test_hyphen_space_and_accent_variants(tiny_pack):
    spans = find(tiny_pack, "High Valley region, High-Valley region, Ana Sor and Ana Şor")
    assert [m["entity"] for m in spans] == ["place:high-valley", "place:high-valley",
                                            "person:ana-sor", "person:ana-sor"]


def test_fold_text_keeps_length():
    text = "İstanbul Xankəndi Şuşa – “quote” ’s \n"
    assert len(fold_text(text)) == len(text)
