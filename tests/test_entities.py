"""The entity table: mentions and surface-form variants counted by document side and naming side."""

from __future__ import annotations

from parallax.views.entities import entity_table, render_entities

from test_timeline import two_sides  # noqa: F401  (fixture)


def test_variants_by_side(two_sides):  # noqa: F811
    table = {e["entity"]: e for e in entity_table(two_sides)["entities"]}
    karabakh = next(e for e in table.values() if "Artsakh" in str(e["by_side"]) or "Garabagh" in str(e["by_side"]))
    assert karabakh["by_side"]["armenian"]["variants"].get("Artsakh") == 3
    assert karabakh["by_side"]["azerbaijani"]["variants"].get("Garabagh") == 3
    assert karabakh["naming"]["armenian"]["Artsakh"] == 3
    assert karabakh["documents"] == 2 and karabakh["mentions"] == 6
    war = table["event:second-karabakh-war"]
    assert war["kind"] == "event" and war["by_side"]["azerbaijani"]["variants"] == {"Patriotic War": 1}


def test_sorted_by_mentions_and_rendered(two_sides):  # noqa: F811
    result = entity_table(two_sides)
    counts = [e["mentions"] for e in result["entities"]]
    assert counts == sorted(counts, reverse=True)
    text = render_entities(result, limit=2)
    assert text.splitlines()[1].startswith(result["entities"][0]["name"][:20]) and "more" in text
