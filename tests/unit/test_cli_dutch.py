"""The command line speaks Dutch: every help text, heading and usage line of `naarnul` and all its sub-commands,
and argparse's own error messages. Option names (--role, --from) and fixed values (landlord, first-reminder) stay as
they are: scripts use them."""

from __future__ import annotations

import argparse
import re

import pytest

from naarnul import cli

# words that only occur in English help: argparse's own texts and what an English help line would contain
ENGLISH = {"usage", "positional", "optional", "options", "arguments", "show", "this", "message", "exit", "the", "and",
           "to", "for", "with", "from", "file", "default", "required", "error", "invalid", "choose", "help",
           "directory", "output", "date", "seed", "create", "write", "send", "run", "every", "seconds"}
# what may stay English: option names and their fixed values, and command names
ALLOWED = re.compile(r"--?[a-z][a-z-]*|\{[^}]*\}|\b(?:user|add|check|render|refresh|ddas-export|demo|notify|landlord|"
                     r"liaison|admin|letter|first-reminder|fourteen-day-letter|reminder|naarnul)\b")


def _parsers(parser: argparse.ArgumentParser, path=("naarnul",)):
    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, (*path, name))


def _english_words(text: str) -> set[str]:
    text = ALLOWED.sub(" ", text)
    return {w for w in re.findall(r"[A-Za-z]+", text.lower())} & ENGLISH


@pytest.mark.parametrize("path", [p for p, _ in _parsers(cli.build_parser())], ids=" ".join)
def test_every_help_screen_is_dutch(path):
    parser = dict(_parsers(cli.build_parser()))[path]
    text = parser.format_help()
    assert _english_words(text) == set(), text
    assert text.startswith("gebruik: ")
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            continue
        assert action.help, f"{' '.join(path)} {action.option_strings or action.dest}: no help text"


def test_mistakes_are_told_in_dutch(capsys):
    for argv, expected in ((["ddas-export"], "deze argumenten zijn verplicht: --from, --to, --out"),
                           (["opruimen"], "ongeldige keuze: 'opruimen'"),
                           (["refresh", "--extra"], "onbekende argumenten: --extra"),
                           (["user", "add", "--role", "koning"], "ongeldige keuze: 'koning'")):
        with pytest.raises(SystemExit) as stop:
            cli.build_parser().parse_args(argv)
        assert stop.value.code == 2
        err = capsys.readouterr().err
        assert expected in err and ": fout: " in err, err
        assert _english_words(err) == set(), err
