"""The bundled russia-ukraine and kosovo-serbia packs: valid, large enough, and each side's naming found.

These packs exist to show that nothing in parallax is specific to the south-caucasus conflict:
the same loader and matcher must read another conflict's names from data alone.
"""

from __future__ import annotations

import pytest

from parallax.mentions import MentionMatcher
from parallax.pack import load_pack
from parallax.testing import assert_no_overlap, assert_spans_in_text

MINIMUMS = {
    "russia-ukraine": {"entities": 80, "events": 20, "terms": 40, "outlets": 25, "stance_targets": 10},
    "kosovo-serbia": {"entities": 50, "events": 12, "terms": 25, "outlets": 15, "stance_targets": 6},
}


def spans(pack_name: str, text: str) -> list[tuple[str, str, str | None]]:
    found = MentionMatcher(load_pack(pack_name)).find(text)
    assert_spans_in_text(text, found)
    assert_no_overlap(found)
    return [(m["text"], m["entity"], m["side"]) for m in found]


@pytest.mark.parametrize("name", sorted(MINIMUMS))
def test_pack_loads_and_is_large_enough(name):
    pack = load_pack(name)
    summary = pack.summary()
    assert summary["sides"] == 2
    for section, minimum in MINIMUMS[name].items():
        assert summary[section] >= minimum, (section, summary[section])


@pytest.mark.parametrize("name", sorted(MINIMUMS))
def test_terms_are_balanced_and_weighted(name):
    pack = load_pack(name)
    by_side = {side: [t for t in pack.terms if t["side"] == side] for side in pack.side_ids}
    counts = sorted(len(terms) for terms in by_side.values())
    assert counts[0] >= 0.8 * counts[1], counts
    for term in pack.terms:
        assert term["side"] in pack.side_ids and 0 < term["weight"] <= 2.0 and term.get("neutral"), term["id"]
        for other in term.get("contested_with", []):
            assert pack.by_id[other]["side"] != term["side"], (term["id"], other)


@pytest.mark.parametrize("name", sorted(MINIMUMS))
def test_outlets_cover_both_sides_and_neutral(name):
    pack = load_pack(name)
    sides = {o["side"] for o in pack.outlets}
    assert sides == set(pack.side_ids) | {"neutral"}


# ------------------------------------------------------------------ russia-ukraine

def test_ru_wire_report_names_both_sides_forms():
    text = ("KYIV, March 3 (Reuters) - Russian forces shelled Kharkiv overnight, regional officials said, "
            "while the Russian Defence Ministry said it had hit military targets near Kharkov. Moscow calls "
            "the war a special military operation; Kyiv calls it a full-scale invasion. Crimea, which Russia "
            "annexed in 2014, was also targeted near Sevastopol.")
    assert spans("russia-ukraine", text) == [
        ("KYIV", "place:kyiv", "ukrainian"),
        ("Kharkiv", "place:kharkiv", "ukrainian"),
        ("Russian Defence Ministry", "org:russian-mod", None),
        ("Kharkov", "place:kharkiv", "russian"),
        ("Moscow", "place:moscow", None),
        ("special military operation", "event:full-scale-invasion", "russian"),
        ("Kyiv", "place:kyiv", "ukrainian"),
        ("full-scale invasion", "event:full-scale-invasion", "ukrainian"),
        ("Crimea", "place:crimea", None),
        ("Russia", "place:russia", None),
        ("Sevastopol", "place:sevastopol", None),
    ]


def test_ru_russian_voice():
    text = ("The Kiev regime shelled Gorlovka and Donetsk again, DPR head Denis Pushilin said. "
            "Russian units completed the liberation of Artemovsk and are advancing on Krasnoarmeysk "
            "in the Donbass. Vladimir Zelensky and Valery Zaluzhny were silent.")
    found = spans("russia-ukraine", text)
    assert ("Kiev", "place:kyiv", "russian") in found
    assert ("Gorlovka", "place:horlivka", "russian") in found
    assert ("Donetsk", "place:donetsk", None) in found
    assert ("DPR", "org:dpr", "russian") in found
    assert ("Denis Pushilin", "person:pushilin", None) in found
    assert ("liberation of Artemovsk", "event:bakhmut", "russian") in found
    assert ("Krasnoarmeysk", "place:pokrovsk", "russian") in found
    assert ("Donbass", "place:donbas", "russian") in found
    assert ("Vladimir Zelensky", "person:zelensky", "russian") in found
    assert ("Valery Zaluzhny", "person:zaluzhnyi", "russian") in found
    assert {side for _, _, side in found} <= {"russian", None}


def test_ru_ukrainian_voice():
    text = ("President Zelenskyy said the occupiers struck Zaporizhzhia and Mykolaiv overnight. The "
            "so-called DPR keeps deporting children from Bakhmut and Sievierodonetsk, and the Kerch Bridge "
            "remains a target. Oleksandr Syrskyi reported on Donbas; Odesa and Lviv were under air alert.")
    found = spans("russia-ukraine", text)
    assert ("Zelenskyy", "person:zelensky", "ukrainian") in found
    assert ("Zaporizhzhia", "place:zaporizhzhia", "ukrainian") in found
    assert ("Mykolaiv", "place:mykolaiv", "ukrainian") in found
    assert ("so-called DPR", "org:dpr", "ukrainian") in found
    assert ("Bakhmut", "place:bakhmut", "ukrainian") in found
    assert ("Sievierodonetsk", "place:sievierodonetsk", "ukrainian") in found
    assert ("Kerch Bridge", "place:crimean-bridge", "ukrainian") in found
    assert ("Oleksandr Syrskyi", "person:syrskyi", "ukrainian") in found
    assert ("Donbas", "place:donbas", "ukrainian") in found
    assert ("Odesa", "place:odesa", "ukrainian") in found and ("Lviv", "place:lviv", "ukrainian") in found
    assert {side for _, _, side in found} <= {"ukrainian", None}


def test_ru_longest_form_wins_over_the_city():
    found = spans("russia-ukraine", "The Zaporozhye NPP lies in Energodar, far from Zaporizhzhia Oblast's capital.")
    assert found == [("Zaporozhye NPP", "place:zaporizhzhia-npp", "russian"),
                     ("Energodar", "place:enerhodar", "russian"),
                     ("Zaporizhzhia Oblast", "place:zaporizhzhia-oblast", "ukrainian")]


def test_ru_events_dated_by_side():
    pack = load_pack("russia-ukraine")
    crimea = pack.by_id["event:crimea-annexation"]
    assert crimea["dates_by_side"] == {"russian": "2014-03-18", "ukrainian": "2014-02-20"}
    assert pack.by_id["event:full-scale-invasion"]["date"] == "2022-02-24"


# ------------------------------------------------------------------ kosovo-serbia

def test_ks_wire_report_names_both_sides_forms():
    text = ("PRISTINA, Sept 25 (Reuters) - Kosovo police said an armed group attacked officers near "
            "Banjska in North Kosovo. Serbian President Aleksandar Vucic denied involvement, while Kosovo "
            "Prime Minister Albin Kurti blamed Belgrade. NATO's KFOR reinforced Zvecan and North Mitrovica.")
    found = spans("kosovo-serbia", text)
    assert found[0] == ("PRISTINA", "place:pristina", "serbian")
    assert ("Kosovo police", "org:kosovo-police", None) in found
    assert ("Banjska", "place:banjska", None) in found
    assert ("North Kosovo", "place:north-kosovo", None) in found
    assert ("Aleksandar Vucic", "person:vucic", "serbian") in found
    assert ("Albin Kurti", "person:kurti", None) in found
    assert ("Belgrade", "place:belgrade", None) in found
    assert ("KFOR", "org:kfor", None) in found
    assert ("Zvecan", "place:zvecan", None) in found
    assert ("North Mitrovica", "place:north-mitrovica", None) in found


def test_ks_serbian_voice():
    text = ("Serbs in Kosovo and Metohija are under pressure, Petar Petković said in Kosovska Mitrovica, "
            "recalling how the OVK operated around Uroševac and Đakovica and how Hašim Tači now stands trial. "
            "On Vidovdan pilgrims gathered at Gazimestan, 25 years after the NATO aggression.")
    found = spans("kosovo-serbia", text)
    assert ("Serbs in Kosovo and Metohija", "group:kosovo-serbs", "serbian") in found
    assert ("Petar Petković", "person:petkovic", "serbian") in found
    assert ("Kosovska Mitrovica", "place:mitrovica", "serbian") in found
    assert ("OVK", "org:kla", "serbian") in found
    assert ("Uroševac", "place:ferizaj", "serbian") in found
    assert ("Đakovica", "place:gjakova", "serbian") in found
    assert ("Hašim Tači", "person:thaci", "serbian") in found
    assert ("Gazimestan", "place:gazimestan", None) in found
    assert ("NATO aggression", "event:nato-bombing", "serbian") in found
    assert {side for _, _, side in found} <= {"serbian", None}


def test_ks_kosovo_albanian_voice():
    text = ("Prishtina marks the anniversary of the Reçak massacre. The Republic of Kosovo will not "
            "allow parallel structures in Mitrovicë, Ferizaj or Peja, Vjosa Osmani said, while Vuçiq still "
            "calls the UÇK terrorist. Kosova remembers the NATO intervention.")
    found = spans("kosovo-serbia", text)
    assert ("Prishtina", "place:pristina", "kosovo_albanian") in found
    assert ("Reçak massacre", "event:racak", "kosovo_albanian") in found
    assert ("Republic of Kosovo", "place:kosovo", "kosovo_albanian") in found
    assert ("Mitrovicë", "place:mitrovica", "kosovo_albanian") in found
    assert ("Ferizaj", "place:ferizaj", "kosovo_albanian") in found
    assert ("Peja", "place:peja", "kosovo_albanian") in found
    assert ("Vjosa Osmani", "person:osmani", None) in found
    assert ("Vuçiq", "person:vucic", "kosovo_albanian") in found
    assert ("UÇK", "org:kla", "kosovo_albanian") in found
    assert ("Kosova", "place:kosovo", "kosovo_albanian") in found
    assert ("NATO intervention", "event:nato-bombing", "kosovo_albanian") in found
    assert {side for _, _, side in found} <= {"kosovo_albanian", None}


def test_ks_accent_folding_keeps_one_entity():
    found = spans("kosovo-serbia", "Zvečan, Zveçan and Zvecan; Gračanica and Graçanica")
    assert {e for _, e, _ in found} == {"place:zvecan", "place:gracanica"}
    assert {s for _, _, s in found} == {None}
