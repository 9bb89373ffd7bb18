"""Calls to action: who demands what of whom ("X urges Y to Z", "Y should Z", "X calls for Z").

Rules over sentences, one regex pass per cue family. Parties are resolved to the pack's
entities through the mentions layer, and "we", the author organisation's abbreviation or
"the <last word of its name>" to the document's author organisation (metadata).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from .document import Document
from .sentences import sentence_spans

# "X urges Y to Z": verbs taking an addressee and a to-infinitive.
ADDRESSEE_VERBS = ("urge", "urges", "urged", "urging", "call on", "calls on", "called on",
                   "call upon", "calls upon", "called upon", "demand", "demands", "demanded",
                   "request", "requests", "requested", "ask", "asks", "asked", "appeal to",
                   "appeals to", "appealed to", "invite", "invites", "invited", "encourage",
                   "encourages", "encouraged", "press", "presses", "pressed", "implore", "implores")
# "X calls for Z" / "X reiterates its call for Z": an action without an addressee.
CALL_FOR_CUES = ("call for", "calls for", "called for", "calling for", "call for the", "demand for",
                 "demands for", "appeal for", "appeals for", "push for", "pushes for", "pushed for")
# "Y should Z": the author's (or the reported speaker's) demand on Y.
OBLIGATION_MODALS = ("should", "must", "ought to", "needs to", "need to", "has to", "have to", "could")
# "Price reiterated that …": the speaker owns the demand inside the reported clause.
SPEECH_VERBS = ("said", "says", "stated", "states", "reiterated", "reiterates", "noted", "notes",
                "stressed", "stresses", "emphasized", "emphasised", "added", "insisted", "insists",
                "argued", "argues", "declared", "declares", "warned", "warns", "believes",
                "urged", "urges", "announced", "told", "reminded", "underlined", "underscored")
# The action stops where a subordinate or parenthetical clause begins.
ACTION_STOPS = (";", " while ", " whereas ", " which ", " who ", " one that ", " that is ", " because ",
                " so that ", " in order to ", " – ", " — ", " - ", ", a ", ", an ", ", as ", ", since ",
                ", but ", " but ", ", making ", ", including ", ":")
FIRST_PERSON = ("we", "our organization", "our organisation", "us")
PARTY_KINDS = ("org", "place", "person", "group")
_MAX_ACTION_WORDS = 30

_WORD_ALT = lambda words: "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True))  # noqa: E731
_ADDRESSEE_RE = re.compile(rf"\b(?:{_WORD_ALT(ADDRESSEE_VERBS)})\s+(?P<who>[^;:]{{1,90}}?)\s+to\s+(?P<act>[a-z]\w*\b.*)",
                           re.IGNORECASE | re.DOTALL)
_CALL_RE = re.compile(rf"\b(?:{_WORD_ALT(CALL_FOR_CUES)})\s+(?P<act>.+)", re.IGNORECASE | re.DOTALL)
_MODAL_RE = re.compile(rf"\b(?P<modal>{_WORD_ALT(OBLIGATION_MODALS)})\s+(?P<neg>not\s+)?(?:\w+ly\s+)?(?P<verb>[a-z]+)\b",
                       re.IGNORECASE)
_POSSESSIVE_CALL_RE = re.compile(r"(?P<who>[^,;]{1,60}?)(?:’s|'s)\s+call\s+(?:for|on)\s+(?P<whom>[^.;]{1,60}?)\s+to\s+(?P<act>.+)",
                                 re.DOTALL)
_SPEECH_RE = re.compile(rf"\b(?:has\s+|have\s+|had\s+)?(?:{_WORD_ALT(SPEECH_VERBS)})\b(?:\s+that)?")
_PREFILTER = re.compile(rf"\b(?:{_WORD_ALT(ADDRESSEE_VERBS + CALL_FOR_CUES + OBLIGATION_MODALS)}|call\s+for)\b",
                        re.IGNORECASE)
_ADDRESSEE_HEADS = frozenset(" ".join(v.split()) for v in ADDRESSEE_VERBS)
_SUBJECT_FILLER = re.compile(r"(?:\s*\([^)]{1,20}\))?(?:\s+(?:has|have|had|also|today|again|repeatedly|once again|"
                             r"strongly|kindly|now|therefore|further|(?-i:[a-z]+ly)))*\s*,?\s*$", re.IGNORECASE)
_CAPITALISED_TAIL = re.compile(r"((?:[Tt]he\s+)?(?:[A-Z][\w.’'&-]*\s+(?:of\s+|and\s+|for\s+)?)*[A-Z][\w.’'&-]*|"
                               r"\b[Ww]e|\b[Oo]ur organi[sz]ation|\bI)$")
_COORDINATED_SPEECH = re.compile(rf",?\s+and\s+(?:{_WORD_ALT(SPEECH_VERBS)})\b")
_NOT_A_VERB_AFTER_MODAL = frozenset(("be", "been", "have", "not", "also", "only", "well", "the", "a"))


def analyse_demands(doc: Document, ctx) -> dict[str, list[dict]]:
    """The `demands` layer: one item per call to action found in a sentence."""
    text, mentions = doc.text, sorted(doc.layer("mentions"), key=lambda m: m["start"])
    author = author_party(doc, mentions)
    demands: list[dict] = []
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        if _PREFILTER.search(sentence):
            demands.extend(_sentence_demands(text, start, end, mentions, author, doc))
    _infer_missing_addressees(demands)
    return {"demands": demands}


def _sentence_demands(text, start, end, mentions, author, doc) -> list[dict]:
    sentence, found = text[start:end], []
    resolve = lambda s, e: resolve_party(text, s, e, mentions, doc, author)  # noqa: E731
    cues = {" ".join(c.group().lower().split()) for c in _PREFILTER.finditer(sentence)}
    for m in (_ADDRESSEE_RE.finditer(sentence) if cues & _ADDRESSEE_HEADS else ()):
        actor = _subject_before(text, start, start + m.start(), mentions, doc, author)
        found.append(_item(actor, resolve(start + m.start("who"), start + m.end("who")),
                           m.group("act"), start, end, text, m.group(0).split()[0]))
    possessive = "call" in sentence and ("’s call" in sentence or "'s call" in sentence)
    for m in (_POSSESSIVE_CALL_RE.finditer(sentence) if possessive else ()):
        actor = _subject_before(text, start, start + m.end("who"), mentions, doc, author, allow_the=True)
        found.append(_item(actor, resolve(start + m.start("whom"), start + m.end("whom")),
                           m.group("act"), start, end, text, "call for"))
    if not found:
        for m in _CALL_RE.finditer(sentence):
            actor = _subject_before(text, start, _cue_subject_end(sentence, m.start()) + start, mentions, doc, author)
            if actor is None:  # a participle ("resolutions calling for …"): nobody to hold to it
                continue
            found.append(_item(actor, None, m.group("act"), start, end, text, " ".join(m.group(0).split()[:2])))
            break
    if not found:
        found.extend(_modal_demands(text, start, end, mentions, author, doc))
    return [f for f in found if f["action"]]


def _cue_subject_end(sentence: str, cue_at: int) -> int:
    """Where the subject of 'X reiterates its call for' ends: before the governing verb."""
    head = re.search(r"\s+(?:\w+\s+){0,1}(?:its|their|our|his|her|the)\s*$", sentence[:cue_at])
    return head.start() if head else cue_at


def _modal_demands(text, start, end, mentions, author, doc) -> list[dict]:
    sentence, found = text[start:end], []
    for m in _MODAL_RE.finditer(sentence):
        if m.group("verb").lower() in _NOT_A_VERB_AFTER_MODAL:
            continue
        if m.group("modal").lower() == "could" and m.group("neg"):
            continue
        segment_start = _clause_start(sentence, m.start())
        addressee = _first_party_in(text, start + segment_start, start + m.start(), mentions, doc, author)
        if addressee is None:
            continue
        speaker = _reported_speaker(text, start, start + segment_start, mentions, doc, author)
        action = ("not " if m.group("neg") else "") + sentence[m.start("verb") - _adverb_len(sentence, m):]
        found.append(_item(speaker or author, addressee, action, start, end, text, m.group("modal").lower()))
    return found


def _adverb_len(sentence: str, m: re.Match) -> int:
    """Keep an adverb between modal and verb ("should immediately release")."""
    between = sentence[m.end("modal"):m.start("verb")]
    adverb = re.search(r"(\w+ly)\s+$", between)
    return len(adverb.group(0)) if adverb else 0


def _clause_start(sentence: str, pos: int) -> int:
    """Start of the clause holding `pos`: after the last comma, semicolon or 'that'."""
    cut = 0
    for m in re.finditer(r"[,;:]\s*|\bthat\s+|\bwhich\s+|\bwho\s+|\bif\s+|\bwhen\s+", sentence[:pos]):
        cut = m.end()
    return cut


def _first_party_in(text, s, e, mentions, doc, author) -> dict | None:
    if len(text[s:e].split()) > 8:
        return None
    for m in _mentions_in(mentions, s, e):
        if m.get("kind") in PARTY_KINDS:
            return party(m["text"], m["entity"], m.get("name"))
    words = text[s:e].strip()
    if re.fullmatch(r"(?:all|both)\s+(?:parties|sides)|[Ww]e", words):
        return resolve_party(text, s, e, mentions, doc, author)
    return None


def _reported_speaker(text, start, clause_start, mentions, doc, author) -> dict | None:
    head = text[start:clause_start]
    speech = None
    for speech in _SPEECH_RE.finditer(head):
        pass
    if speech is None:
        return None
    return _subject_before(text, start, start + speech.start(), mentions, doc, author)


def _subject_before(text, start, pos, mentions, doc, author, allow_the=False) -> dict | None:
    """The party whose name ends just before `pos` (the subject of a cue verb)."""
    head = text[start:pos]
    filler = _SUBJECT_FILLER.search(head)
    cut = start + (filler.start() if filler else len(head))
    for m in reversed(_mentions_in(mentions, start, cut)):
        if cut - m["end"] <= 2 and m.get("kind") in PARTY_KINDS:
            return resolve_party(text, m["start"], m["end"], mentions, doc, author)
    tail = _CAPITALISED_TAIL.search(text[start:cut])
    if tail:
        return resolve_party(text, start + tail.start(), start + tail.end(), mentions, doc, author)
    return None


def _mentions_in(mentions: list[dict], s: int, e: int) -> list[dict]:
    i = bisect_left([m["start"] for m in mentions], s)
    out = []
    while i < len(mentions) and mentions[i]["start"] < e:
        if mentions[i]["end"] <= e:
            out.append(mentions[i])
        i += 1
    return out


def party(text: str, entity: str | None, name: str | None = None) -> dict:
    """A party as the layers store it: surface text, entity id, resolved name."""
    return {"text": text, "entity": entity, "name": name or text}


def author_party(doc: Document, mentions: list[dict]) -> dict | None:
    """The document's author organisation (or author) as a party, with its entity if mentioned."""
    org = doc.meta("author_org")
    name = org or doc.meta("author")
    if not name:
        return None
    entity = next((m["entity"] for m in mentions if m["text"].lower() == name.lower()), None)
    return party(name, entity, name)


def _author_aliases(doc: Document) -> tuple[str, ...]:
    for item in doc.layer("metadata"):
        if item.get("field") == "author_org" and item.get("value"):
            last = item["value"].split()[-1]
            aliases = [f"the {last}".lower(), *FIRST_PERSON]
            if item.get("abbr"):
                aliases += [item["abbr"].lower(), f"the {item['abbr']}".lower()]
            return tuple(aliases)
    return FIRST_PERSON


def resolve_party(text, s, e, mentions, doc, author) -> dict:
    """Resolve a span to a party: author aliases, then an overlapping mention, else the bare text."""
    surface = " ".join(text[s:e].split()).strip(" ,“”\"")
    if author and surface.lower() in _author_aliases(doc):
        return {**author, "text": surface}
    inside = [m for m in mentions if m["start"] < e and m["end"] > s and m.get("kind") in PARTY_KINDS]
    if inside:
        if author and inside[0]["entity"] == author.get("entity"):
            return {**author, "text": surface}
        return party(surface, inside[0]["entity"], inside[0].get("name"))
    return party(surface, _entity_by_surname(surface, mentions))


def _entity_by_surname(surface: str, mentions: list[dict]) -> str | None:
    """'Price' after 'Ned Price' was mentioned: the person mention whose name ends with it."""
    if " " in surface or not surface[:1].isupper():
        return None
    return next((m["entity"] for m in mentions if m.get("kind") == "person"
                 and m["text"].split()[-1] == surface), None)


def _item(actor, addressee, action, start, end, text, cue) -> dict:
    return {"actor": actor, "addressee": addressee, "action": trim_action(action),
            "start": start, "end": end, "text": text[start:end], "cue": cue.lower()}


def trim_action(action: str) -> str:
    """The verb phrase up to the end of its clause, quotes dropped, readable length."""
    action = " ".join(action.replace("“", "").replace("”", "").replace('"', "").split())
    low = action.lower()
    cut = min([i for stop in ACTION_STOPS if (i := low.find(stop)) > 0] or [len(action)])
    speech = _COORDINATED_SPEECH.search(action)
    cut = min(cut, speech.start()) if speech else cut
    action = action[:cut].rstrip(" ,.…")
    words = action.split()
    if len(words) > _MAX_ACTION_WORDS:
        action = " ".join(words[:_MAX_ACTION_WORDS])
    return re.sub(r"^(?:the|a|an)\s+", "", action, flags=re.IGNORECASE)


def _infer_missing_addressees(demands: list[dict]) -> None:
    """'X reiterates its call for Z' has no addressee; borrow X's nearest explicit one, flagged."""
    for d in demands:
        if d["addressee"] is None and d["actor"]:
            same = [o for o in demands if o["addressee"] and o["actor"] and o["actor"]["name"] == d["actor"]["name"]]
            if same:
                nearest = min(same, key=lambda o: abs(o["start"] - d["start"]))
                d["addressee"] = {**nearest["addressee"], "inferred": True}
