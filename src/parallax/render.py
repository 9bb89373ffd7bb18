"""Plain-text renderings of documents and corpus statistics for the terminal."""

from __future__ import annotations

from collections import Counter

from .document import Document


def _clip(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def document_summary(doc: Document) -> str:
    """A short readable account of one analysed document, with the evidence behind each label."""
    lines = [f"── {doc.source}  (id {doc.id})"]
    for item in doc.layer("metadata"):
        lines.append(f"   {item['field']:<10} {_clip(str(item['value']), 60)}   [{_clip(item.get('why', ''), 50)}]")
    removed = len(doc.removed)
    lines.append(f"   {'text':<10} {len(doc.text):,} chars, {len(doc.text.split()):,} words; "
                 f"cleaning removed {removed} block{'s' * (removed != 1)}")
    mentions = doc.layer("mentions")
    if mentions:
        top = Counter(m["name"] for m in mentions).most_common(6)
        lines.append(f"   {'mentions':<10} {len(mentions)}: " + ", ".join(f"{n} ×{c}" for n, c in top))
        sided = Counter((m["side"], m["text"]) for m in mentions if m["side"])
        by_side: dict[str, list[str]] = {}
        for (side, text), count in sided.most_common():
            by_side.setdefault(side, []).append(f"{text} ×{count}")
        for side, forms in sorted(by_side.items()):
            lines.append(f"   {'naming':<10} {side}: {_clip(', '.join(forms), 60)}")
    for result in doc.layer("alignment"):
        scores = ", ".join(f"{k} {v:.1f}" for k, v in result["scores"].items())
        lines.append(f"   {'side':<10} {result['side']} (score {result['score']:.2f}; {scores})")
        counted = sorted((e for e in result["evidence"] if e["weight"] > 0), key=lambda e: -e["weight"])[:3]
        for e in counted:
            lines.append(f"   {'  because':<10} {_clip(e['why'], 85)}")
    terms = doc.layer("terms")
    if terms:
        lines.append(f"   {'terms':<10} " + _clip(", ".join(
            f"{t['text']} ({t['side']}{', distanced' if t.get('quoted') else ''})" for t in terms), 90))
    stances = doc.layer("stances")
    if stances:
        lines.append(f"   {'stances':<10} " + _clip(", ".join(
            f"{st['name']} {st['polarity']:+d} ({st['cue']})" for st in stances), 90))
    for demand in doc.layer("demands")[:3]:
        actor = (demand.get("actor") or {}).get("name") or (demand.get("actor") or {}).get("text") or "?"
        addressee = (demand.get("addressee") or {}).get("text") or "—"
        lines.append(f"   {'demand':<10} " + _clip(f"{actor} → {addressee}: {demand['action']}", 90))
    for quote in doc.layer("quotes")[:2]:
        lines.append(f"   {'quote':<10} " + _clip(f"{quote['speaker']['text']}: “{quote['text']}”", 90))
    for claim in doc.layer("claims")[:2]:
        lines.append(f"   {'claim':<10} " + _clip(claim["text"], 90))
    dates = doc.layer("dates")
    if dates:
        lines.append(f"   {'dates':<10} {len(dates)}: " + _clip(
            ", ".join(f"{d['text']} → {d['value']}" for d in dates), 90))
    for error in doc.errors:
        lines.append(f"   {'error':<10} {error}")
    return "\n".join(lines)


def corpus_summary(stats: dict) -> str:
    lines = [f"{stats['documents']} documents, {stats['mentions']} mentions, {stats['errors']} ingest errors"]
    for key in ("by_side", "by_genre", "by_outlet"):
        parts = ", ".join(f"{k} {v}" for k, v in stats[key].items())
        lines.append(f"  {key.replace('by_', 'by '):<10} {parts}")
    return "\n".join(lines)
