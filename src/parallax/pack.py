"""Conflict packs: everything conflict-specific, as one YAML file validated on load.

A pack names the sides, the entities with each side's names for them, the known events, the
framing terms and the outlets. Code never names a place or a term: it reads them from here.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, Iterator

import jsonschema
import yaml

from .errors import PackError, UnknownPack

NEUTRAL = "neutral"
ID_PREFIX_BY_KIND = {"place": "place", "org": "org", "person": "person", "law": "law",
                     "event": "event", "group": "group"}


@dataclass(frozen=True)
class SurfaceForm:
    """One way of writing a pack item, and whose naming it is (None: neutral)."""

    form: str
    target: str          # entity or event id
    side: str | None


@dataclass(frozen=True)
class Pack:
    """A validated conflict pack."""

    data: dict[str, Any]
    source: str
    sha256: str
    by_id: dict[str, dict] = field(repr=False, default_factory=dict)

    @property
    def id(self) -> str:
        return self.data["id"]

    @property
    def side_ids(self) -> list[str]:
        return [s["id"] for s in self.data["sides"]]

    @property
    def entities(self) -> list[dict]:
        return self.data.get("entities", [])

    @property
    def events(self) -> list[dict]:
        return self.data.get("events", [])

    @property
    def terms(self) -> list[dict]:
        return self.data.get("terms", [])

    @property
    def outlets(self) -> list[dict]:
        return self.data.get("outlets", [])

    @property
    def stance_targets(self) -> list[str]:
        return self.data.get("stance_targets", [])

    @property
    def positions(self) -> list[dict]:
        """Each side's known position on a stance target: {target, side, polarity (+1 for, -1 against)}."""
        return self.data.get("positions", [])

    def kind_of(self, item_id: str) -> str:
        item = self.by_id[item_id]
        return item.get("kind", item_id.split(":", 1)[0])

    @cached_property
    def surface_forms(self) -> list[SurfaceForm]:
        """Every matchable form of every entity and event, with its side."""
        return list(_surface_forms(self.entities + self.events))

    def summary(self) -> dict[str, int]:
        return {"sides": len(self.side_ids), "entities": len(self.entities), "events": len(self.events),
                "terms": len(self.terms), "outlets": len(self.outlets),
                "stance_targets": len(self.stance_targets)}


def _surface_forms(items: list[dict]) -> Iterator[SurfaceForm]:
    for item in items:
        yield SurfaceForm(item["name"], item["id"], None)
        for alias in item.get("aliases", []):
            yield SurfaceForm(alias, item["id"], None)
        for side, forms in (item.get("names") or {}).items():
            for form in forms:
                yield SurfaceForm(form, item["id"], side)


def bundled_packs() -> dict[str, Path]:
    """Packs shipped with parallax, by id."""
    folder = resources.files("parallax") / "packs"
    return {Path(str(p)).stem: Path(str(p)) for p in folder.iterdir() if str(p).endswith(".yaml")}


def load_pack(name_or_path: str | Path = "south-caucasus") -> Pack:
    """Load and validate a pack by bundled name or file path; raise PackError listing all problems."""
    path = Path(name_or_path)
    if not path.exists():
        packs = bundled_packs()
        if str(name_or_path) not in packs:
            raise UnknownPack(f"no pack file {str(name_or_path)!r} and no bundled pack of that name; "
                              f"bundled packs: {sorted(packs)}")
        path = packs[str(name_or_path)]
    raw = path.read_bytes()
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise PackError(str(path), [f"not valid YAML: {exc}"]) from exc
    problems = validate_pack_data(data)
    if problems:
        raise PackError(str(path), problems)
    by_id = {item["id"]: item for section in ("entities", "events", "terms", "outlets")
             for item in data.get(section, [])}
    return Pack(data=data, source=str(path), sha256=hashlib.sha256(raw).hexdigest(), by_id=by_id)


def _schema() -> dict:
    return json.loads((resources.files("parallax") / "packs" / "schema.json").read_text("utf-8"))


def validate_pack_data(data: Any) -> list[str]:
    """Every problem with a pack, schema first, then cross-references and ambiguity."""
    if not isinstance(data, dict):
        return ["the pack must be a YAML mapping with keys id, name, version, sides, entities, …"]
    validator = jsonschema.Draft202012Validator(_schema())
    problems = [f"{'/'.join(map(str, e.absolute_path)) or '(top)'}: {e.message}"
                for e in sorted(validator.iter_errors(data), key=lambda e: list(map(str, e.absolute_path)))]
    if problems:
        return problems
    return _check_ids(data) + _check_sides(data) + _check_references(data) + _check_forms(data)


def _check_ids(data: dict) -> list[str]:
    problems, seen = [], set()
    for section in ("entities", "events", "terms", "outlets"):
        for item in data.get(section, []):
            if item["id"] in seen:
                problems.append(f"{section}: duplicate id {item['id']!r}")
            seen.add(item["id"])
            prefix = item["id"].split(":", 1)[0]
            expected = {"events": "event", "terms": "term", "outlets": "outlet"}.get(section) \
                or ID_PREFIX_BY_KIND[item["kind"]]
            if prefix != expected:
                problems.append(f"{section}: id {item['id']!r} should start with '{expected}:'")
    return problems


def _check_sides(data: dict) -> list[str]:
    sides = [s["id"] for s in data["sides"]]
    if NEUTRAL in sides:
        return [f"sides: '{NEUTRAL}' is reserved; choose another side id"]
    problems = []
    for section in ("entities", "events"):
        for item in data.get(section, []):
            for side in list(item.get("names") or {}) + list(item.get("dates_by_side") or {}):
                if side not in sides:
                    problems.append(f"{item['id']}: unknown side {side!r}; sides are {sides}")
    for position in data.get("positions", []):
        if position["side"] not in sides:
            problems.append(f"positions: {position['target']}: unknown side {position['side']!r}; sides are {sides}")
    for section in ("terms", "outlets"):
        for item in data.get(section, []):
            if item["side"] not in sides + [NEUTRAL]:
                problems.append(f"{item['id']}: unknown side {item['side']!r}; choose from {sides + [NEUTRAL]}")
    return problems


def _check_references(data: dict) -> list[str]:
    known = {item["id"] for section in ("entities", "events", "terms", "outlets")
             for item in data.get(section, [])}
    problems = []
    for section in ("entities", "events", "terms"):
        for item in data.get(section, []):
            refs = list(item.get("about", [])) + list(item.get("contested_with", []))
            refs += [item["part_of"]] if "part_of" in item else []
            problems += [f"{item['id']}: refers to unknown id {r!r}" for r in refs if r not in known]
    problems += [f"stance_targets: unknown id {r!r}" for r in data.get("stance_targets", []) if r not in known]
    targets = set(data.get("stance_targets", []))
    problems += [f"positions: {p['target']!r} is not one of stance_targets" for p in data.get("positions", [])
                 if p["target"] not in targets]
    return problems


def fold_form(form: str) -> str:
    """The matching key of a surface form: case-folded, accents stripped, dashes and quotes unified."""
    text = form.lower().replace("ə", "e").replace("ı", "i").replace("’", "'").replace("‘", "'")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return " ".join(text.replace("-", " ").replace("‐", " ").replace("–", " ").split())


def _check_forms(data: dict) -> list[str]:
    owner: dict[str, str] = {}
    problems = []
    for sf in _surface_forms(data.get("entities", []) + data.get("events", [])):
        key = fold_form(sf.form)
        if not key:
            problems.append(f"{sf.target}: empty surface form")
        elif owner.setdefault(key, sf.target) != sf.target:
            problems.append(f"surface form {sf.form!r} names both {owner[key]!r} and {sf.target!r}; "
                            f"keep it on one of them or drop it as ambiguous")
    return problems
