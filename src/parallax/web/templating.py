"""One Jinja2 environment for every page parallax renders: autoescaped, strict about missing names.

Document text is hostile. Templates receive it as data and Jinja escapes it on output; no code
path builds HTML by joining strings of document content. `|safe` is never applied to it.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(loader=PackageLoader("parallax", "web/templates"),
                      autoescape=select_autoescape(default=True, default_for_string=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.filters["thousands"] = lambda n: f"{n:,}" if isinstance(n, int) else n
    return env


def static_text(name: str) -> str:
    """The text of a file under web/static (for inlining CSS into the self-contained report)."""
    return resources.files("parallax").joinpath("web", "static", name).read_text(encoding="utf-8")
