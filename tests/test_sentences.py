from parallax.sentences import sentence_spans


def sentences(text):
    return [text[s:e] for s, e in sentence_spans(text)]


def test_splits_on_sentence_ends_and_lines():
    text = "Talks resumed. Dr. Smith spoke in the U.S. Senate on Monday! Was it enough?\nHeadline line\nNext."
    assert sentences(text) == ["Talks resumed.", "Dr. Smith spoke in the U.S. Senate on Monday!",
                               "Was it enough?", "Headline line", "Next."]


def test_closing_quote_stays_with_its_sentence():
    assert sentences('He said: “We will return.” Then he left.') == ['He said: “We will return.”', "Then he left."]


def test_lowercase_after_period_does_not_split_and_empty_text():
    assert sentences("Approx. one million left. e.g. this") == ["Approx. one million left. e.g. this"]
    assert sentence_spans("   ") == []
