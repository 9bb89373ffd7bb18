"""Meta-tests: every command has --help and is documented; every analyser has its test module."""

from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from parallax.analysers import BUILTIN_ANALYSERS
from parallax.cli import main

REPO = Path(__file__).resolve().parent.parent


def commands(group: click.Group, prefix=()):
    for name, cmd in group.commands.items():
        yield (*prefix, name)
        if isinstance(cmd, click.Group):
            yield from commands(cmd, (*prefix, name))


@pytest.mark.parametrize("path", list(commands(main)), ids=" ".join)
def test_command_has_help_and_is_documented(path):
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0 and "Usage:" in result.output
    assert f"parallax {' '.join(path)}" in (REPO / "README.md").read_text("utf-8")


@pytest.mark.parametrize("analyser", BUILTIN_ANALYSERS, ids=lambda a: a.name)
def test_every_analyser_has_a_test_module(analyser):
    assert (REPO / "tests" / f"test_{analyser.name}.py").exists()
