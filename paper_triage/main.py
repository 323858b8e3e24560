"""Entry point of ``paper-triage``: one subcommand per module, each with ``register(subparsers)``."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence

from paper_triage import output
from paper_triage.files import UsageError

# Each subcommand's module, in help order. A run imports only the module of the command it names: the
# review planner, pydantic's settings or the web server would otherwise slow every `check` at start-up.
COMMAND_MODULES = {
    "check": "paper_triage.check_fix",
    "fix": "paper_triage.check_fix",
    "review": "paper_triage.review",
    "rules": "paper_triage.rules",
    "serve": "paper_triage.serve",
    "worker": "paper_triage.serve",
    "health": "paper_triage.serve",
    "register": "paper_triage.register",
    "init": "paper_triage.init",
}
DESCRIPTION = (
    "Check and fix paper lists (markdown tables and JSON data files), review changes offline, run the GitHub App."
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; exit 2 with a one-line reason on a usage or input problem."""
    parser = argparse.ArgumentParser(prog="paper-triage", description=DESCRIPTION)
    parser.add_argument("--version", action=_Version)
    subcommands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for module in _modules_to_register(sys.argv[1:] if argv is None else argv):
        importlib.import_module(module).register(subcommands)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except UsageError as error:
        print(f"paper-triage: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader stopped early (`| head`): not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


class _Version(argparse.Action):
    """``--version``, reading the installed version only when asked (argparse's own action takes it
    before parsing, and reading it costs every run a slow import)."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, dest, nargs=0, help="show program's version number and exit")

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        print(f"{parser.prog} {output.version()}")
        parser.exit()


def _modules_to_register(argv: Sequence[str]) -> list[str]:
    """The named command's module alone; every module (for the full help, or to name the choices in an
    error) when the first argument names no command."""
    named = COMMAND_MODULES.get(argv[0]) if argv else None
    return [named] if named else list(dict.fromkeys(COMMAND_MODULES.values()))
