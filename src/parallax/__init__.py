"""parallax: see one conflict from every side."""

__version__ = "0.1.0"
