"""Tests for parallax.metadata: each field, each genre, evidence offsets, and the sample corpus."""

from __future__ import annotations

import pytest

from parallax.metadata import GENRE_CUES, SECTION_LABELS, extract_metadata

OUTLETS = [
    {"id": "outlet:north-news", "name": "North News", "side": "north",
     "domains": ["northnews.example"], "aliases": ["NorthNews", "NORTHPRESS"]},
    {"id": "outlet:south-daily", "name": "South Daily", "side": "south", "domains": ["southdaily.example"]},
]


def run(text: str, raw: str | None = None, fields: dict | None = None, outlets=OUTLETS) -> dict[str, dict]:
    """Extract, check every evidence span against its source, and index the items by field."""
    raw = text if raw is None else raw
    items = extract_metadata(raw, text, fields or {}, outlets)
    for item in items:
        assert set(item) >= {"field", "value", "why", "evidence"}, item
        for ev in item["evidence"]:
            if ev["in"] == "field":
                assert ev["start"] is None and ev["end"] is None
            else:
                source = text if ev["in"] == "text" else raw
                assert source[ev["start"]:ev["end"]] == ev["text"], (item["field"], ev)
    fields_seen = [i["field"] for i in items]
    assert len(fields_seen) == len(set(fields_seen)), fields_seen
    return {i["field"]: i for i in items}


def cue_texts(item: dict) -> list[str]:
    return [ev["text"] for ev in item["evidence"]]


PRESS_RELEASE = """FOR IMMEDIATE RELEASE
Valley Friendship Council Condemns Attack on Rivertown Library
RIVERTOWN, NL – Today, the Valley Friendship Council (VFC) condemned the attack on the Rivertown public library and urged the authorities to investigate.
"This is an attack on our shared memory," said council chair Mara Quill.
The Council calls on all parties to respect cultural heritage.
Contact: press@vfc.example
###
"""

MFA_STATEMENT = """Statement by the Ministry of Foreign Affairs of Northland on the anniversary of the River Accord
10 November 2023
The Ministry of Foreign Affairs of Northland recalls that the River Accord ended the hostilities three years ago.
The Ministry calls on the international community to support the return of displaced persons.
"""

OPINION = """Opinion
Why the valley road must stay open
I believe the road should remain open to everyone who lives along it. In my view, closing it would harm both towns.
Traders could lose their livelihoods, and families would be cut off from one another.
We must do better than this.
Jane Q. Doe
"""

WIRE_NEWS = """PORTVILLE, Northland, Jan. 23 (North News) – Officials said on Monday that the border crossing had reopened, according to the local administration.
"Traffic is moving again," a customs officer told reporters.
The crossing had been closed for three days, the agency reported.
"""

OPEN_LETTER = """An open letter to the Secretary-General
Dear Secretary-General,
We, the undersigned organisations, ask you to send observers to the valley without delay.
Families there have waited long enough for the truth about the missing.
Sincerely,
Valley Peace Network
"""

INTERVIEW = """Interview: Mara Quill on the valley talks
Q: What changed after the accord?
A: The checkpoints opened and people could travel again.
Q: Will the talks continue?
A: Yes, we expect a new round in the spring.
"""


def test_press_release_genre_org_and_abbreviation():
    meta = run(PRESS_RELEASE)
    assert meta["genre"]["value"] == "press_release"
    cues = cue_texts(meta["genre"])
    assert "FOR IMMEDIATE RELEASE" in cues and "###" in cues and any(c.startswith("Contact") for c in cues)
    assert meta["author_org"]["value"] == "Valley Friendship Council"
    assert meta["author_org"]["abbr"] == "VFC"
    assert meta["title"]["value"] == "Valley Friendship Council Condemns Attack on Rivertown Library"
    assert "author" not in meta  # 'Mara Quill' is quoted, not the author


def test_official_statement_from_statement_heading_with_date_line():
    meta = run(MFA_STATEMENT)
    assert meta["genre"]["value"] == "official_statement"
    assert meta["author_org"]["value"] == "Ministry of Foreign Affairs of Northland"
    assert meta["title"]["value"].startswith("Statement by the Ministry of Foreign Affairs")
    assert meta["published"]["value"] == "2023-11-10"
    assert meta["published"]["why"] == "date line under the headline"


def test_press_secretary_comment_is_an_official_statement():
    text = ("Comment of the Press Secretary of the Ministry of Foreign Affairs of Southland\n"
            "The allegations published yesterday are baseless and aim to derail the talks.\n")
    meta = run(text)
    assert meta["genre"]["value"] == "official_statement"
    assert meta["author_org"]["value"] == "Ministry of Foreign Affairs of Southland"


def test_opinion_with_label_first_person_and_signature():
    meta = run(OPINION)
    assert meta["genre"]["value"] == "opinion"
    assert meta["author"]["value"] == "Jane Q. Doe"
    assert meta["author"]["why"] == "signature line at the end of the body"
    assert meta["title"]["value"] == "Why the valley road must stay open"
    cues = cue_texts(meta["genre"])
    assert "Opinion" in cues and "I believe" in cues and "In my view" in cues and "Jane Q. Doe" in cues
    assert "author_org" not in meta


def test_wire_news_report_dateline_agency_and_yearless_date():
    meta = run(WIRE_NEWS)
    assert meta["genre"]["value"] == "news_report"
    assert "said" in cue_texts(meta["genre"])
    assert meta["outlet"]["outlet"] == "outlet:north-news"
    assert "dateline agency tag" in meta["outlet"]["why"]
    assert "published" not in meta  # no year anywhere
    assert meta["dateline"]["value"] == "XXXX-01-23"
    assert meta["dateline"]["evidence"][0]["text"] == "Jan. 23"


def test_yearless_dateline_takes_the_year_from_the_url():
    meta = run(WIRE_NEWS, fields={"url": "https://example.org/2024/01/23/crossing-reopens"})
    assert meta["published"]["value"] == "2024-01-23"
    assert "dateline" not in meta


def test_all_caps_dateline_with_agency_after_the_date():
    text = ("HILLTOWN, JANUARY 23, NORTHPRESS: The crossing reopened on Monday, officials said.\n"
            "Traffic resumed in the afternoon, according to the border service.\n")
    meta = run(text, fields={"url": "https://example.org/2024/01/page"})
    assert meta["outlet"]["outlet"] == "outlet:north-news"
    assert meta["published"]["value"] == "2024-01-23"
    assert meta["genre"]["value"] == "news_report"


def test_open_letter_salutation_undersigned_and_signing_org():
    meta = run(OPEN_LETTER)
    assert meta["genre"]["value"] == "open_letter"
    cues = cue_texts(meta["genre"])
    assert "We, the undersigned" in cues and "Sincerely" in cues and any(c.startswith("Dear") for c in cues)
    assert meta["author_org"]["value"] == "Valley Peace Network"
    assert "author" not in meta
    assert meta["title"]["value"] == "An open letter to the Secretary-General"


def test_open_letter_signed_by_a_person():
    meta = run(OPEN_LETTER.replace("Valley Peace Network", "Ana Sor"))
    assert meta["author"]["value"] == "Ana Sor"
    assert meta["author"]["why"] == "signature after sign-off"


def test_interview_q_and_a_turns():
    meta = run(INTERVIEW)
    assert meta["genre"]["value"] == "interview"
    assert sum(c.startswith(("Q:", "A:")) for c in cue_texts(meta["genre"])) >= 4


def test_interview_question_lines_without_markers():
    text = ("What changed after the accord?\nThe checkpoints opened and people could travel again.\n"
            "Will the talks continue?\nYes, we expect a new round in the spring.\n"
            "Who decides?\nThe two delegations, together.\n")
    meta = run(text)
    assert meta["genre"]["value"] == "interview"
    assert "question lines followed by answers" in meta["genre"]["why"]


def test_json_fields_win_over_page_clues():
    text = "By Jane Doe Published March 3, 2023\nThe crossing reopened, officials said.\nMore to follow.\n"
    fields = {"title": "Given title", "author": "Given Author", "published": "2024-01-02T10:00:00Z",
              "outlet": "NorthNews", "url": "https://southdaily.example/x"}
    meta = run(text, fields=fields)
    assert meta["title"]["value"] == "Given title"
    assert meta["author"]["value"] == "Given Author"
    assert meta["published"]["value"] == "2024-01-02"
    assert meta["outlet"]["value"] == "North News" and meta["outlet"]["outlet"] == "outlet:north-news"
    for name in ("title", "author", "published", "outlet"):
        assert meta[name]["why"] == "JSON field"
        assert meta[name]["evidence"][0]["in"] == "field"


def test_outlet_from_url_domain():
    meta = run("Some plain words.\nNothing else here.\n", fields={"url": "https://news.southdaily.example/a/b"})
    assert meta["outlet"]["value"] == "South Daily"
    assert meta["outlet"]["outlet"] == "outlet:south-daily"
    assert meta["outlet"]["why"] == "outlet domain in url"
    assert meta["outlet"]["evidence"] == [{"in": "field", "start": None, "end": None,
                                           "text": "https://news.southdaily.example/a/b"}]


def test_outlet_not_matched_on_a_lookalike_domain():
    meta = run("Some plain words.\nNothing else here.\n", fields={"url": "https://notsouthdaily.example/a"})
    assert "outlet" not in meta


BOILERPLATE_PAGE = """Valley talks resume after long pause | The Valley Courier
Home
News
Latest headlines from across the region today
Valley talks resume after long pause
By Jane Doe | Updated: 5 March 2024 | Published: 4 March 2024
Talks resumed on Monday after a pause of two months, officials said.
Both delegations met in the border town, according to the mediators.
Related articles
Another story about the valley
Posted on June 1, 2025
© 2024 The Valley Courier. All rights reserved.
"""


def boilerplate_text() -> str:
    start = BOILERPLATE_PAGE.index("Talks resumed")
    end = BOILERPLATE_PAGE.index("Related articles")
    return BOILERPLATE_PAGE[start:end]


def test_clues_in_removed_boilerplate_point_into_raw():
    meta = run(boilerplate_text(), raw=BOILERPLATE_PAGE)
    assert meta["title"]["value"] == "Valley talks resume after long pause"
    assert meta["author"]["value"] == "Jane Doe"
    assert meta["author"]["evidence"][0] == {"in": "raw", "start": BOILERPLATE_PAGE.index("By Jane"),
                                             "end": BOILERPLATE_PAGE.index("By Jane") + 11, "text": "By Jane Doe"}
    assert meta["published"]["value"] == "2024-03-04"  # published over updated, never the teaser's date
    assert meta["published"]["evidence"][0]["in"] == "raw"
    assert meta["outlet"]["value"] == "The Valley Courier" and "outlet" not in meta["outlet"]
    assert meta["genre"]["value"] == "news_report"


def test_published_preferred_over_updated_in_either_order():
    for line in ("Published: 4 March 2024 | Updated: 5 March 2024", "Updated: 5 March 2024 | Published: 4 March 2024"):
        meta = run(f"Talks resume in the valley\n{line}\nTalks resumed on Monday.\nMore later.\n")
        assert meta["published"]["value"] == "2024-03-04", line
    meta = run("Talks resume in the valley\nUpdated: 5 March 2024\nTalks resumed on Monday.\nMore later.\n")
    assert meta["published"]["value"] == "2024-03-05"


def test_copyright_line_names_an_unknown_outlet():
    raw = "Menu\nSearch\nA quiet day in the valley\nNothing happened today.\nThe end.\n© 2021 Valley Voice – Daily Digest\n"
    text = "Nothing happened today.\nThe end."
    meta = run(text, raw=raw)
    assert meta["outlet"]["value"] == "Valley Voice" and meta["outlet"]["why"] == "copyright line"


def test_staff_byline_is_outlet_evidence_not_author():
    text = "Crossing reopens after three days\nBy NorthNews Published 2 May 2024\nThe crossing reopened.\nMore later.\n"
    meta = run(text)
    assert "author" not in meta
    assert meta["outlet"]["outlet"] == "outlet:north-news" and "staff byline" in meta["outlet"]["why"]
    assert meta["published"]["value"] == "2024-05-02"
    assert meta["title"]["value"] == "Crossing reopens after three days"


def test_generic_byline_words_are_not_authors():
    meta = run("Crossing reopens after three days\nBy Staff Reporter\nThe crossing reopened.\nMore later.\n")
    assert "author" not in meta


def test_personal_byline_and_posted_on_date():
    text = "Crossing reopens after three days\nBy Mara Quill and Ana Sor\nPosted on Monday, 3 March 2023\nThe crossing reopened.\n"
    meta = run(text)
    assert meta["author"]["value"] == "Mara Quill and Ana Sor"
    assert meta["published"]["value"] == "2023-03-03"


def test_breadcrumb_and_section_label_in_raw():
    raw = ("• Home\n• Opinion\n• News\n• Interview\nSite > Opinion > The valley needs a new road\nOpinion\n"
           "The valley needs a new road\nBy Site Published October 21, 2024\nThe old road is failing.\nIt must be rebuilt.\n")
    text = "The old road is failing.\nIt must be rebuilt."
    meta = run(text, raw=raw)
    assert meta["title"]["value"] == "The valley needs a new road"
    assert meta["published"]["value"] == "2024-10-21"
    assert meta["genre"]["value"] == "opinion"
    # bulleted menu items are navigation, not the article's section
    label_starts = [ev["start"] for ev in meta["genre"]["evidence"] if ev["text"] in ("Opinion", "News", "Interview")]
    assert all(raw[s - 2:s] != "• " for s in label_starts)


def test_issued_the_following_statement_names_the_org():
    text = ("The Valley Heritage Foundation (VHF) issued the following statement on the library fire:\n"
            "We are shocked by the destruction and call for an independent inquiry.\n")
    meta = run(text)
    assert meta["author_org"]["value"] == "Valley Heritage Foundation"
    assert meta["author_org"]["abbr"] == "VHF"
    assert meta["genre"]["value"] == "press_release"


def test_date_inside_a_sentence_is_not_the_publication_date():
    text = "Report finds the road unsafe\nThe report, published on 3 May 2023, says the road is unsafe.\nMore later.\n"
    assert "published" not in run(text)


def test_given_published_in_another_format_is_normalised():
    assert run("Plain words.", fields={"published": "Oct 21, 2024"})["published"]["value"] == "2024-10-21"


def test_sentence_with_colon_is_not_a_dateline():
    text = "NATO said: the talks will continue next week.\nNothing more was said.\n"
    meta = run(text)
    assert "dateline" not in meta and meta["genre"]["value"] == "other"


def test_agency_dateline_without_date_is_news():
    meta = run("STEPANAKERT (Reuters) - Shelling resumed on Monday, officials said.\nMore to follow.\n", outlets=())
    assert meta["genre"]["value"] == "news_report"
    assert meta["outlet"] == {"field": "outlet", "value": "Reuters", "why": "dateline agency tag",
                              "evidence": [{"in": "text", "start": 13, "end": 20, "text": "Reuters"}]}


def test_press_wire_dateline_is_a_release():
    text = "NEW YORK, Jan. 23, 2024 /Wire/ -- The Valley Council announced a new fund.\nMore to follow.\n"
    meta = run(text)
    assert meta["genre"]["value"] == "press_release"
    assert meta["published"]["value"] == "2024-01-23" and meta["published"]["why"] == "dateline"
    assert meta["author_org"]["value"] == "Valley Council"


def test_closing_credit_line_is_not_a_signature():
    meta = run("A long day at the crossing\nThe queue grew all day.\nPhoto: Valley Courier\n")
    assert "author" not in meta
    meta = run("A long day at the crossing\nThe queue grew all day.\nRelated Posts\n")
    assert "author" not in meta


def test_signature_is_found_in_raw_right_after_the_cleaned_body():
    raw = "Menu\nA long day at the crossing\nThe queue grew all day.\nIt never moved.\nMara Quill\nShare this\n"
    text = "The queue grew all day.\nIt never moved."
    meta = run(text, raw=raw)
    assert meta["author"]["value"] == "Mara Quill"
    assert meta["author"]["evidence"][0]["in"] == "raw"


def test_repeated_headline_nearest_the_body_beats_repeated_navigation():
    raw = ("Climate and Ecology\nTop Stories Today\nClimate and Ecology\nThe valley needs a new road\n"
           "The valley needs a new road\nThe old road is failing.\nIt must be rebuilt.\n")
    text = "The old road is failing.\nIt must be rebuilt."
    assert run(text, raw=raw)["title"]["value"] == "The valley needs a new road"


def test_body_not_found_in_raw_still_reads_raw_ends():
    raw = "Valley talks resume | North News\nBy Jane Doe\nTalks   resumed on Monday.\n© 2024 North News\n"
    text = "Talks resumed on Monday."  # the cleaner normalised whitespace: not a substring of raw
    meta = run(text, raw=raw)
    assert meta["author"]["value"] == "Jane Doe"
    assert meta["outlet"]["outlet"] == "outlet:north-news"
    assert meta["title"]["value"] == "Valley talks resume"


def test_no_clue_text_gives_only_other():
    items = extract_metadata("the weather was mild.", "the weather was mild.", {}, OUTLETS)
    assert items == [{"field": "genre", "value": "other", "why": "no clear genre cues", "evidence": [], "score": 0.0}]
    weak = run("the road could reopen, and it would help.\nnothing else.\n")
    assert list(weak) == ["genre"] and weak["genre"]["value"] == "other" and weak["genre"]["evidence"] == []


def test_empty_input():
    assert [i["value"] for i in extract_metadata("", "", {}, ())] == ["other"]


def test_cue_tables_are_declarative_and_cover_every_genre():
    genres = {"press_release", "official_statement", "opinion", "news_report", "open_letter", "interview"}
    assert {cue.genre for cue in GENRE_CUES} == genres
    assert set(SECTION_LABELS) == genres


# ---------------------------------------------------------------- sample corpus gold

SAMPLE_OUTLETS = [{"id": "outlet:aze-media", "name": "Aze.Media", "side": "azerbaijani",
                   "domains": ["aze.media"], "aliases": ["AzeMedia"]}]


def _sample_text(raw: str, gold_doc: dict, raw_page: bool) -> str:
    """The raw file itself, or for a whole saved page the lines from body_first to body_last."""
    if not raw_page:
        return raw
    start = raw.rfind("\n", 0, raw.index(gold_doc["body_first"])) + 1
    last = raw.index(gold_doc["body_last"]) + len(gold_doc["body_last"])
    end = raw.find("\n", last)
    return raw[start:len(raw) if end < 0 else end]


@pytest.mark.parametrize("name", ["asa-minsk-group-closure.txt", "assembly-state-dept-pow-release.txt",
                                  "azemedia-section-907-opinion.raw.txt"])
def test_sample_documents_match_gold(name, shared_corpus, gold):
    raw = (shared_corpus / name).read_text("utf-8")
    text = _sample_text(raw, gold[name], raw_page=name.endswith(".raw.txt"))
    meta = run(text, raw=raw, outlets=SAMPLE_OUTLETS)
    for field in ("genre", "title", "author", "published", "author_org", "outlet"):
        if field in gold[name]:
            assert field in meta, f"{name}: no {field}"
            assert meta[field]["value"] == gold[name][field], f"{name}: {field}"
