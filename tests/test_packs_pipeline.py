"""The whole default pipeline, unchanged, on each bundled pack: one code path serves every conflict."""

from __future__ import annotations

import pytest

from parallax.api import PipelineConfig, analyze
from parallax.testing import assert_document_valid

VOICES = {
    "russia-ukraine": {
        "russian": ("MOSCOW. The special military operation continues. Units liberated Artemovsk, "
                    "the Defence Ministry said. The Kiev regime and its neo-Nazis shelled Donetsk again; "
                    "the collective West keeps arming Kiev. Denazification of Ukraine remains the goal."),
        "ukrainian": ("KYIV. Russia's full-scale invasion enters a new phase. The occupiers shelled Kharkiv "
                      "overnight; russian terrorists struck Odesa. Ukraine demands the de-occupation of the "
                      "temporarily occupied territories and an end to the war of aggression."),
    },
    "kosovo-serbia": {
        "serbian": ("BELGRADE. The Serbian government said the provisional institutions in Pristina keep "
                    "pressuring Serbs in Kosovo and Metohija, and that the Brussels Agreement obliges them "
                    "to form the Community of Serb Municipalities."),
        "kosovo_albanian": ("PRISHTINA. The Government of the Republic of Kosovo said Serbia's illegal "
                            "parallel structures in the north keep obstructing the rule of law, and recalled "
                            "the genocide committed by Serbian forces in Kosova in 1999."),
    },
}


@pytest.mark.parametrize("pack,side", [(p, s) for p, voices in VOICES.items() for s in voices])
def test_each_sides_voice_aligns_to_that_side(tmp_path, pack, side):
    path = tmp_path / f"{side}.txt"
    path.write_text(VOICES[pack][side], "utf-8")
    (doc,) = analyze([str(path)], PipelineConfig(pack=pack))
    assert_document_valid(doc)
    assert doc.errors == []
    alignment = doc.layer("alignment")[0]
    assert alignment["side"] == side, alignment
    assert any(e["side"] == side and e["weight"] > 0 for e in alignment["evidence"])
