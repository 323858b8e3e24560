"""Entry point of ``paper-triage``: one subcommand per module, each with ``register(subparsers)``."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from paper_triage import check_fix, init, output, register, review, rules, serve
from paper_triage.files import UsageError

COMMANDS = (check_fix, review, rules, serve, register, init)
DESCRIPTION = (
    "Check and fix paper lists (markdown tables and JSON data files), review changes offline, run the GitHub App."
)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one subcommand; exit 2 with a one-line reason on a usage or input problem."""
    parser = argparse.ArgumentParser(prog="paper-triage", description=DESCRIPTION)
    parser.add_argument("--version", action="version", version=f"%(prog)s {output.version()}")
    subcommands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for command in COMMANDS:
        command.register(subcommands)
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
