"""Unit tests for parallax.clean: invented pages, plus gold checks on the sample corpus."""
from __future__ import annotations

import json
import textwrap
import time
from pathlib import Path

import pytest

from parallax.clean import Cleaned, Removal, clean_flat_text

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "south-caucasus"

BODY = [
    "The river authority said on Tuesday that water levels in the northern valley had fallen to "
    "their lowest point in forty years, forcing farmers to delay the spring planting season.",
    "Officials blamed a dry winter and the slow repair of two upstream reservoirs, which were "
    "damaged during the floods of the previous year and have not been refilled since then.",
    "Drought measures",
    "Under the emergency plan, households will be asked to cut their daily use by a fifth, while "
    "industrial users must report their consumption to the authority every week until further notice.",
    "\u201cWe are asking everyone to help, because there is simply no other source of water for the "
    "region this summer,\u201d the head of the authority told reporters at a briefing in the capital.",
]

PAGE = "\n".join([
    "Valley water at record low | The Daily Example",
    "Home", "World", "Politics", "Business", "Science", "Sport", "Opinion",
    "Subscribe", "Sign in",
    "We use cookies to give you the best experience on our website. By continuing you agree to our use of cookies.",
    "Accept",
    "Home > Environment > Water",
    "Valley water at record low",
    "By Jane Placeholder",
    "Published March 3, 2024 4 min read",
    "Share on Facebook", "Share on Twitter", "Email",
    *BODY[:2],
    "Advertisement",
    *BODY[2:],
    "Related articles",
    "Farmers protest over irrigation fees",
    "New dam plan approved by regional council",
    "Heatwave warning issued for the south",
    "Leave a comment",
    "Your email address will not be published. Required fields are marked *",
    "About us", "Contact us", "Privacy policy", "Terms of use",
    "\u00a9 2024 The Daily Example. All rights reserved.",
])


def assert_offsets_point_into_raw(raw: str, cleaned: Cleaned) -> None:
    """Every removal is a real span of the raw text, in raw order, without overlap."""
    previous_end = 0
    for removal in cleaned.removed:
        assert isinstance(removal, Removal)
        assert raw[removal.start:removal.end] == removal.text
        assert 0 <= previous_end <= removal.start <= removal.end <= len(raw)
        assert removal.why
        previous_end = removal.end


@pytest.fixture(scope="module")
def page() -> Cleaned:
    return clean_flat_text(PAGE)


def test_body_kept_in_order_with_heading(page):
    assert page.text.split("\n") == BODY


@pytest.mark.parametrize("line", ["Home", "World", "Politics", "Subscribe", "Sign in", "Accept"])
def test_menu_and_sign_in_dropped(page, line):
    assert line not in page.text.split("\n")


def test_share_lines_dropped(page):
    assert "Share on" not in page.text and "Email" not in page.text.split("\n")


def test_cookie_prompt_dropped_with_reason(page):
    assert "cookies" not in page.text
    assert any(r.why == "cookie" and "cookies" in r.text for r in page.removed)


def test_related_list_dropped(page):
    assert "Farmers protest" not in page.text and "Heatwave" not in page.text


def test_comment_form_and_footer_dropped(page):
    for fragment in ("Leave a comment", "Required fields", "Privacy policy", "All rights reserved"):
        assert fragment not in page.text


def test_metadata_and_breadcrumb_dropped(page):
    for fragment in ("By Jane", "min read", "Environment >", "Advertisement"):
        assert fragment not in page.text


def test_removals_point_into_raw(page):
    assert_offsets_point_into_raw(PAGE, page)
    assert {r.text for r in page.removed} >= {"Home", "Advertisement", "Related articles"}


def test_clean_press_release_unchanged():
    release = "\n".join([
        "Regional Council Announces New Water Sharing Agreement",
        BODY[0],
        BODY[1],
        BODY[3],
    ])
    cleaned = clean_flat_text(release)
    assert cleaned.text == release
    assert cleaned.removed == ()


def test_hard_wrapped_statement_rejoined():
    paragraphs = [BODY[0], BODY[1], BODY[3]]
    wrapped = "\n\n".join(textwrap.fill(p, width=72) for p in paragraphs)
    assert wrapped.count("\n") > 6
    cleaned = clean_flat_text("Statement on the water emergency\n\n" + wrapped)
    assert cleaned.text.split("\n") == ["Statement on the water emergency", *paragraphs]
    joins = [r for r in cleaned.removed if r.why == "wrap-join"]
    assert joins and all(r.text.strip() == "" for r in joins)
    assert_offsets_point_into_raw("Statement on the water emergency\n\n" + wrapped, cleaned)


def test_wrapped_without_blank_lines_between_paragraphs():
    paragraphs = [BODY[0], BODY[1]]
    wrapped = "\n".join(textwrap.fill(p, width=70) for p in paragraphs)
    cleaned = clean_flat_text(wrapped)
    assert cleaned.text.split("\n") == paragraphs


def test_empty_and_blank_input():
    for raw in ("", "   ", "\n\n\r\n\t\n"):
        cleaned = clean_flat_text(raw)
        assert cleaned.text == ""
        assert cleaned.removed == ()


def test_only_boilerplate():
    raw = "Home\nNews\nSport\nSubscribe\nSign in\nShare\nTweet\nPrivacy Policy\n\u00a9 2024 Example Ltd"
    cleaned = clean_flat_text(raw)
    assert cleaned.text == ""
    assert "".join(r.text for r in cleaned.removed) == raw.replace("\n", "")


def test_huge_single_line_is_fast_and_kept():
    raw = " ".join([BODY[0]] * 20000)  # ~3.6 MB on one line
    began = time.perf_counter()
    cleaned = clean_flat_text(raw)
    assert time.perf_counter() - began < 5
    assert cleaned.text == raw


def test_crlf_line_endings():
    raw = PAGE.replace("\n", "\r\n")
    cleaned = clean_flat_text(raw)
    assert cleaned.text.split("\n") == BODY
    assert "\r" not in cleaned.text
    assert_offsets_point_into_raw(raw, cleaned)


def test_whitespace_normalised_but_words_untouched():
    raw = "  Headline   of the\tday  \n\n" + BODY[0].replace(" ", "  ", 3) + "   \n"
    cleaned = clean_flat_text(raw)
    assert cleaned.text == "Headline of the day\n" + BODY[0]


def test_non_english_text():
    body = [
        "Հայաստանի կառավարությունը երեքշաբթի հայտարարեց, որ նոր ճանապարհի շինարարությունը կավարտվի "
        "մինչև տարեվերջ, իսկ աշխատանքները կֆինանսավորվեն պետական բյուջեից։",
        "Azərbaycan hökuməti bildirib ki, yeni yolun tikintisi ilin sonuna qədər başa çatacaq və "
        "işlər dövlət büdcəsindən maliyyələşdiriləcək, layihə bölgənin iqtisadiyyatına kömək edəcək.",
        "Правительство заявило во вторник, что строительство новой дороги завершится до конца года, "
        "а работы будут финансироваться из государственного бюджета в полном объёме.",
        "政府は火曜日、新しい道路の建設が年末までに完了し、工事は国家予算から全額賄われると発表した。"
        "地元の住民はこの計画を歓迎している。",
    ]
    raw = "\n".join(["Home", "Share", *body, "Privacy Policy", "\u00a9 2024"])
    cleaned = clean_flat_text(raw)
    assert cleaned.text.split("\n") == body


# --- gold checks on the sample corpus (not rules to fit) -----------------------------------

def corpus_documents():
    gold = CORPUS / "gold.json"
    if not gold.is_file():
        return []
    return sorted(json.loads(gold.read_text(encoding="utf-8"))["documents"].items())


@pytest.mark.skipif(not (CORPUS / "gold.json").is_file(), reason=f"sample corpus not found at {CORPUS}")
@pytest.mark.parametrize("name,doc", corpus_documents() or [("-", {})])
def test_sample_corpus_gold(name, doc):
    raw = (CORPUS / name).read_text(encoding="utf-8")
    cleaned = clean_flat_text(raw)
    lines = [line.strip() for line in cleaned.text.split("\n")]
    assert doc["body_first"] in cleaned.text
    assert doc["body_last"] in cleaned.text
    for boilerplate in doc["boilerplate"]:
        assert boilerplate not in lines, boilerplate
    assert_offsets_point_into_raw(raw, cleaned)
