"""Who is quoted saying what: direct quotes, reported speech and the mix of both.

Forms found: a quote with its cue after it (`“…,” Aliyev said.` / `“…,” said the minister.`),
a cue that opens a quote (`X stated: “…”`), reported speech (`X reiterated that …`,
`X told reporters …`, `according to X, …`) whose content may hold an embedded quote (kind
"mixed", content starting at the quote). A speaker is a name with its title set apart, a
"the minister" phrase, or a pronoun that takes the previous speaker in its paragraph. Short
quoted phrases with no cue beside them are scare quotes, not quotes.
"""

from __future__ import annotations

import re

from .document import Document
from .pipeline import Context
from .sentences import sentence_spans

SPEECH_VERBS = ("said", "says", "say", "stated", "states", "told", "tells", "reiterated", "reiterates",
                "noted", "notes", "added", "adds", "stressed", "stresses", "emphasized", "emphasised",
                "emphasizes", "claimed", "claims", "argued", "argues", "warned", "warns", "declared",
                "declares", "announced", "announces", "asserted", "insisted", "explained", "wrote",
                "underlined", "underscored", "affirmed", "maintained", "remarked", "commented",
                "acknowledged", "reminded", "pointed out", "concluded", "continued", "replied")
AUDIENCE_VERBS = ("told", "tells", "reminded")  # take an object before their content
TITLES = ("spokesperson", "spokesman", "spokeswoman", "president", "vice president", "prime minister",
          "foreign minister", "defense minister", "defence minister", "minister", "deputy", "ambassador",
          "secretary of state", "secretary", "senator", "sen.", "rep.", "representative", "chairman",
          "chairwoman", "chair", "director", "general", "gen.", "mr.", "mrs.", "ms.", "dr.", "prof.",
          "governor", "mayor", "envoy", "adviser", "advisor", "commissioner", "press secretary",
          "ombudsman", "speaker", "leader", "chief", "head", "former", "acting", "deputy foreign minister")
DOCUMENT_NOUNS = ("statement", "release", "press release", "communique", "communiqué", "declaration",
                  "letter", "report", "note", "message", "readout", "post", "tweet")
ISSUE_VERBS = ("issued", "released", "published", "put out", "sent", "posted", "circulated")
PRONOUNS = ("he", "she")
OTHER_PRONOUNS = ("they", "we", "i", "it")
SCARE_QUOTE_MAX_WORDS = 3
MIXED_PREFIX_MAX_WORDS = 6  # a that-clause whose quote starts this soon is reported around the quote

_QUOTE_PAIRS = re.compile(r"“([^”\n]*)”|\"([^\"\n]*)\"")
_VERB = "|".join(sorted(SPEECH_VERBS, key=len, reverse=True))
_NAME = r"[A-Z][\w’'.-]*(?:\s+(?:of\s+(?:the\s+)?|de\s+|al-)?[A-Z][\w’'.-]*){0,5}"
_SPEAKER = rf"(?:\b(?:he|she|they|we|I)\b|{_NAME}|\b(?:the|a|an)\s+[\w’'-]+(?:\s+[\w’'-]+){{0,3}}?)"
_AFTER_QUOTE = re.compile(rf"\s*[,—–-]?\s*(?:(?P<v1>{_VERB})\s+(?P<s1>{_SPEAKER})(?=[\s,.;:!?]|$)"
                          rf"|(?P<s2>{_SPEAKER})\s+(?:also\s+|later\s+|then\s+)?(?P<v2>{_VERB})\b)")
_CUE = re.compile(rf"\b(?P<verb>{_VERB})\b(?P<object>\s+(?!that\b)[\w’'-]+(?:\s+[\w’'-]+){{0,2}}?)??"
                  rf"(?P<link>\s*[:,]\s*(?=[“\"])|\s+that\s+)")
_ACCORDING = re.compile(rf"\b[Aa]ccording to\s+(?P<speaker>{_SPEAKER})\s*,\s*")
_TRAILING_FILLER = re.compile(r"(?:\s+(?:also|then|later|again|once|has|have|had|was|is|publicly|"
                              r"repeatedly|further|\w+ly))+\s*$")
_RELATIVE = re.compile(r"\s+(?:that|which|who)\s*$")
_SPEAKER_AT_END = re.compile(rf"(?:\b(?P<pron>he|she|they|we|I)|(?P<name>{_NAME})"
                             rf"|(?P<np>\b(?:[Tt]he|[Aa]n?)\s+[\w’'-]+(?:\s+[\w’'-]+){{0,3}}))\s*$")
_ISSUER = re.compile(rf"(?P<name>{_NAME})\s+(?:{'|'.join(ISSUE_VERBS)})\b")
_CLAUSE_BREAK = re.compile(r"[,;:—–(]\s|\b(?:and|but)\s+(?=[A-Z])")
_TITLE = re.compile(rf"(?:(?:{'|'.join(re.escape(t) for t in sorted(TITLES, key=len, reverse=True))})\s+)+",
                    re.I)


def analyse_quotes(doc: Document, ctx: Context) -> dict[str, list[dict]]:
    """The analyser: quotes with speakers, in text order."""
    return {"quotes": find_quotes(doc.text, doc.layer("mentions"))}


def find_quotes(text: str, mentions: list[dict] = ()) -> list[dict]:
    """Direct, reported and mixed speech in `text`; `mentions` give speakers their entities."""
    pairs = [(m.start() + 1, m.end() - 1) for m in _QUOTE_PAIRS.finditer(text)]
    quotes, used = [], set()
    for start, end in pairs:
        found = _quote_with_cue_after(text, start, end)
        if found:
            quotes.append(found)
            used.add(start)
    for sentence in sentence_spans(text) if (pairs or _CUE.search(text) or "ccording to" in text) else ():
        quotes.extend(_reported(text, sentence, pairs, used))
    quotes.sort(key=lambda q: q["start"])
    _resolve_speakers(text, quotes, mentions)
    return quotes


def _quote_with_cue_after(text: str, start: int, end: int) -> dict | None:
    if text[start:end].rstrip().endswith((".", "…")):
        return None  # a quote that closes its sentence is not introduced by what follows
    m = _AFTER_QUOTE.match(text, end + 1)
    if not m:
        return None
    verb, speaker = ("v1", "s1") if m.group("v1") else ("v2", "s2")
    content_end = end - 1 if text[end - 1:end] == "," else end
    return _item(text, (m.start(speaker), m.end(speaker)), (start, content_end), "direct",
                 (m.start(verb), m.end(verb)))


def _reported(text, sentence, pairs, used) -> list[dict]:
    s_start, s_end = sentence
    out = []
    for cue in _CUE.finditer(text, s_start, s_end):
        if cue.group("object") and cue.group("verb").lower() not in AUDIENCE_VERBS:
            continue
        speaker = _speaker_before(text, s_start, cue.start())
        if speaker is None:
            continue
        out.append(_content_item(text, speaker, cue.end(), s_end, (cue.start("verb"), cue.end("verb")),
                                 pairs, used))
    for acc in _ACCORDING.finditer(text, s_start, s_end):
        out.append(_content_item(text, (acc.start("speaker"), acc.end("speaker")), acc.end(), s_end,
                                 (acc.start(), acc.start() + len("according to")), pairs, used))
    return [q for q in out if q]


def _content_item(text, speaker, c_start, s_end, cue, pairs, used) -> dict | None:
    """Reported content from `c_start` to the sentence end, or the quote it opens or embeds."""
    inside = [(a, b) for a, b in pairs if c_start <= a - 1 < s_end and a not in used]
    c_end, kind, quoted = s_end, "reported", False
    if inside:
        a, b = inside[0]
        used.add(a)
        kind = "direct" if a - 1 == c_start else "mixed"
        if kind == "direct" or len(text[c_start:a].split()) <= MIXED_PREFIX_MAX_WORDS:
            c_start, c_end, quoted = a, b, True
        else:
            c_end = max(s_end, inside[-1][1] + 1)
    while not quoted and c_end > c_start and text[c_end - 1] in ".,;: ":
        c_end -= 1
    if c_end <= c_start:
        return None
    return _item(text, speaker, (c_start, c_end), kind, cue)


def _speaker_before(text: str, s_start: int, verb_start: int) -> tuple[int, int] | None:
    """The speaker phrase that ends just before the cue verb, within its clause."""
    clause_start = s_start
    for brk in _CLAUSE_BREAK.finditer(text, s_start, verb_start):
        clause_start = brk.end()
    pre = text[clause_start:verb_start]
    pre = _TRAILING_FILLER.sub("", pre)
    relative = _RELATIVE.search(pre)
    pre = pre[:relative.start()] if relative else pre.rstrip()
    m = _SPEAKER_AT_END.search(pre)
    if not m:
        return None
    if m.group("np") and m.group("np").split()[-1].lower() in DOCUMENT_NOUNS:
        issuer = None
        for issuer in _ISSUER.finditer(pre):
            pass
        if issuer:
            return clause_start + issuer.start("name"), clause_start + issuer.end("name")
    return clause_start + m.start(), clause_start + m.end()


def _item(text, speaker, content, kind, cue) -> dict:
    sp_start, sp_end = speaker
    if text.startswith("The ", sp_start) and text[sp_start + 4:sp_start + 5].isupper():
        sp_start += 4  # "The Foreign Ministry": the article is not part of the name
    title = _TITLE.match(text, sp_start, sp_end)
    if title and title.end() < sp_end:
        sp_start = title.end()
    item = {"speaker": {"text": text[sp_start:sp_end], "entity": None, "start": sp_start, "end": sp_end},
            "text": text[content[0]:content[1]], "start": content[0], "end": content[1], "kind": kind,
            "cue": text[cue[0]:cue[1]], "cue_start": cue[0], "cue_end": cue[1]}
    if title and title.end() < speaker[1]:
        item["speaker"]["title"] = text[title.start():title.end()].strip()
    return item


def _resolve_speakers(text: str, quotes: list[dict], mentions: list[dict]) -> None:
    """Give speakers their entities; he/she takes the previous speaker in the paragraph."""
    previous: dict | None = None
    named: list[dict] = []
    for q in quotes:
        sp = q["speaker"]
        if previous and text.find("\n", previous["end"], q["start"]) != -1:
            previous = None
        if sp["text"].lower() in PRONOUNS:
            if previous:
                sp.update(entity=previous["entity"], resolved="previous speaker",
                          refers_to=previous["text"])
            continue
        if sp["text"].lower() in OTHER_PRONOUNS:
            continue
        hit = [m for m in mentions if m["start"] < sp["end"] and sp["start"] < m["end"]]
        if hit:
            sp["entity"] = hit[-1]["entity"]
        else:
            same = [n for n in named if n["text"].split()[-1] == sp["text"].split()[-1] and n["entity"]]
            if same:
                sp.update(entity=same[-1]["entity"], resolved="earlier full name")
        named.append(sp)
        previous = {**sp, "end": q["end"]}
