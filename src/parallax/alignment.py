"""Which side a document speaks for, and why: naming, framing terms and the outlet, each explained.

Evidence, each item pointing at the text:
- **naming**: a mention under one side's name ("Khankendi") counts NAMING_WEIGHT per distinct
  surface form with diminishing returns (log2(1+n) for n uses). Not counted: a name inside a framing
  term (the term counts instead), a name the writer attributes ("which Azerbaijan calls Khankendi")
  or puts in scare quotes, and evenhanded pairs (both sides' names of one place side by side).
- **framing terms** count their (possibly referent-resolved) pack weight, again log2(1+n) per term.
  A term the writer distances with scare quotes or "so-called" counts for the *other* side at
  DISTANCED_FACTOR of its weight (mocking a word is a stance); a term only attributed in reported
  speech ("Baku calls it a border checkpoint") counts for nobody: wire reports do that evenhandedly.
- **outlet prior**: a known outlet's side, OUTLET_WEIGHT.
- **stances**: where the pack records a side's public position on a stance target (`positions`), a
  stance the document itself takes (no holder, or the holder is the document's author organisation)
  that matches the position counts STANCE_WEIGHT for that side, once per target. Stances held by
  someone the document quotes or reports count for nobody.

Decision: neutral when the total is below MIN_TOTAL; near balance (margin below BALANCE) it is
mixed when the runner-up alone has MIXED_MIN, else neutral; otherwise the leading side.
"""

from __future__ import annotations

import math

from .document import Document
from .mentions import fold_text
from .pack import NEUTRAL, Pack
from .pipeline import Context
from .sentences import sentence_spans
from .terms import SideLexicon, distancing, sentence_of

NAMING_WEIGHT = 0.5
DISTANCED_FACTOR = 0.5
OUTLET_WEIGHT = 1.5
STANCE_WEIGHT = 1.0
MIN_TOTAL = 2.5
MIXED_MIN = 3.0
BALANCE = 0.25
EVENHANDED_GAP = 40  # characters between two sides' names of one entity read as "X (Y)"


def align_document(doc: Document, pack: Pack, *, lexicon: SideLexicon | None = None) -> dict:
    """{side, score, scores, evidence} for one document whose mentions and terms are tagged."""
    lexicon = lexicon or SideLexicon(pack)
    evidence = _outlet_evidence(doc, pack) + _term_evidence(doc.layer("terms"), lexicon) \
        + _naming_evidence(doc.text, doc.layer("mentions"), doc.layer("terms")) \
        + _stance_evidence(doc, pack)
    evidence.sort(key=lambda e: (e["start"], e["end"]))
    scores = {side: 0.0 for side in pack.side_ids}
    for item in evidence:
        if item["side"] in scores:
            scores[item["side"]] += item["weight"]
    side, score = decide(scores)
    return {"side": side, "score": round(score, 3),
            "scores": {k: round(v, 3) for k, v in scores.items()}, "evidence": evidence}


def decide(scores: dict[str, float]) -> tuple[str, float]:
    """The decision rule: (side | 'neutral' | 'mixed', confidence in [0, 1])."""
    ranked = sorted(scores.values(), reverse=True) + [0.0, 0.0]
    lead, second, total = ranked[0], ranked[1], sum(scores.values())
    if total < MIN_TOTAL:
        return NEUTRAL, 1.0 - total / MIN_TOTAL
    margin = (lead - second) / total
    if margin < BALANCE:
        return ("mixed" if second >= MIXED_MIN else NEUTRAL), 1.0 - margin / BALANCE
    leader = max(scores, key=scores.get)
    return leader, margin * (1.0 - math.exp(-lead / MIN_TOTAL))


def _diminishing(base: float, k: int) -> float:
    """Marginal weight of the k-th use (1-based) so that n uses total base * log2(1 + n)."""
    return base * (math.log2(1 + k) - math.log2(k))


def _outlet_evidence(doc: Document, pack: Pack) -> list[dict]:
    for item in doc.layer("metadata"):
        outlet = pack.by_id.get(item.get("outlet") or "") if item.get("field") == "outlet" else None
        if outlet and outlet.get("side") in pack.side_ids:
            return [{"start": item.get("start", 0), "end": item.get("end", 0),
                     "text": item.get("value") or outlet["name"], "side": outlet["side"],
                     "weight": OUTLET_WEIGHT, "why": f"outlet prior: {outlet['name']} ({outlet['side']})",
                     "layer": "metadata"}]
    return []


def _own_voice(doc: Document) -> set[str]:
    """Names under which the document speaks for itself: its author organisation and author."""
    names = set()
    for item in doc.layer("metadata"):
        if item.get("field") in ("author_org", "author"):
            names.update(v for v in (item.get("value"), item.get("abbr")) if v)
    return names


def _speaks_for_itself(holder: dict | None, own: set[str], pack: Pack) -> bool:
    """No holder (the document's voice), or a holder that is the author organisation under any name."""
    if not holder:
        return True
    text = holder.get("text") or ""
    names = {text, text.removeprefix("the ").removeprefix("The ")}
    entity = pack.by_id.get(holder.get("entity") or "")
    if entity:
        names.add(entity["name"])
        names.update(entity.get("aliases", []))
    return bool(names & own)


def _stance_evidence(doc: Document, pack: Pack) -> list[dict]:
    positions: dict[str, list[dict]] = {}
    for position in pack.positions:
        positions.setdefault(position["target"], []).append(position)
    own, counted, out = _own_voice(doc), set(), []
    for stance in doc.layer("stances"):
        if not _speaks_for_itself(stance.get("holder"), own, pack):
            continue
        for position in positions.get(stance["target"], ()):
            key = (stance["target"], position["side"])
            if stance["polarity"] == position["polarity"] and key not in counted:
                counted.add(key)
                verb = "supports" if stance["polarity"] > 0 else "opposes"
                out.append({"start": stance["start"], "end": stance["end"], "text": stance["text"],
                            "side": position["side"], "weight": STANCE_WEIGHT, "layer": "stances",
                            "why": f"stance: {verb} {stance['name']} ({stance['cue']}), the {position['side']} "
                                   f"position"})
    return out


def _term_evidence(terms: list[dict], lexicon: SideLexicon) -> list[dict]:
    seen: dict[tuple[str, str], int] = {}
    out = []
    for t in terms:
        side, weight, why = t["side"], float(t["weight"]), f"framing term {t['text']!r}: {t['why']}"
        if t.get("quoted"):
            other = lexicon.other(side) if t.get("distance") in ("scare-quotes", "so-called") else None
            side, weight = (other, weight * DISTANCED_FACTOR) if other else (NEUTRAL, 0.0)
            why += f"; counted for {other} at {DISTANCED_FACTOR}×" if other else "; not counted"
        if side not in lexicon.sides:
            weight = 0.0
        else:
            key = (side, t["term"])
            seen[key] = seen.get(key, 0) + 1
            weight = _diminishing(weight, seen[key])
        out.append({"start": t["start"], "end": t["end"], "text": t["text"], "side": side,
                    "weight": round(weight, 3), "why": why, "layer": "terms"})
    return out


def _naming_evidence(text: str, mentions: list[dict], terms: list[dict]) -> list[dict]:
    named = [m for m in mentions if m.get("side")]
    if not named:
        return []
    folded, sentences = fold_text(text), sentence_spans(text)
    term_ranges = [(t["start"], t["end"]) for t in terms]
    paired = _evenhanded(named)
    seen: dict[tuple, int] = {}
    out = []
    for m in named:
        side, why = m["side"], f"naming: {m['text']!r} is the {m['side']} name of {m['name']}"
        if any(s < m["end"] and m["start"] < e for s, e in term_ranges):
            continue  # the framing term on the same words carries the weight
        distance = distancing(text, folded, m["start"], m["end"], sentence_of(sentences, m["start"], len(text)))
        if distance or id(m) in paired:
            reason = distance[1] if distance else "given beside the other side's name"
            out.append({"start": m["start"], "end": m["end"], "text": m["text"], "side": NEUTRAL,
                        "weight": 0.0, "why": f"{why}; {reason}: not counted", "layer": "mentions"})
            continue
        key = (side, m["entity"], folded[m["start"]:m["end"]])
        seen[key] = seen.get(key, 0) + 1
        out.append({"start": m["start"], "end": m["end"], "text": m["text"], "side": side,
                    "weight": round(_diminishing(NAMING_WEIGHT, seen[key]), 3), "why": why,
                    "layer": "mentions"})
    return out


def _evenhanded(named: list[dict]) -> set[int]:
    """Mentions that sit right beside another side's name for the same entity ("X (Y)")."""
    paired: set[int] = set()
    for a, b in zip(named, named[1:]):
        if a["entity"] == b["entity"] and a["side"] != b["side"] and b["start"] - a["end"] <= EVENHANDED_GAP:
            paired.update((id(a), id(b)))
    return paired


def analyse_alignment(doc: Document, ctx: Context) -> dict[str, list[dict]]:
    """Analyser: reads metadata, mentions, terms and stances, writes `alignment`."""
    lexicon = ctx.memo("side-lexicon", lambda: SideLexicon(ctx.pack))
    return {"alignment": [align_document(doc, ctx.pack, lexicon=lexicon)]}
