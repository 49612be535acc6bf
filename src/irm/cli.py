"""The ``irm`` command line: argparse -> public functions -> exit code.

``irm <command> [INPUT] [-o OUTPUT]``; INPUT/OUTPUT ``-`` is stdin/stdout and
no INPUT means the bundled sample. Exit 0 on success, 2 on bad input (one
line naming file, row and column), 1 on an internal error.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from typing import Any, Callable, Sequence, TextIO

import irm
from irm.errors import IRMError, Problem

__all__ = ["main"]

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2


class BadInput(Exception):
    """Raised by a command to exit 2 with an already formatted message."""


def _input(args: argparse.Namespace) -> Any:
    return args.input if args.input is not None else irm.sample_path()


def _print_problems(problems: Sequence[Problem], stream: TextIO) -> None:
    for problem in problems:
        print(f"irm: {problem}", file=stream)


# --- commands ---------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    report = irm.validate_ogp_csv(_input(args))
    if args.all:
        _print_problems(report.problems, err)
    else:
        _print_problems(report.warnings, err)
        if report.errors:
            print(f"irm: {report.errors[0].error}", file=err)
            return EXIT_BAD_INPUT
    summary = report.summary()
    if args.json:
        print(json.dumps(summary, indent=2, ensure_ascii=False), file=out)
    else:
        _print_summary(summary, out)
    return EXIT_BAD_INPUT if report.errors else EXIT_OK


def _print_summary(summary: dict[str, Any], out: TextIO) -> None:
    print(f"file: {summary['file']}", file=out)
    if "rows" in summary:
        print(f"rows: {summary['rows']} commitments, {summary['columns']} columns, "
              f"{summary['action_plans']} action plans", file=out)
        print("methodology eras:", file=out)
        for era, count in summary["eras"].items():
            print(f"  {era:<26} {count:>6}", file=out)
        print("rated indicators (rows with a rating):", file=out)
        for column, count in summary["rated"].items():
            print(f"  {column:<48} {count:>6}", file=out)
    print(f"problems: {summary['errors']} errors, {summary['warnings']} warnings", file=out)


# --- parser ---------------------------------------------------------------------------

Command = Callable[[argparse.Namespace, TextIO, TextIO], int]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="irm",
        description="Assess OGP commitments the way the Independent Reporting Mechanism does.",
    )
    parser.add_argument("--version", action="version", version=f"irm {irm.__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func: Command, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        p.add_argument("input", nargs="?", metavar="INPUT",
                       help="OGP commitment export (CSV); '-' for stdin; "
                            "default: the bundled sample")
        p.set_defaults(func=func)
        return p

    p = add("validate", cmd_validate, "parse and check an OGP export; summary of rows, eras, "
                                      "rated indicators and problems")
    p.add_argument("--all", action="store_true",
                   help="report every problem instead of stopping at the first error")
    p.add_argument("--json", action="store_true", help="print the summary as JSON")
    return parser


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    """Run the command line; returns the exit code."""
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on usage errors, 0 on --help
        return int(exc.code or 0)
    try:
        return int(args.func(args, out, err))
    except (IRMError, BadInput) as exc:
        print(f"irm: {exc}", file=err)
        return EXIT_BAD_INPUT
    except OSError as exc:
        name = exc.filename if exc.filename is not None else ""
        print(f"irm: cannot use {name!s}: {exc.strerror or exc}", file=err)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence of a CLI
        if os.environ.get("IRM_DEBUG"):
            raise
        print(f"irm: internal error: {type(exc).__name__}: {exc} "
              "(set IRM_DEBUG=1 for a traceback)", file=err)
        return EXIT_INTERNAL
