"""The ``irm`` command line: argparse -> public functions -> exit code.

``irm <command> [INPUT] [-o OUTPUT]``; INPUT/OUTPUT ``-`` is stdin/stdout and
no INPUT means the bundled sample. Exit 0 on success, 2 on bad input (one
line naming file, row and column), 1 on an internal error.
"""

from __future__ import annotations

import argparse
import contextlib
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


def _star_settings(args: argparse.Namespace) -> Any:
    from irm.scoring import DerivationSettings

    return DerivationSettings(star_rule=args.star_rule)


def cmd_derive(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from irm.scoring import ANOMALY_CLASSES, compare, derive_columns

    table = irm.read_ogp_csv(_input(args))
    _print_problems(table.problems, err)
    settings = _star_settings(args)
    columns = derive_columns(table, settings)
    report = compare(table, settings, derived=columns)
    irm.write_ogp_csv(table.with_columns(columns), out if args.output == "-" else args.output)
    if args.diff:
        from irm.io.ogp_csv import write_rows

        write_rows(args.diff, ["row", "Commitment Unique Identifier", "column", "published",
                               "recomputed", "isolated", "anomaly", "meaning"],
                   ([str(d.row), d.commitment_id, d.column, d.published, d.derived,
                     d.isolated, d.anomaly, ANOMALY_CLASSES[d.anomaly]]
                    for d in report.differences))
    changed = {c: report.rows - k for c, k in report.agreement.items() if k < report.rows}
    print(f"irm derive: {len(report.agreement)} derived columns recomputed for "
          f"{report.rows} commitments (star rule {settings.star_rule})", file=err)
    for column, count in changed.items():
        classes = sorted({d.anomaly for d in report.for_column(column)})
        print(f"  {column}: {count} published value(s) differ ({', '.join(classes)})", file=err)
    if not changed:
        print("  every published value agrees with the recomputed one", file=err)
    if report.passed_through:
        print("  passed through unchanged (plan-level flags that need the full OGP database): "
              + ", ".join(report.passed_through), file=err)
    return EXIT_OK


def cmd_report(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from irm.scoring.summary import render, summarize

    table = irm.read_ogp_csv(_input(args))
    _print_problems(table.problems, err)
    fmt = args.format or "text"
    text = render(summarize(table, _star_settings(args)), fmt)
    if args.output and args.output != "-":
        from irm.io._atomic import open_output

        with open_output(args.output, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
    else:
        out.write(text)
    return EXIT_OK


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

    p = add("derive", cmd_derive, "recompute every derivable IRM indicator column from the raw "
                                  "rating labels and report every published value that differs")
    p.add_argument("-o", "--output", default="-", help="where to write the CSV (default stdout)")
    p.add_argument("--diff", metavar="FILE",
                   help="write the differing published values row by row, with anomaly class")
    p.add_argument("--star-rule", choices=["2015+", "2014"], default="2015+",
                   help="impact a star needs: Transformative (2015+, OGP's current formula) "
                        "or Moderate and up (2014)")

    p = add("report", cmd_report, "per action plan and per member: verifiable, relevant, "
                                  "high-ambition, starred, high-completion and strong-early-results "
                                  "commitments, with trends")
    p.add_argument("-o", "--output", help="write the report to a file (default stdout)")
    p.add_argument("--format", choices=["text", "markdown", "json", "csv"],
                   help="output format (default text)")
    p.add_argument("--star-rule", choices=["2015+", "2014"], default="2015+",
                   help="star rule used for the starred counts")
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
    except BrokenPipeError:  # the reader of our output went away (e.g. `| head`)
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence of a CLI
        if os.environ.get("IRM_DEBUG"):
            raise
        print(f"irm: internal error: {type(exc).__name__}: {exc} "
              "(set IRM_DEBUG=1 for a traceback)", file=err)
        return EXIT_INTERNAL
