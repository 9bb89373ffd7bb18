"""Support for or opposition to the pack's stance targets, sentence by sentence, with evidence.

A cue counts only when it governs the target: a verb or nominalisation just before it in the
same clause ("welcomes the closure of X", "to fully enforce X"), or an evaluation predicated of
it ("X … failed to deliver", "X is no longer relevant", "X, a misguided provision"). A
nominalised cue composes with the verb or evaluation around it: welcoming a closure is
opposition, calling a repeal a mistake is support. Negation flips a cue; hedges are flagged.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache

from .demands import SPEECH_VERBS, author_party, resolve_party
from .document import Document
from .sentences import sentence_spans

SUPPORT_VERBS = ("support", "welcome", "enforce", "uphold", "strengthen", "revitalize", "revitalise",
                 "extend", "praise", "endorse", "respect", "implement", "preserve", "maintain", "restore",
                 "defend", "reinforce", "back", "embrace", "honor", "honour", "apply", "promote", "push",
                 "call for", "advocate", "reinstate", "renew")
OPPOSE_VERBS = ("repeal", "abolish", "close", "dissolve", "waive", "scrap", "condemn", "reject", "oppose",
                "criticize", "criticise", "end", "terminate", "suspend", "lift", "eliminate", "circumvent",
                "bypass", "undermine", "violate", "breach", "denounce", "dismantle", "disband", "ignore",
                "sideline", "replace", "revoke", "rescind", "overturn", "abandon")
# Nominalisations: "the repeal of X", "closure of X", "X's enforcement".
SUPPORT_NOUNS = ("enforcement", "implementation", "support", "revitalization", "revitalisation",
                 "strengthening", "extension", "preservation", "restoration", "endorsement")
OPPOSE_NOUNS = ("repeal", "repealing", "abolition", "closure", "closing", "dissolution", "dissolving",
                "waiver", "elimination", "termination", "suspension", "lifting", "scrapping",
                "dismantling", "violation", "violations", "breach", "breaches", "condemnation",
                "rejection", "end", "ending", "obsolescence", "failure")
POSITIVE_EVALUATIONS = ("effective", "vital", "important", "necessary", "relevant", "useful", "essential",
                        "valuable", "successful", "constructive", "credible", "fair", "legitimate",
                        "indispensable", "crucial", "helpful", "worthwhile", "balanced", "impartial")
NEGATIVE_EVALUATIONS = ("obsolete", "outdated", "irrelevant", "dysfunctional", "biased", "discriminatory",
                        "misguided", "ineffective", "useless", "failed", "unfair", "problematic",
                        "counterproductive", "illegitimate", "partial", "unbalanced", "flawed", "harmful",
                        "anachronistic", "redundant", "defunct", "moribund", "toothless")
# Predicates of a target subject: "the Group failed to deliver", "Section 907 ignores …".
NEGATIVE_PREDICATES = ("failed", "fails", "ignores", "ignored", "punishes", "punished", "harms", "harmed",
                       "undermines", "undermined", "hampers", "obstructs", "stalled", "collapsed")
POSITIVE_PREDICATES = ("succeeded", "delivered", "helps", "helped", "works", "worked", "protects",
                       "protected", "contributes", "achieved")
NEGATORS = ("not", "no", "never", "no longer", "n't", "without", "nor", "hardly", "neither", "took no")
HEDGES = ("may", "might", "could", "perhaps", "possibly", "arguably", "seems", "appears", "reportedly")

_CUE_WINDOW_WORDS = 6       # a verb or noun cue must sit within this many words before the target
_PREDICATE_WINDOW_WORDS = 14  # an evaluation may follow its subject by this many words
_CLAUSE_BREAK = re.compile(r"[;:()]|,\s+(?:which|while|but|whereas|although|though)\b|\.\s")


def _forms(verbs: tuple[str, ...]) -> list[str]:
    """Inflections of cue verbs ("close" → close/closes/closed/closing), spaces as \\s+."""
    out = []
    for v in verbs:
        head, _, rest = v.partition(" ")
        stem = head[:-1] if head.endswith("e") else head
        inflected = {head, head + "s", stem + "ed", stem + "ing", head + "d" if head.endswith("e") else head + "ed"}
        if head.endswith("y"):
            inflected |= {head[:-1] + "ies", head[:-1] + "ied"}
        if re.search(r"[^aeiou][aeiou][bdgmnpt]$", head) and len(head) <= 4:
            inflected |= {head + head[-1] + "ed", head + head[-1] + "ing"}
        out += [re.escape(f + (" " + rest if rest else "")).replace(r"\ ", r"\s+") for f in inflected]
    return out


def _alt(words) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


def _build_cues() -> dict[str, re.Pattern]:
    verbs = {**{f: 1 for f in _forms(SUPPORT_VERBS)}, **{f: -1 for f in _forms(OPPOSE_VERBS)}}
    nouns = {re.escape(n): 1 for n in SUPPORT_NOUNS} | {re.escape(n): -1 for n in OPPOSE_NOUNS}
    return {
        "noun": re.compile(rf"\b(?P<cue>{_alt(nouns)})\s+of\s+(?:the\s+)?$", re.IGNORECASE),
        "verb": re.compile(rf"\b(?P<cue>{_alt(verbs)})\b", re.IGNORECASE),
        "eval": re.compile(rf"\b(?P<cue>{_alt(POSITIVE_EVALUATIONS + NEGATIVE_EVALUATIONS + NEGATIVE_PREDICATES + POSITIVE_PREDICATES)})\b",
                           re.IGNORECASE),
        "negator": re.compile(rf"\b(?:{_alt(re.escape(n) for n in NEGATORS)})\b|n't\b", re.IGNORECASE),
        "hedge": re.compile(rf"\b(?:{_alt(HEDGES)})\b", re.IGNORECASE),
    }


_CUES = _build_cues()
_COPULA = re.compile(r"\b(?:is|are|was|were|be|been|remains?|seems?|proved|became)\b", re.IGNORECASE)
_LOWER_WORD = re.compile(r"\b[a-z]+\b")
_SPEECH = frozenset(SPEECH_VERBS)
_EVALUATIVE = frozenset(POSITIVE_EVALUATIONS + NEGATIVE_EVALUATIONS + SUPPORT_NOUNS + OPPOSE_NOUNS)
_NOUNS = frozenset(SUPPORT_NOUNS + OPPOSE_NOUNS)
_POLARITY = {**{w: 1 for w in SUPPORT_VERBS + SUPPORT_NOUNS + POSITIVE_EVALUATIONS + POSITIVE_PREDICATES},
             **{w: -1 for w in OPPOSE_VERBS + OPPOSE_NOUNS + NEGATIVE_EVALUATIONS + NEGATIVE_PREDICATES}}


@lru_cache(maxsize=4096)
def cue_polarity(word: str) -> int:
    """Polarity of an inflected cue word by its lemma in the cue tables."""
    w = " ".join(word.lower().split())
    if w in _POLARITY:
        return _POLARITY[w]
    head, _, rest = w.partition(" ")
    for cut in (head, head[:-1], head[:-2], head[:-3], head[:-3] + "e", head[:-2] + "e", head[:-1] + "y",
                head[:-3] + "y", head[:-4]):
        lemma = cut + (" " + rest if rest else "")
        if lemma in _POLARITY:
            return _POLARITY[lemma]
    return 0


def analyse_stances(doc: Document, ctx) -> dict[str, list[dict]]:
    """The `stances` layer: one item per (sentence, stance target) that carries a cue."""
    targets = set(getattr(ctx.pack, "stance_targets", ()) or ())
    mentions = sorted(doc.layer("mentions"), key=lambda m: m["start"])
    hits = [m for m in mentions if m.get("entity") in targets]
    if not hits:
        return {"stances": []}
    author = author_party(doc, mentions)
    starts = [m["start"] for m in hits]
    stances = []
    for s, e in sentence_spans(doc.text):
        i = bisect_left(starts, s)
        in_sentence = []
        while i < len(hits) and hits[i]["start"] < e:
            in_sentence.append(hits[i])
            i += 1
        stances.extend(_sentence_stances(doc, s, e, in_sentence, mentions, author))
    return {"stances": stances}


def _sentence_stances(doc, s, e, hits, mentions, author) -> list[dict]:
    by_target: dict[str, dict] = {}
    for mention in hits:
        found = stance_toward(doc.text, s, e, mention)
        if found is None or mention["entity"] in by_target:
            continue
        polarity, cue, hedged = found
        by_target[mention["entity"]] = {
            "target": mention["entity"], "name": mention.get("name") or mention["text"],
            "polarity": polarity, "start": s, "end": e, "text": doc.text[s:e], "cue": cue,
            "hedged": hedged, "holder": _holder(doc, s, mention["start"], mentions, author)}
    return list(by_target.values())


def stance_toward(text: str, s: int, e: int, mention: dict) -> tuple[int, str, bool] | None:
    """(polarity, cue words, hedged) for the target mention in sentence [s, e), or None."""
    clause_s, clause_e = _clause(text, s, e, mention)
    before = text[clause_s:mention["start"]]
    after = text[mention["end"]:clause_e]
    head = _governing_cue(before)
    evaluation = _evaluation(after)
    if head is None and evaluation is None:
        return None
    if head is None:
        polarity, cues = evaluation[0], [evaluation[1]]
    else:
        polarity, cues = head
        # "the closure of X is necessary": the predicate judges the nominalised act, not X alone.
        if evaluation is not None and evaluation[2] and cues[-1].lower() in _NOUNS:
            polarity, cues = polarity * evaluation[0], cues + [evaluation[1]]
    if text[s:e].rstrip().endswith("?"):
        polarity = 0  # a question ("Is X still relevant?") raises the issue without taking a side
    hedged = bool(_CUES["hedge"].search(text[clause_s:clause_e]))
    return polarity, " … ".join(cues), hedged


def _clause(text: str, s: int, e: int, mention: dict) -> tuple[int, int]:
    sentence = text[s:e]
    rel_s, rel_e = mention["start"] - s, mention["end"] - s
    cs = 0
    for m in _CLAUSE_BREAK.finditer(sentence, 0, rel_s):
        cs = m.end()
    nxt = _CLAUSE_BREAK.search(sentence, rel_e)
    return s + cs, s + (nxt.start() if nxt else len(sentence))


def _governing_cue(before: str) -> tuple[int, list[str]] | None:
    """The cue that takes the target as object, composed with a verb that takes the cue as object."""
    words = before.split()
    window = " ".join(words[-_CUE_WINDOW_WORDS:]) + (" " if before.endswith((" ", "\n")) else "")
    noun = _CUES["noun"].search(window)
    if noun:
        polarity, cues = cue_polarity(noun.group("cue")), [noun.group("cue")]
        polarity *= _negation(window[:noun.start()])
        outer = _last_verb(window[:noun.start()]) or _last_verb(" ".join(words[-_CUE_WINDOW_WORDS - 4:-_CUE_WINDOW_WORDS]))
        if outer:
            polarity *= outer[0]
            cues.insert(0, outer[1])
        return polarity, cues
    verb = _last_verb(window)
    if verb:
        return verb[0] * _negation(window[:window.lower().rfind(verb[1].lower())]), [verb[1]]
    return None


def _last_verb(window: str) -> tuple[int, str] | None:
    found = None
    for m in _CUES["verb"].finditer(window):
        found = m
    if not found:
        return None
    return cue_polarity(found.group("cue")), found.group("cue")


def _negation(span: str) -> int:
    """-1 when the few words before a cue negate it ("does not support", "should not be")."""
    tail = " ".join(span.split()[-3:])
    return -1 if _CUES["negator"].search(tail) else 1


def _evaluation(after: str) -> tuple[int, str, bool] | None:
    """An evaluation predicated of the target: adjective, predicate verb or passive cue verb.

    The flag says whether it is a copular predicate ("X is necessary"), which judges a
    nominalised subject as a whole, unlike an apposition ("X, a misguided provision").
    """
    window = " ".join(after.split()[:_PREDICATE_WINDOW_WORDS])
    passive = re.match(r"^[^,]{0,40}?\b(?:be|been|being|is|are|was|were)\s+(?:(?-i:[a-z]+ly)\s+)?(?P<v>\w+ed)\b",
                       window, re.IGNORECASE)
    if passive and cue_polarity(passive.group("v")):
        return cue_polarity(passive.group("v")) * _negation(window[:passive.start("v")]), passive.group("v"), True
    m = _CUES["eval"].search(window)
    if not m:
        return None
    copular = bool(_COPULA.search(window[:m.start()]))
    return cue_polarity(m.group("cue")) * _negation(window[:m.start()]), m.group("cue"), copular


def _holder(doc, s, target_start, mentions, author) -> dict | None:
    """Who holds the stance: a reported speaker, the antecedent of 'who', or the cue verb's subject."""
    head = doc.text[s:target_start]
    words = list(_LOWER_WORD.finditer(head))  # set look-ups beat a long alternation scanned at every offset
    anchors = [w for w in words if w.group() in _SPEECH] or [w for w in words if cue_polarity(w.group())
                                                              and w.group() not in _EVALUATIVE]
    relative = [m for m in re.finditer(r",?\s+who\b", head)]
    for anchor in ([relative[-1]] if relative else []) + anchors[-1:]:
        subject = _party_ending_at(doc, s, s + anchor.start(), mentions, author)
        if subject:
            return {"text": subject["text"], "entity": subject["entity"]}
    return None


def _party_ending_at(doc, s, pos, mentions, author) -> dict | None:
    text = doc.text
    head = re.sub(r"(?:\s*\([^)]{1,20}\))?(?:\s+(?:has|have|had|also|again|(?-i:[a-z]+ly)))*\s*,?\s*$", "",
                  text[s:pos])
    cut = s + len(head)
    close = [m for m in mentions if s <= m["start"] and 0 <= cut - m["end"] <= 1]
    if close and close[-1].get("kind") in ("org", "person", "place", "group"):
        return resolve_party(text, close[-1]["start"], close[-1]["end"], mentions, doc, author)
    tail = re.search(r"(?:\b[Tt]he\s+[A-Z]\w+|\b[Ww]e|\b[A-Z]{2,6})$", head)
    if tail:
        resolved = resolve_party(text, s + tail.start(), cut, mentions, doc, author)
        return resolved if resolved["entity"] or resolved["name"] != resolved["text"] else None
    return None
