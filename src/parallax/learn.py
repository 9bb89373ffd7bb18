"""Learn a draft pack's framing terms from a labelled corpus ("Fightin' Words", Monroe et al. 2008).

Each side's n-gram counts are set against the pooled other sides by the weighted log-odds ratio
with an informative Dirichlet prior (§3.5); its z-score ranks the words that give a side away.
The result is a *draft*: every term carries its evidence in `note`, for a person to review.
"""

from __future__ import annotations

import csv
import hashlib
import itertools
import math
import os
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePosixPath

import yaml

from .clean import STOP_WORDS
from .errors import PackError, ParallaxError
from .pack import NEUTRAL, fold_form, validate_pack_data

PRIOR_SCALE = 0.1   # a_w = PRIOR_SCALE × pooled count of w: the pooled corpus, shrunk to a tenth
MIN_COUNT = 3       # a draft term occurs at least this often in the whole corpus…
MIN_DOCS = 2        # …and in this many documents of its side (fewer if the side has fewer)
# Pack weight of a learned term: z / 4, capped at 2.0, so z = 4 weighs as much as a typical
# hand-written term (1.0) and no learned term outweighs a curated strong one.
Z_PER_WEIGHT, MAX_WEIGHT = 4.0, 2.0
SNIPPET_CHARS = 40

SIDE_ID = re.compile(r"^[a-z][a-z0-9_-]*$")
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*://")
_ABBREVIATION = re.compile(r"\b(?:[^\W\d_]\.){2,}")          # U.S., U.N. -> us, un
_CLAUSE_BREAK = re.compile(r"[.,;:!?()\[\]{}\"“”«»„…|/–—]+|\s-+\s|\n")
_TOKEN = re.compile(r"[^\W_]+(?:['-][^\W_]+)*")


class LabelsError(ParallaxError, ValueError):
    """A labels CSV (or the labelled corpus it describes) that cannot be learned from."""


@dataclass(frozen=True)
class TermScore:
    """How strongly one n-gram marks one side against all the others, with its evidence."""

    term: str
    side: str
    z: float
    delta: float
    count: int          # occurrences on this side
    other_count: int    # occurrences on all the other sides together
    examples: tuple[str, ...] = field(default=(), compare=False)


def count_ngrams(texts: Iterable[str], *, max_n: int = 3, min_count: int = 1) -> Counter:
    """Lowercased word 1..max_n-grams inside clauses; none starts or ends with a stopword or a number."""
    counts: Counter = Counter()
    for text in texts:
        for tokens in _clauses(text):
            counts.update(_ngrams(tokens, max_n))
    return Counter({g: c for g, c in counts.items() if c >= min_count}) if min_count > 1 else counts


def _clauses(text: str) -> Iterator[list[str]]:
    """Token lists of the clauses of text: n-grams never run across punctuation or lines."""
    text = _ABBREVIATION.sub(lambda m: m.group().replace(".", ""), text).lower().replace("’", "'")
    for chunk in _CLAUSE_BREAK.split(text):
        if tokens := [t.removesuffix("'s") for t in _TOKEN.findall(chunk)]:
            yield tokens


def _ngrams(tokens: list[str], max_n: int) -> Iterator[str]:
    """1..max_n-grams of a clause whose first and last words are content words (no stopword, number, letter)."""
    edge = [not (t in STOP_WORDS or t.isdigit() or len(t) < 2) for t in tokens]
    for i in (i for i, ok in enumerate(edge) if ok):
        yield from (" ".join(tokens[i:j]) for j in range(i + 1, min(i + max_n, len(tokens)) + 1) if edge[j - 1])


def fightin_words(counts_by_side: dict[str, Counter], *, prior_scale: float = PRIOR_SCALE,
                  min_count: int = 1) -> dict[str, list[TermScore]]:
    """The z-score of every term seen min_count times or more, for each side against the pooled others.

    delta = log((y_i+a_w)/(n_i+a_0-y_i-a_w)) - log((y_j+a_w)/(n_j+a_0-y_j-a_w)),
    var ≈ 1/(y_i+a_w) + 1/(y_j+a_w), z = delta/sqrt(var), with the informative prior
    a_w = prior_scale × (pooled count of w), a_0 = prior_scale × (pooled total). Best first per side;
    the totals n count every term (min_count only saves scoring the rare ones).
    """
    pooled = sum(counts_by_side.values(), Counter())  # a handful of sides: cheap
    if len(counts_by_side) < 2 or prior_scale <= 0 or len(pooled) < 2:
        raise ValueError("fightin_words needs at least two sides, two terms and a positive prior_scale")
    total, vocabulary = sum(pooled.values()), [t for t, c in pooled.items() if c >= min_count]
    a_0, result = prior_scale * total, {}
    for side, counts in counts_by_side.items():
        n_i, scores = sum(counts.values()), []
        for term in vocabulary:
            y_i, y_j, a_w = counts[term], pooled[term] - counts[term], prior_scale * pooled[term]
            delta = (math.log((y_i + a_w) / (n_i + a_0 - y_i - a_w))
                     - math.log((y_j + a_w) / (total - n_i + a_0 - y_j - a_w)))
            z = delta / math.sqrt(1 / (y_i + a_w) + 1 / (y_j + a_w))
            scores.append(TermScore(term, side, z, delta, y_i, y_j))
        result[side] = sorted(scores, key=lambda s: (-s.z, s.term))
    return result


def term_weight(z: float) -> float:
    """A learned term's pack weight: z / 4, capped at 2.0, two decimals."""
    return round(min(MAX_WEIGHT, z / Z_PER_WEIGHT), 2)


def learn_draft_pack(labelled: Iterable[tuple[str, str]], *, top: int = 40, min_z: float = 1.96,
                     pack_id: str = "draft", prior_scale: float = PRIOR_SCALE) -> dict:
    """A draft pack of up to `top` terms per side with z >= min_z, best first (see module constants)."""
    texts: dict[str, list[str]] = defaultdict(list)
    counts: dict[str, Counter] = defaultdict(Counter)
    doc_freq: dict[str, Counter] = defaultdict(Counter)  # documents of the side holding each term
    for text, side in labelled:
        texts[side].append(text)
        counts[side].update(doc := count_ngrams([text]))
        doc_freq[side].update(doc.keys())
    if len(texts) < 2:
        raise LabelsError(f"need labelled documents on at least two sides; got {sorted(texts)}")
    chosen = []
    for side, scores in fightin_words(counts, prior_scale=prior_scale, min_count=MIN_COUNT).items():
        need = min(MIN_DOCS, len(texts[side]))
        fit = [s for s in scores if s.z >= min_z and doc_freq[side][s.term] >= need]
        chosen += [_with_examples(s, texts[side]) for s in _without_nested(fit, top)]
    chosen.sort(key=lambda s: (-s.z, s.term))
    return _draft(pack_id, list(texts), chosen, sum(map(len, texts.values())))


def _without_nested(scores: list[TermScore], top: int) -> list[TermScore]:
    """The best `top` scores, skipping a phrase that only ever occurs inside (or around) a kept one.

    Equal counts give equal z, so on a tie the longer phrase comes first and its parts are dropped.
    """
    kept: list[TermScore] = []
    for s in sorted(scores, key=lambda s: (-s.z, -s.term.count(" "), s.term)):
        if len(kept) < top and not any(s.count == k.count and (f" {s.term} " in f" {k.term} "
                                                               or f" {k.term} " in f" {s.term} ") for k in kept):
            kept.append(s)
    return kept


def _with_examples(score: TermScore, texts: list[str], limit: int = 3) -> TermScore:
    """The score with up to `limit` short snippets of the term in context, from its side's texts."""
    words = map(re.escape, score.term.split())
    pattern = re.compile(r"(?<!\w)" + r"(?:['’]s)?\W+".join(words) + r"(?!\w)", re.IGNORECASE)
    snippets: list[str] = []
    for text in texts:
        for m in itertools.islice(pattern.finditer(text), limit - len(snippets)):
            a, b = max(0, m.start() - SNIPPET_CHARS), min(len(text), m.end() + SNIPPET_CHARS)
            snippets.append(("…" if a else "") + " ".join(text[a:b].split()) + ("…" if b < len(text) else ""))
    return replace(score, examples=tuple(snippets))


def _draft(pack_id: str, sides: list[str], chosen: list[TermScore], n_docs: int) -> dict:
    """The pack dict for the chosen terms; raise PackError if it would not validate."""
    ids: set[str] = set()
    draft = {"id": pack_id, "name": f"Draft pack learned from {n_docs} labelled documents", "version": 1,
             "description": "Framing terms learned by weighted log-odds with an informative Dirichlet prior "
                            "(Monroe, Colaresi & Quinn 2008). note: z-score and count on the side / on the "
                            "other sides; weight = min(2, z/4). Review every term before use.",
             "sides": [{"id": s, "label": s.replace("_", " ").replace("-", " ").title()} for s in sides],
             "entities": [], "terms": [_term_entry(s, ids) for s in chosen]}
    if problems := validate_pack_data(draft):
        raise PackError(f"draft pack {pack_id!r}", problems)
    return draft


def _term_entry(score: TermScore, ids: set[str]) -> dict:
    """A pack term for a score, with a unique ascii id ("term:<slug>") and its evidence in `note`."""
    digest = hashlib.sha1(f"{score.term}|{score.side}".encode("utf-8")).hexdigest()[:8]
    slug = re.sub(r"[^a-z0-9]+", "-", fold_form(score.term).encode("ascii", "ignore").decode()).strip("-")
    slug = slug or "x" + digest
    # one term learned for two sides (3+ sides), or two terms folding to one slug, stay distinct
    term_id = next(i for i in (f"term:{slug}", f"term:{slug}-{score.side}", f"term:{slug}-{digest}") if i not in ids)
    ids.add(term_id)
    note = f"learned: z={score.z:.2f}, count={score.count}/{score.other_count}"
    note += f"; e.g. “{score.examples[0]}”" if score.examples else ""
    return {"id": term_id, "forms": [score.term], "side": score.side, "weight": term_weight(score.z), "note": note}


def read_labels(path: str | os.PathLike, *, sides: Iterable[str] | None = None) -> dict[str, str]:
    """Source → side from a CSV whose header has `source` and `side` (other columns are ignored).

    A source is a file name, a relative or absolute path, a record id, or "path#N" (Nth record of a
    JSON / JSON Lines file). Sides are lowercased and must be valid side ids (and among `sides` if given).
    """
    name, allowed = os.fspath(path), sorted(set(sides)) if sides is not None else None
    try:
        rows = [r for r in csv.reader(Path(path).read_text("utf-8-sig").splitlines()) if "".join(r).strip()]
    except (OSError, UnicodeDecodeError) as exc:
        raise LabelsError(f"cannot read labels file {name}: {exc}") from exc
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
    if missing := [c for c in ("source", "side") if c not in header]:
        problem = f"has no {' or '.join(missing)} column; its columns are {header}" if rows else "is empty"
        raise LabelsError(f"labels file {name} {problem}; expected a header line 'source,side'")
    if len(rows) == 1:
        raise LabelsError(f"labels file {name} has a header but no labels")
    labels: dict[str, str] = {}
    for number, row in enumerate(rows[1:], 2):
        cells = dict(zip(header, (cell.strip() for cell in row)))
        source, side, where = cells.get("source", ""), cells.get("side", "").lower(), f"{name}, row {number}"
        _check_label(where, source, side, allowed)
        if (earlier := labels.setdefault(_label_key(source), side)) != side:
            raise LabelsError(f"{where}: {source!r} is labelled both {earlier!r} and {side!r}")
    return labels


def _check_label(where: str, source: str, side: str, allowed: list[str] | None) -> None:
    """Raise LabelsError for an empty source, an unknown side or a side that is not a valid side id."""
    if not source:
        raise LabelsError(f"{where}: empty source")
    if allowed is not None and side not in allowed:
        raise LabelsError(f"{where}: unknown side {side!r}; choose from {allowed}")
    if not SIDE_ID.match(side) or side == NEUTRAL:
        raise LabelsError(f"{where}: {side!r} is not a side id (a lowercase letter, then letters, digits, "
                          f"'-' or '_'; '{NEUTRAL}' is reserved)")


def _label_key(source: str) -> str:
    """A source as labels and records are matched: URLs as given, paths normalised with '/'."""
    path, hash_, number = source.partition("#")
    normal = PurePosixPath(os.path.normpath(path.replace("\\", "/"))).as_posix()
    return source if _URL.match(source) else normal + hash_ + number


def record_keys(source: str, record_id: str | None = None) -> list[str]:
    """Label keys that may name a record, most specific first: path, path tails, id, whole file."""
    ids = [record_id] if record_id else []
    if _URL.match(source):
        return [source] + ids
    path, hash_, number = source.partition("#")
    full = _label_key(path)
    parts = PurePosixPath(full).parts
    tails = [full, _label_key(os.path.abspath(path))] + ["/".join(parts[i:]) for i in range(1, len(parts))]
    return [t + hash_ + number for t in tails] + ids + (tails if hash_ else [])


def learn_from_paths(labels_csv: str, corpus_paths: list[str], *, top: int = 40, min_z: float = 1.96,
                     pack_id: str = "draft") -> tuple[dict, list[str]]:
    """The draft pack learned from the labelled documents under corpus_paths, and warnings."""
    from .ingest import IngestError, iter_records

    labels = read_labels(labels_csv)
    labelled, used, unreadable, unlabelled = [], set(), [], []
    for item in iter_records(corpus_paths):
        if isinstance(item, IngestError):
            unreadable.append(f"{item.source}: {item.reason}")
        elif (key := next((k for k in record_keys(item.source, item.fields.get("id")) if k in labels), None)) is None:
            unlabelled.append(item.source)
        else:
            try:
                labelled.append((_record_text(item), labels[key]))
                used.add(key)
            except ValueError as exc:  # html.HtmlError: a page with no main text
                unreadable.append(f"{item.source}: {exc}")
    draft = learn_draft_pack(labelled, top=top, min_z=min_z, pack_id=pack_id)
    unused = [k for k in labels if k not in used]
    groups = ((unreadable, "inputs could not be read"), (unlabelled, "documents had no label"),
              (unused, "labels matched no document"))
    return draft, [f"{len(items)} {what} (e.g. {', '.join(items[:3])}{', …' if len(items) > 3 else ''})"
                   for items, what in groups if items]


def _record_text(record) -> str:
    """The cleaned text of a record; the raw text when cleaning keeps nothing (a very short document)."""
    from .clean import clean_flat_text
    from .html import extract_html  # imported here: trafilatura is slow to import
    if record.format == "html":
        return extract_html(record.content, url=record.fields.get("url")).text
    return clean_flat_text(record.content).text or record.content


def write_draft(draft: dict, path: str | os.PathLike) -> None:
    """Write a draft pack as UTF-8 YAML, keys in pack order."""
    Path(path).write_text(yaml.safe_dump(draft, allow_unicode=True, sort_keys=False), "utf-8")
