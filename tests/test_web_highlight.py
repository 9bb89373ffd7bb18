"""Cutting text into highlight segments: overlaps, nesting, empty and out-of-range spans, snippets."""

from __future__ import annotations

from parallax.web.highlight import LAYERS, describe_span, segments, snippet_parts, span_layers
from parallax.web.present import css_token

TEXT = "The river town held talks on the valley road."


def cut(text, layers, wanted=LAYERS):
    return [(s.text, [m.layer for m in s.marks]) for s in segments(text, layers, wanted)]


def assert_tiles(text, segs):
    """Segments cover the text exactly once, in order, with no empty piece."""
    assert "".join(s.text for s in segs) == text
    assert all(s.start < s.end and text[s.start:s.end] == s.text for s in segs)
    assert all(a.end == b.start for a, b in zip(segs, segs[1:]))
    assert (segs[0].start, segs[-1].end) == (0, len(text)) if text else segs == []


def test_no_spans_is_one_plain_segment():
    assert cut(TEXT, {}) == [(TEXT, [])]


def test_overlapping_spans_split_into_three_pieces():
    layers = {"mentions": [{"start": 4, "end": 14}], "terms": [{"start": 10, "end": 19}]}
    assert cut(TEXT, layers) == [("The ", []), ("river ", ["mentions"]), ("town", ["mentions", "terms"]),
                                 (" held", ["terms"]), (" talks on the valley road.", [])]
    assert_tiles(TEXT, segments(TEXT, layers))


def test_nested_spans_put_the_longer_span_outside():
    layers = {"mentions": [{"start": 10, "end": 14}], "stances": [{"start": 0, "end": len(TEXT)}]}
    segs = segments(TEXT, layers)
    assert [m.layer for m in segs[1].marks] == ["stances", "mentions"]
    assert [s.text for s in segs] == ["The river ", "town", " held talks on the valley road."]
    assert_tiles(TEXT, segs)


def test_same_layer_overlaps_keep_each_span_index():
    layers = {"mentions": [{"start": 4, "end": 14}, {"start": 10, "end": 19}]}
    middle = segments(TEXT, layers)[2]
    assert middle.text == "town" and sorted(m.index for m in middle.marks) == [0, 1]


def test_zero_length_span_cuts_but_marks_nothing():
    segs = segments(TEXT, {"dates": [{"start": 10, "end": 10}]})
    assert [s.start for s in segs] == [0, 10] and all(not s.marks for s in segs)
    assert_tiles(TEXT, segs)


def test_out_of_range_offsets_are_clamped():
    layers = {"mentions": [{"start": -5, "end": 3}, {"start": 40, "end": 999}], "dates": [{"start": 30, "end": 20}]}
    segs = segments(TEXT, layers)
    assert segs[0].text == "The" and segs[0].marks[0].layer == "mentions"
    assert segs[-1].text == TEXT[40:] and segs[-1].marks[0].layer == "mentions"
    assert not any(m.layer == "dates" for s in segs for m in s.marks)
    assert_tiles(TEXT, segs)


def test_spans_without_offsets_and_unwanted_layers_are_ignored():
    layers = {"mentions": [{"text": "town"}, {"start": "4", "end": 9}], "alignment": [{"side": "north"}],
              "claims": [{"start": 0, "end": 3}]}
    assert cut(TEXT, layers, wanted=("mentions",)) == [(TEXT, [])]


def test_empty_text():
    assert segments("", {"mentions": [{"start": 0, "end": 4}]}) == []


def test_many_random_spans_still_tile_the_text():
    import random
    rng = random.Random(7)
    layers = {layer: [{"start": rng.randint(-3, 50), "end": rng.randint(-3, 50)} for _ in range(12)] for layer in LAYERS}
    segs = segments(TEXT, layers)
    assert_tiles(TEXT, segs)
    for s in segs:   # a segment is marked by exactly the spans that cover it
        for m in s.marks:
            span = layers[m.layer][m.index]
            assert max(span["start"], 0) <= s.start and s.end <= min(span["end"], len(TEXT))


def test_mentions_carry_their_naming_side_as_a_class():
    layers = {"mentions": [{"start": 4, "end": 9, "side": "north", "entity": "place:x", "name": "X"},
                           {"start": 10, "end": 14, "side": None, "entity": "place:y", "name": "Y"}]}
    classes = [s.marks[0].classes for s in segments(TEXT, layers) if s.marks]
    assert classes == ["l-mentions side-north", "l-mentions side-neutral"]


def test_css_tokens_are_safe_class_names():
    assert css_token("Pro West") == "pro-west"
    assert css_token('"><script>') == "script"
    assert css_token("") == "x"


def test_span_layers_lists_known_layers_first_then_extensions():
    layers = {"zz_custom": [{"start": 0, "end": 1}], "dates": [{"start": 0, "end": 1}], "mentions": [],
              "alignment": [{"side": "north", "score": 1.0}], "metadata": [{"field": "title"}]}
    assert span_layers(layers) == ["dates", "zz_custom"]


def test_tooltips_describe_the_span_on_one_line():
    demand = {"actor": {"name": "The council"}, "addressee": {"text": "the mayor"}, "action": "reopen\nthe road"}
    assert describe_span("demands", demand) == "demand: The council → the mayor: reopen the road"
    assert describe_span("custom", {"start": 0, "end": 1, "label": "x"}) == "custom: label: x"


def test_snippet_parts_split_hits_from_text():
    assert snippet_parts("the [river] town [road]") == [("the ", False), ("river", True), (" town ", False),
                                                        ("road", True)]
    assert snippet_parts("") == []
    assert snippet_parts("no hits") == [("no hits", False)]
    assert snippet_parts("[open") == [("open", True)]
