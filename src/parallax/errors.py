"""One error tree for parallax: every failure a user can meet has a name here.

A rejected *input* is not an exception that kills a batch: readers turn these into recorded
per-document errors. Exceptions that escape to the user are for misconfiguration (a bad pack,
an impossible pipeline, an unknown format), and their messages list the valid choices.
"""


class ParallaxError(Exception):
    """Base of every error parallax raises on purpose."""


class PackError(ParallaxError, ValueError):
    """A conflict pack failed validation; `problems` lists every problem found."""

    def __init__(self, source: str, problems: list[str]):
        self.source = source
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"invalid pack {source}: {len(self.problems)} problem(s)\n{lines}")


class UnknownPack(ParallaxError, LookupError):
    """No bundled pack has this name and no file exists at this path."""


class PipelineError(ParallaxError, ValueError):
    """The analyser pipeline cannot be built as asked."""


class UnknownAnalyser(PipelineError):
    """An analyser name that is not registered."""


class UnmetRead(PipelineError):
    """An analyser reads a layer that no earlier analyser writes."""


class UndeclaredWrite(ParallaxError, RuntimeError):
    """An analyser wrote a layer it did not declare in `writes`."""


class DecodeError(ParallaxError, ValueError):
    """Bytes that cannot be read as text (binary content, unknown encoding)."""


class FetchError(ParallaxError, ValueError):
    """A URL could not be fetched."""


class HtmlError(ParallaxError, ValueError):
    """No main text could be extracted from an HTML page."""


class StoreError(ParallaxError, RuntimeError):
    """The corpus database cannot be opened or is not a parallax database."""


class QueryError(ParallaxError, ValueError):
    """A search query that the full-text engine rejects."""


class ExportError(ParallaxError, ValueError):
    """An export that cannot be written as asked."""
