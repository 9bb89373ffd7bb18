"""Tests for the rule-based date tagger (parallax.dates)."""
import datetime as dt
import json
from pathlib import Path

import pytest

from parallax.dates import tag_dates

PUBLISHED = dt.date(2021, 5, 28)
SAMPLES = Path("/work/shared/corpus/south-caucasus")


def only(text, published=None):
    """The single mention found in `text`, checked for exact offsets."""
    items = tag_dates(text, published)
    assert len(items) == 1, items
    item = items[0]
    assert text[item["start"]:item["end"]] == item["text"]
    return item


def values(text, published=None):
    return [item["value"] for item in tag_dates(text, published)]


def assert_well_formed(text, items):
    keys = {"start", "end", "text", "value", "kind", "anchor", "mod"}
    previous_end = 0
    for item in items:
        assert set(item) == keys
        assert previous_end <= item["start"] < item["end"] <= len(text)
        assert text[item["start"]:item["end"]] == item["text"]
        assert item["kind"] in {"date", "partial", "relative", "yearless"}
        assert item["anchor"] in {"published", "context", None}
        assert item["mod"] in {"START", "MID", "END", None}
        previous_end = item["end"]


@pytest.mark.parametrize("text, surface", [
    ("It was signed on November 9, 2020 in Moscow.", "November 9, 2020"),
    ("It was signed on Nov. 9, 2020 in Moscow.", "Nov. 9, 2020"),
    ("It was signed on 9 November 2020 in Moscow.", "9 November 2020"),
    ("It was signed on November 9th, 2020 in Moscow.", "November 9th, 2020"),
    ("It was signed on the 9th of November 2020.", "the 9th of November 2020"),
    ("It was signed on 2020-11-09.", "2020-11-09"),
    ("It was signed on 09.11.2020.", "09.11.2020"),
    ("Posted Monday, November 9, 2020 by staff", "Monday, November 9, 2020"),
])
def test_full_dates(text, surface):
    item = only(text)
    assert (item["text"], item["value"], item["kind"]) == (surface, "2020-11-09", "date")
    assert item["anchor"] is None and item["mod"] is None


def test_day_month_comma_year():
    assert only("agreed on 10 November, 2020.")["value"] == "2020-11-10"


def test_numeric_dates_only_when_unambiguous():
    assert only("on 13/11/2020 at noon")["value"] == "2020-11-13"
    assert only("on 11/13/2020 at noon")["value"] == "2020-11-13"
    assert values("on 9/11/2020 at noon") == []
    assert values("the attacks of 9/11 changed everything") == []


def test_ranges_take_the_start_day():
    item = only("The talks ran January 23-25, 2023 in Geneva.")
    assert (item["text"], item["value"]) == ("January 23-25, 2023", "2023-01-23")
    assert only("held 23–25 January 2023")["value"] == "2023-01-23"


def test_year_ranges_give_each_year():
    assert values("between 1988 and 1994") == ["1988", "1994"]
    assert values("the 1988-1994 war") == ["1988", "1994"]


@pytest.mark.parametrize("text, value", [
    ("November 2020", "2020-11"), ("Nov 2020", "2020-11"), ("in May 2019", "2019-05"),
    ("in 1993 the Council", "1993"), ("© 2024 Aze.Media", "2024"),
    ("fall 2023", "2023-FA"), ("autumn of 2023", "2023-FA"), ("Spring 2021", "2021-SP"),
    ("the winter of 2022", "2022-WI"), ("the 1990s", "199X"), ("the '90s", "199X"),
    ("the 2020s", "202X"), ("the 20th century", "19XX"),
])
def test_partial_dates(text, value):
    item = only(text)
    assert (item["value"], item["kind"], item["anchor"]) == (value, "partial", None)


@pytest.mark.parametrize("text, value, mod", [
    ("late 2023", "2023", "END"), ("mid-2022", "2022", "MID"), ("early 2020", "2020", "START"),
    ("early 1990s", "199X", "START"), ("the late 1980s", "198X", "END"),
    ("by the end of 2020", "2020", "END"), ("early August 2020", "2020-08", "START"),
    ("late fall 2023", "2023-FA", "END"),
])
def test_mods(text, value, mod):
    item = only(text)
    assert (item["value"], item["mod"]) == (value, mod)


def test_mod_on_a_yearless_month():
    item = only("Fighting resumed in early August.", PUBLISHED)
    assert (item["text"], item["value"], item["mod"]) == ("early August", "2020-08", "START")


@pytest.mark.parametrize("text, value", [
    ("today", "2021-05-28"), ("yesterday", "2021-05-27"), ("tomorrow", "2021-05-29"),
    ("this year", "2021"), ("last year", "2020"), ("next year", "2022"),
    ("next month", "2021-06"), ("last month", "2021-04"),
    ("last week", "2021-W20"), ("this week", "2021-W21"),
    ("two years ago", "2019"), ("3 months ago", "2021-02"), ("a decade ago", "2011"),
    ("last Fall", "2020-FA"), ("this summer", "2021-SU"), ("last winter", "2020-WI"),
    ("last May", "2020-05"), ("next March", "2022-03"),
])
def test_relative_against_published(text, value):
    item = only(f"It happened {text}, officials said.", PUBLISHED)
    assert (item["text"], item["value"], item["kind"], item["anchor"]) == \
        (text, value, "relative", "published")


def test_relative_without_published_is_unresolved():
    item = only("It happened last year.")
    assert (item["value"], item["kind"], item["anchor"]) == ("XXXX", "relative", None)
    assert only("It happened yesterday.")["value"] == "XXXX-XX-XX"


def test_relative_mod():
    item = only("late last year", PUBLISHED)
    assert (item["value"], item["mod"]) == ("2020", "END")


def test_yearless_from_context():
    text = ("On August 6, 1992, the bill was introduced. A few months later, on October 24, "
            "it became law.")
    items = tag_dates(text, dt.date(2024, 10, 21))
    assert [i["value"] for i in items] == ["1992-08-06", "1992-10-24"]
    assert (items[1]["text"], items[1]["kind"], items[1]["anchor"]) == \
        ("October 24", "yearless", "context")


def test_yearless_from_published():
    item = only("The vote is set for June 20 in parliament.", PUBLISHED)
    assert (item["value"], item["anchor"]) == ("2021-06-20", "published")
    # More than a month after publication: the previous year is meant.
    assert only("on October 24 it was adopted", PUBLISHED)["value"] == "2020-10-24"
    assert only("on 20 June the talks", PUBLISHED)["value"] == "2021-06-20"
    assert only("on 6 July the talks", PUBLISHED)["value"] == "2020-07-06"


def test_yearless_unresolved():
    item = only("on October 24 it was adopted")
    assert (item["value"], item["kind"], item["anchor"]) == ("XXXX-10-24", "yearless", None)


def test_dateline_in_capitals():
    item = only("YEREVAN, JANUARY 23, ARTSAKHPRESS: The government said", PUBLISHED)
    assert (item["text"], item["value"], item["anchor"]) == ("JANUARY 23", "2021-01-23",
                                                             "published")


def test_month_alone_needs_a_cue():
    assert only("Elections are due in May.", PUBLISHED)["value"] == "2021-05"
    assert values("It may become law. May we ask? The MAY report.", PUBLISHED) == []
    assert values("Protesters will march on Friday.", PUBLISHED) == []


@pytest.mark.parametrize("text", [
    "We can now see it.", "nearly 20% of the territory", "30,000 refugees", "2,000 troops",
    "Resolutions 822, 853, 874, and 884", "an image of 1086x724 pixels",
    "call +1 202-555-2020 now", "it cost $2020", "8 Min Read", "687 Views", "version 2.2020.1",
    "Section 907 of the Act", "Section 1992 of the Code", "after 9/11", "a 4-day war",
    "1500 troops were sent", "2000 people attended", "inside 1,992 homes", "No. 2020",
    "2020%", "item #1995", "at 1080p", "the 1500-strong unit",
])
def test_not_dates(text):
    assert tag_dates(text, PUBLISHED) == []


def test_usa_today_is_a_name():
    assert values("USA Today reported", PUBLISHED) == []


def test_dates_do_not_cross_lines():
    assert values("Shipping in December\n13-Inch MacBook", PUBLISHED) == ["2020-12"]


def test_layer_is_sorted_and_well_formed():
    text = ("WASHINGTON, Monday, January 23, 2023. Last Fall, in the early 1990s and "
            "2020s, between 1988 and 1994, on 6 July, yesterday, and in May 2019.")
    items = tag_dates(text, PUBLISHED)
    assert len(items) == 9
    assert_well_formed(text, items)


def test_empty_text():
    assert tag_dates("") == []


GOLD_PUBLISHED = {"azemedia-section-907-opinion.raw.txt": dt.date(2024, 10, 21),
                  "assembly-state-dept-pow-release.txt": dt.date(2021, 5, 28)}


@pytest.mark.skipif(not (SAMPLES / "gold.json").exists(), reason="shared corpus absent")
def test_sample_documents_gold_dates():
    gold = json.loads((SAMPLES / "gold.json").read_text(encoding="utf-8"))
    missing = []
    for name, doc in gold["documents"].items():
        text = (SAMPLES / name).read_text(encoding="utf-8")
        items = tag_dates(text, GOLD_PUBLISHED.get(name))
        assert_well_formed(text, items)
        found = [(i["start"], i["end"], i["value"]) for i in items]
        for want in doc.get("dates", []):
            if want.get("optional"):
                continue
            spans = _occurrences(text, want["text"])
            if not any(s < e2 and s2 < e and value == want["value"]
                       for s, e in spans for s2, e2, value in found):
                missing.append((name, want["text"], want["value"]))
    assert missing == []


def _occurrences(text, needle):
    spans, start = [], text.find(needle)
    while start >= 0:
        spans.append((start, start + len(needle)))
        start = text.find(needle, start + 1)
    return spans
