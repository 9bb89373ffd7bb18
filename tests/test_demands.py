"""Demands: who calls on whom to do what, with parties resolved to entities and the author."""

from __future__ import annotations


from parallax.demands import analyse_demands, trim_action
from parallax.testing import assert_spans_in_text
from test_stances import analysed_samples, make_doc


def demands(text: str, **kw) -> list[dict]:
    return analyse_demands(make_doc(text, **kw), None)["demands"]


def only(text: str, **kw) -> dict:
    [item] = demands(text, **kw)
    return item


def test_urges_addressee_to_act():
    d = only("Beta Council urges Ruritania to withdraw its troops from the border.")
    assert d["actor"]["entity"] == "org:beta" and d["addressee"]["entity"] == "place:ruritania"
    assert d["action"] == "withdraw its troops from the border" and d["cue"] == "urges"


def test_calls_on_and_appeals_to():
    assert only("Alpha League calls on Ruritania to free the detainees.")["action"] == "free the detainees"
    assert only("Alpha League appealed to Beta Council to reopen the road.")["addressee"]["entity"] == "org:beta"


def test_headline_form():
    d = only("NGOs urge leaders of Ruritania to discuss humanitarian issues")
    assert d["actor"]["text"] == "NGOs" and d["action"] == "discuss humanitarian issues"


def test_all_parties_addressee():
    d = only("Beta Council urged all parties to return to negotiations while rejecting force.")
    assert d["addressee"]["text"] == "all parties" and d["action"] == "return to negotiations"


def test_call_for_without_addressee():
    d = only("Beta Council called for the immediate release of all detainees.")
    assert d["addressee"] is None and d["action"] == "immediate release of all detainees"


def test_reiterates_its_call_resolves_author_and_borrows_addressee():
    text = ("Alpha League reiterates its call for the repeal of Section 907, a misguided provision. "
            "AL urges Ruritania to embrace a new framework one that is grounded in law.")
    first, second = demands(text, author_org="Alpha League", abbr="AL")
    assert first["actor"]["entity"] == "org:alpha" and first["action"] == "repeal of Section 907"
    assert first["addressee"]["entity"] == "place:ruritania" and first["addressee"]["inferred"]
    assert second["actor"]["name"] == "Alpha League" and second["action"] == "embrace a new framework"


def test_should_is_the_authors_demand():
    d = only("Ruritania should immediately open the corridor.", author_org="Alpha League")
    assert d["actor"]["name"] == "Alpha League" and d["addressee"]["entity"] == "place:ruritania"
    assert d["action"] == "immediately open the corridor" and d["cue"] == "should"


def test_must_not_keeps_the_negation():
    d = only("Ruritania must not close the road.", author_org="Alpha League")
    assert d["action"] == "not close the road"


def test_reported_should_belongs_to_the_speaker():
    text = "Ned Price spoke. Price reiterated that Ruritania should release all captives and reminded it of the law."
    d = only(text, author_org="Alpha League")
    assert d["actor"]["entity"] == "person:ned-price" and d["action"] == "release all captives"


def test_we_and_the_last_word_of_the_org_resolve_to_author():
    text = "We kindly request you to consider our proposal. The League urged Ruritania to act."
    first, second = demands(text, author_org="Alpha League")
    assert first["actor"]["name"] == "Alpha League" and first["addressee"]["text"] == "you"
    assert second["actor"]["name"] == "Alpha League" and second["actor"]["text"] == "The League"


def test_possessive_call():
    d = only("Alpha League welcomed Beta Council's call for Ruritania to release all prisoners.")
    assert d["actor"]["entity"] == "org:beta" and d["addressee"]["entity"] == "place:ruritania"


def test_no_demand_in_plain_statements_or_passives():
    assert demands("Ruritania held elections in May. The road must be repaired.") == []
    assert demands("Ruritania could not receive aid.") == []


def test_spans_and_text():
    doc = make_doc("Intro line. Beta Council urges Ruritania to act now.")
    items = analyse_demands(doc, None)["demands"]
    assert_spans_in_text(doc.text, items)
    assert items[0]["text"] == "Beta Council urges Ruritania to act now."


def test_trim_action_stops_at_subordinate_clause():
    assert trim_action("“return to talks” while rejecting force") == "return to talks"


def _same(gold: str, got: dict | None) -> bool:
    if got is None:
        return False
    names = {got["text"].lower(), got["name"].lower()}
    return any(gold.lower() in n or n.removeprefix("the ") in gold.lower() for n in names)


def test_gold_demands(gold):
    for doc, ctx in analysed_samples():
        found = analyse_demands(doc, ctx)["demands"]
        for want in gold[doc.source.rsplit("/", 1)[-1]]["demands"]:
            opening = " ".join(want["action"].lower().split()[:4])
            assert any(opening in d["action"].lower() and _same(want["addressee"], d["addressee"])
                       and (want.get("optional_actor") or _same(want["actor"], d["actor"]))
                       for d in found), (want, found)
