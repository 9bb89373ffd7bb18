"""The compare view: each side on one topic; shared facts, contested points, one-sided coverage."""

from __future__ import annotations

import json

import pytest

from parallax.api import PipelineConfig, analyze, layer_owners
from parallax.errors import QueryError
from parallax.store import Store
from parallax.views.compare import build_dossier, render_dossier, resolve_topic

from conftest import EXAMPLES

AZERBAIJANI = (
    "Garabagh Community Statement\n\nThe Garabagh Community calls for the repeal of Section 907 of the Freedom "
    "Support Act, a discriminatory provision adopted in 1992. Section 907 punishes a victim of aggression. "
    "Azerbaijan restored its territorial integrity and rebuilds the liberated territories of Garabagh. The Lachin "
    "border checkpoint on the Lachin corridor protects the sovereignty of Azerbaijan. The Minsk Group was set up "
    "in 1992 and is obsolete; we welcome the closure of the Minsk Group. The Khojaly massacre killed 613 civilians.\n")
ARMENIAN = (
    "Artsakh Committee Statement\n\nThe Artsakh Committee urges the United States to enforce Section 907 of the "
    "Freedom Support Act, which Congress adopted in 1992. The blockade of the Lachin corridor starved the "
    "Armenians of Artsakh. The Aliyev regime must end the blockade of Artsakh. The Minsk Group was set up in 1992 "
    "and we call to revitalize the Minsk Group. The Khojaly events killed 161 civilians, according to Artsakh "
    "officials.\n")
ARMENIAN_ONLY = ("Artsakh Voices\n\nThe Armenian Protection Act is supported by Artsakh refugees. Artsakh remembers "
                 "the 44-day war and the Aliyev regime's aggression against Artsakh. Stepanakert will endure.\n")
NEUTRAL = ("Notes from a seminar\n\nSection 907 of the Freedom Support Act was adopted in 1992. Scholars discussed "
           "it at length in a seminar.\n")


def store_of(tmp_path, texts: dict[str, str]) -> Store:
    paths = []
    for name, text in texts.items():
        paths.append(tmp_path / name)
        paths[-1].write_text(text, "utf-8")
    docs = list(analyze([str(p) for p in paths]))
    store = Store(tmp_path / "compare.db")
    store.put_documents(docs, layer_owners(PipelineConfig().build()[0]))
    return store


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("compare")
    with store_of(tmp, {"aze.txt": AZERBAIJANI, "arm.txt": ARMENIAN, "arm2.txt": ARMENIAN_ONLY,
                        "neutral.txt": NEUTRAL}) as store:
        yield store


@pytest.fixture(scope="module")
def samples(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("samples")
    docs = list(analyze(sorted(str(p) for p in EXAMPLES.glob("*.txt"))))
    with Store(tmp / "samples.db") as store:
        store.put_documents(docs, layer_owners(PipelineConfig().build()[0]))
        yield store


def of_kind(items: list[dict], kind: str) -> list[dict]:
    return [i for i in items if i["kind"] == kind]


@pytest.mark.parametrize("topic, entity", [("Section 907", "law:section-907"), ("Lachin corridor", "place:lachin-corridor"),
                                           ("Minsk Group", "org:osce-minsk-group"), ("the OSCE Minsk Group", "org:osce-minsk-group"),
                                           ("law:section-907", "law:section-907"), ("peace talks in Vienna", None)])
def test_resolve_topic_finds_pack_entities_by_any_form(pack, topic, entity):
    assert resolve_topic(topic, pack)[0] == entity


def test_sides_group_documents_and_keep_non_pack_sides_apart(corpus, pack):
    result = build_dossier(corpus, "Section 907", pack)
    assert result["topic"] == {"query": "Section 907", "entity": "law:section-907",
                               "name": "Section 907 of the Freedom Support Act"}
    assert list(result["sides"]) == ["armenian", "azerbaijani", "neutral"]
    assert [d["source"].rsplit("/", 1)[-1] for d in result["sides"]["azerbaijani"]["documents"]] == ["aze.txt"]
    assert result["sides"]["azerbaijani"]["names"] == {"Section 907 of the Freedom Support Act": 1, "Section 907": 1}
    assert result["sides"]["neutral"]["stance"] is None
    terms = {t["text"]: t for t in result["sides"]["azerbaijani"]["terms"]}
    assert terms["victim of aggression"]["neutral"] and terms["victim of aggression"]["count"] == 1


def test_opposite_stances_are_contested(corpus, pack):
    result = build_dossier(corpus, "Section 907", pack)
    assert result["sides"]["armenian"]["stance"] == 1 and result["sides"]["azerbaijani"]["stance"] == -1
    [stance] = of_kind(result["contested"], "stance")
    readings = stance["readings"]
    assert {s: r["polarity"] for s, r in readings.items()} == {"armenian": 1, "azerbaijani": -1}
    assert "enforce" in readings["armenian"]["evidence"][0]["text"]
    assert "repeal" in readings["azerbaijani"]["evidence"][0]["text"]
    assert "neutral" not in readings


def test_both_sides_dating_the_topic_to_one_year_is_shared(corpus, pack):
    for topic in ("Section 907", "Minsk Group"):
        [date] = of_kind(build_dossier(corpus, topic, pack)["shared"], "date")
        assert date["value"] == "1992"
        assert {e["side"] for e in date["evidence"]} == {"armenian", "azerbaijani"}
        assert all("1992" in e["text"] for e in date["evidence"])


def test_neutral_documents_do_not_make_a_fact_shared(tmp_path, pack):
    with store_of(tmp_path, {"aze.txt": AZERBAIJANI, "neutral.txt": NEUTRAL}) as store:
        result = build_dossier(store, "Section 907", pack)
    assert of_kind(result["shared"], "date") == []
    assert set(result["sides"]) == {"azerbaijani", "neutral"}


def test_opposite_framings_of_one_thing_are_contested(corpus, pack):
    result = build_dossier(corpus, "Lachin corridor", pack)
    framings = {tuple(f["value"]): f for f in of_kind(result["contested"], "framing")}
    framing = framings[("term:blockade", "term:border-checkpoint")]
    assert framing["readings"]["armenian"]["text"] == "blockade"
    assert framing["readings"]["azerbaijani"]["text"] == "Lachin border checkpoint"
    assert "Lachin corridor" in framing["readings"]["armenian"]["evidence"][0]["text"]


def test_differing_figures_on_one_subject_are_contested(corpus, pack):
    result = build_dossier(corpus, "Khojaly massacre", pack)
    [figure] = of_kind(result["contested"], "figure")
    assert figure["value"] == {"subject": "event:khojaly-massacre", "unit": "people"}
    assert {s: r["values"] for s, r in figure["readings"].items()} == {"armenian": [161.0], "azerbaijani": [613.0]}


def test_a_topic_raised_by_one_side_only_is_one_sided(corpus, pack):
    result = build_dossier(corpus, "Armenian Protection Act", pack)
    assert list(result["sides"]) == ["armenian"]
    topic = [i for i in result["one_sided"] if i["kind"] == "entity" and i["item"]["entity"] == "law:armenian-protection-act"]
    assert topic and topic[0]["side"] == "armenian"
    assert "Armenian Protection Act" in topic[0]["evidence"][0]["text"]


def test_entities_beside_the_topic_on_one_side_only_are_one_sided(corpus, pack):
    result = build_dossier(corpus, "Lachin corridor", pack)
    one_sided = {(i["side"], i["item"]["entity"]) for i in result["one_sided"] if i["kind"] == "entity"}
    assert ("azerbaijani", "place:hakari-bridge") in one_sided
    assert ("armenian", "person:ilham-aliyev") in one_sided


def test_demands_and_figures_from_one_side_only_are_one_sided(tmp_path, pack):
    with store_of(tmp_path, {"aze.txt": AZERBAIJANI, "arm2.txt": ARMENIAN_ONLY}) as store:
        section = build_dossier(store, "Section 907", pack)
        khojaly = build_dossier(store, "Khojaly massacre", pack)
    assert [i["item"]["action"] for i in of_kind(section["one_sided"], "demand")] == \
        ["repeal of Section 907 of the Freedom Support Act"]
    [claim] = of_kind(khojaly["one_sided"], "claim")
    assert claim["side"] == "azerbaijani" and claim["item"]["figure"]["value"] == 613.0


@pytest.mark.parametrize("store_name", ["corpus", "samples"])
def test_every_evidence_points_at_its_text(store_name, request, pack):
    store = request.getfixturevalue(store_name)
    texts = dict(store.conn.execute("SELECT id, text FROM documents").fetchall())
    for topic in ("Section 907", "Minsk Group") + (("Lachin corridor", "Khojaly massacre", "Armenian Protection Act")
                                                   if store_name == "corpus" else ()):
        result = build_dossier(store, topic, pack)
        items = [e for section in ("shared",) for f in result[section] for e in f["evidence"]]
        items += [e for f in result["contested"] for r in f["readings"].values() for e in r["evidence"]]
        items += [e for f in result["one_sided"] for e in f["evidence"]]
        assert items
        for e in items:
            span = " ".join(texts[e["document"]][e["start"]:e["end"]].split())
            assert span and span in e["text"], (topic, e)
            quoted = e["text"].removeprefix("… ").removesuffix(" …")
            flat = " ".join(texts[e["document"]].split())
            at = flat.find(quoted)
            assert at >= 0 and (at == 0 or not flat[at - 1].isalnum()), ("evidence starts mid-word", e["text"])


def test_evidence_of_a_long_sentence_is_clipped_at_word_boundaries(samples, pack):
    from parallax.views.compare import _clipped

    text = "Alpha " * 100 + "Section 907 stays. " + "omega " * 100
    start = text.index("Section")
    clip = _clipped(text, 0, len(text), start, start + 11)
    assert clip.startswith("… Alpha") and clip.endswith("omega …") and "Section 907" in clip
    assert len(clip) < 360


def test_free_text_topics_use_full_text_search_safely(corpus, pack):
    result = build_dossier(corpus, "seminar", pack)
    assert result["topic"]["entity"] is None and list(result["sides"]) == ["neutral"]
    assert result["sides"]["neutral"]["names"] == {"seminar": 2}
    hostile = build_dossier(corpus, 'Garabagh "Community" (*', pack)   # one phrase, no operators
    assert list(hostile["sides"]) == ["azerbaijani"]
    assert build_dossier(corpus, "no such words anywhere", pack)["sides"] == {}


def test_empty_topic_is_refused(corpus, pack):
    with pytest.raises(QueryError):
        build_dossier(corpus, "  ", pack)
    with pytest.raises(QueryError):
        build_dossier(corpus, "…", pack)


def test_works_on_a_read_only_store(corpus, pack):
    with Store(corpus.path, readonly=True) as store:
        assert of_kind(build_dossier(store, "Section 907", pack)["contested"], "stance")


def test_off_topic_documents_change_nothing(tmp_path, pack, corpus):
    filler = {f"other{i}.txt": f"Artsakh Notes {i}\n\nStepanakert held a concert on day {i}. Artsakh will endure.\n"
              for i in range(6)}
    with store_of(tmp_path, {"aze.txt": AZERBAIJANI, "arm.txt": ARMENIAN, "arm2.txt": ARMENIAN_ONLY,
                             "neutral.txt": NEUTRAL, **filler}) as store:
        bigger = build_dossier(store, "Section 907", pack)
    smaller = build_dossier(corpus, "Section 907", pack)
    strip = lambda r: json.dumps({k: v for k, v in r.items() if k != "sides"}, sort_keys=True)  # noqa: E731
    assert strip(bigger) == strip(smaller)


def test_sample_corpus_section_907_and_minsk_group_are_contested(samples, pack):
    section = build_dossier(samples, "Section 907", pack)
    [stance] = of_kind(section["contested"], "stance")
    assert stance["readings"]["azerbaijani"]["polarity"] == -1
    assert stance["readings"]["armenian"]["polarity"] == 1
    assert "enforce" in stance["readings"]["armenian"]["evidence"][0]["text"]
    minsk = build_dossier(samples, "OSCE Minsk Group", pack)
    [stance] = of_kind(minsk["contested"], "stance")
    assert stance["readings"]["azerbaijani"]["polarity"] < 0 < stance["readings"]["armenian"]["polarity"]
    # a stance the Armenian release attributes to Erdoğan is listed but is not the release's own
    held = [s for s in minsk["sides"]["armenian"]["stances"] if s["holder"] == "Recep Tayyip Erdoğan"]
    assert held and not held[0]["own_voice"]


def test_dossier_is_json_and_renders_side_by_side(corpus, pack):
    result = build_dossier(corpus, "Section 907", pack)
    assert json.loads(json.dumps(result)) == result
    text = render_dossier(result)
    header = next(line for line in text.splitlines() if line.startswith("armenian"))
    assert "azerbaijani" in header and "neutral" in header
    assert "contested:" in text and "[stance]" in text and "shared:" in text and "one-sided:" in text
    assert "no documents" in render_dossier(build_dossier(corpus, "no such words anywhere", pack))


# -- statements both sides make ------------------------------------------------------------------

def statement_store(tmp_path, azerbaijani: str, armenian: str) -> Store:
    return store_of(tmp_path, {
        "aze.txt": f"Baku Diaspora Bulletin\n\nAzerbaijan rebuilds Garabagh. {azerbaijani} Garabagh is Azerbaijan.\n",
        "arm.txt": f"Artsakh Weekly\n\nThe Armenians of Artsakh remember the blockade. {armenian} Artsakh will endure.\n"})


def test_one_fact_stated_in_other_words_by_both_sides_is_a_shared_statement(tmp_path, pack):
    with statement_store(tmp_path,
                         "The OSCE Minsk Group was established in 1992 and its co-chairs were France, Russia and the United States.",
                         "In 1992 the OSCE created the Minsk Group, with France, Russia and the United States as co-chairs.") as store:
        result = build_dossier(store, "Minsk Group", pack)
    [statement] = of_kind(result["shared"], "statement")
    assert statement["item"]["similarity"] >= 0.55 and statement["item"]["text"] == statement["value"]
    assert statement["value"].startswith(("The OSCE Minsk Group was established", "In 1992 the OSCE created"))
    assert [e["side"] for e in statement["evidence"]] == ["armenian", "azerbaijani"]
    assert "created the Minsk Group" in statement["evidence"][0]["text"]
    assert "was established in 1992" in statement["evidence"][1]["text"]
    assert "[statement]" in render_dossier(result)
    assert json.loads(json.dumps(result)) == result


def test_unrelated_sentences_in_one_block_are_not_a_shared_statement(tmp_path, pack):
    with statement_store(tmp_path, "In 1992 the Minsk Group met for the first time in Helsinki.",
                         "Refugees from Shusha wrote to the Minsk Group about their homes in 1992.") as store:
        result = build_dossier(store, "Minsk Group", pack)
    assert of_kind(result["shared"], "date")     # same year near the topic on both sides: one block
    assert of_kind(result["shared"], "statement") == []


def test_differing_figures_are_never_a_shared_statement(corpus, pack):
    result = build_dossier(corpus, "Khojaly massacre", pack)
    assert of_kind(result["contested"], "figure") and of_kind(result["shared"], "statement") == []


def test_statement_matching_compares_only_within_blocks_and_across_sides(corpus, pack):
    from parallax.views import findings
    from parallax.views.topic import Topic

    class Counting:
        name, threshold, calls = "counting", 0.5, []

        def matrix(self, a, b):
            self.calls.append((len(a), len(b)))
            return findings.LexicalSimilarity().matrix(a, b)

    ctx = Topic.find(corpus, pack, "Minsk Group", "org:osce-minsk-group")
    try:
        blocks = {"mentions": {}, "dates": ctx.blocks("dates", block="substr(key, 1, 4)"),
                  "events": {}, "claims": {}, "demands": {}}
        items = list(findings.statement_findings(ctx, blocks, Counting()))
    finally:
        ctx.close()
    assert Counting.calls and all(a <= findings.MAX_CANDIDATES and b <= findings.MAX_CANDIDATES for a, b in Counting.calls)
    assert [section for section, _ in items] == ["shared"]
    assert {e["side"] for e in items[0][1]["evidence"]} == {"armenian", "azerbaijani"}
