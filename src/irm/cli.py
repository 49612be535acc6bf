"""The ``irm`` command line: argparse -> public functions -> exit code.

``irm <command> [INPUT] [-o OUTPUT]``; INPUT/OUTPUT ``-`` is stdin/stdout and
no INPUT means the bundled sample. Exit 0 on success, 2 on bad input (one
line naming file, row and column), 1 on an internal error.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import signal
import sys
import threading
from typing import Any, Callable, Iterator, Sequence, TextIO

import irm
import irm._json as strict_json
from irm.errors import IRMError, Problem
from irm.io import open_output
from irm.models.columns import REQUIRED

__all__ = ["main"]

EXIT_OK, EXIT_INTERNAL, EXIT_BAD_INPUT = 0, 1, 2


class BadInput(Exception):
    """Raised by a command to exit 2 with an already formatted message."""


def _input(args: argparse.Namespace) -> Any:
    return args.input if args.input is not None else irm.sample_path()


def _inputs(args: argparse.Namespace) -> list[Any]:
    """The command's input files (several for fit and evaluate), else the sample."""
    given = getattr(args, "inputs", None)
    return list(given) if given else [irm.sample_path()]


def _print_problems(problems: Sequence[Problem], stream: TextIO) -> None:
    for problem in problems:
        print(f"irm: {problem}", file=stream)


def _read(args: argparse.Namespace, err: TextIO | None = None, *,
          lenient: bool = False, required: Sequence[str] = REQUIRED) -> Any:
    """The command's input table (its inputs' rows, one after another, for a command
    that takes several); its warnings go to ``err``."""
    from irm.models.table import concat_tables

    return concat_tables(_read_each(args, err, lenient=lenient, required=required),
                         required=required)


def _read_each(args: argparse.Namespace, err: TextIO | None = None, *,
               lenient: bool = False, required: Sequence[str] = REQUIRED) -> list[Any]:
    """Each of the command's input tables; their warnings go to ``err``."""
    sources = _inputs(args) if hasattr(args, "inputs") else [_input(args)]
    tables = [irm.read_ogp_csv(s, lenient=lenient, required=required) for s in sources]
    if err is not None:
        for table in tables:
            _print_problems(table.problems, err)
    return tables


def _sources(args: argparse.Namespace, table: Any) -> list[dict[str, Any]]:
    """What a calibration records of the files it was fitted on: name, rows, SHA-256."""
    import hashlib

    out = []
    for source in _inputs(args):
        name = str(source)
        entry: dict[str, Any] = {"name": os.path.basename(name) if name != "-" else "<stdin>"}
        if name != "-" and os.path.isfile(name):
            with open(name, "rb") as fh:
                entry["sha256"] = hashlib.file_digest(fh, "sha256").hexdigest()
        out.append(entry)
    return out


def _lexicon(args: argparse.Namespace) -> Any:
    """The lexicon of ``--lexicon FILE`` compiled, else None (the bundled one)."""
    if not getattr(args, "lexicon", None):
        return None
    from irm.io.datafiles import read_lexicon
    from irm.scoring.estimate.lexicon import compile_lexicon

    return compile_lexicon(read_lexicon(args.lexicon))


def _target(args: argparse.Namespace, out: TextIO) -> Any:
    """Where ``-o`` points: a path, or the command's own stdout for ``-``."""
    return out if args.output in (None, "-") else args.output


#: a report's format told by its file's name, when no option says
_SUFFIX_FORMATS = {".json": "json", ".md": "markdown", ".csv": "csv", ".html": "html",
                   ".htm": "html"}


def _format(args: argparse.Namespace, default: str, formats: Sequence[str]) -> str:
    """The format asked for (``--json`` or ``--format``), else the one the output's
    suffix names (``-o summary.json``) when the command writes it, else ``default``."""
    if getattr(args, "json", False):
        return "json"
    if getattr(args, "format", None):
        return str(args.format)
    suffix = os.path.splitext(str(args.output or ""))[1].lower()
    told = _SUFFIX_FORMATS.get(suffix, default)
    return told if told in formats else default


def _write_text(args: argparse.Namespace, out: TextIO, text: str) -> None:
    """A command's report to ``-o`` (atomically) or stdout."""
    with open_output(_target(args, out), "w", encoding="utf-8", newline="") as fh:
        fh.write(text)


# --- commands ---------------------------------------------------------------------


def cmd_validate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    report = irm.validate_ogp_csv(_input(args), formulas=True)
    if args.all:
        _print_problems(report.problems, err)
    else:  # the warnings, and the first error as every command names it
        _print_problems(report.warnings, err)
        if report.errors:
            print(f"irm: {report.errors[0].error}", file=err)
    summary = {**report.summary(), "problem_summary": report.problem_groups()}
    if _format(args, "text", ("json",)) == "json":
        document = {**summary, "problems": report.problem_list()}
        _write_text(args, out, strict_json.dumps(document, indent=2, ensure_ascii=False)
                    + "\n")
    else:
        buffer = io.StringIO()
        _print_summary(summary, buffer)
        if summary["problem_summary"] and not args.all:
            print("(irm validate --all lists every problem; --json as data)", file=buffer)
        _write_text(args, out, buffer.getvalue())
    return EXIT_BAD_INPUT if report.errors else EXIT_OK


def _print_summary(summary: dict[str, Any], out: TextIO) -> None:
    print(f"file: {summary['file']}", file=out)
    if "rows" in summary:
        print(f"rows: {summary['rows']} commitments, {summary['columns']} columns, "
              f"{summary['action_plans']} action plans", file=out)
        if summary["separator"] != ",":  # read and written back so, though OGP's use commas
            print(f"cells separated by {summary['separator']!r}, not commas as in OGP's "
                  "exports (kept on writing)", file=out)
        print("methodology eras:", file=out)
        for era, count in summary["eras"].items():
            print(f"  {era:<26} {count:>6}", file=out)
        print("rated indicators (rows with a rating):", file=out)
        for column, count in summary["rated"].items():
            print(f"  {column:<48} {count:>6}", file=out)
    print(f"problems: {summary['errors']} errors, {summary['warnings']} warnings", file=out)
    for group in summary.get("problem_summary", ()):
        where = f"column {group['column']!r}" if group["column"] else "the file"
        examples = "; ".join(
            f"row {e['row']}" + (f" ({e['commitment_id']})" if e["commitment_id"] else "")
            + (f": {e['got']!r}" if e["got"] is not None else "") for e in group["examples"])
        print(f"  {group['severity']}: {where}: {group['problem']}, {group['rows']} row(s)"
              + (f"; e.g. {examples}" if examples else ""), file=out)


def _star_settings(args: argparse.Namespace) -> Any:
    from irm.scoring import DerivationSettings

    return DerivationSettings(star_rule=args.star_rule)


def cmd_derive(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from irm.scoring import compare, derive_columns
    from irm.scoring.derive import DIFFERENCE_COLUMNS

    progress = Progress(4, "derive: reading", err)
    table = _read(args, err)
    settings = _star_settings(args)
    progress.stage(1, "derive: recomputing")
    columns = derive_columns(table, settings=settings)
    progress.stage(2, "derive: comparing")
    report = compare(table, settings=settings, derived=columns)
    progress.stage(3, "derive: writing")
    irm.write_ogp_csv(table.with_columns(columns), _target(args, out))
    progress.stage(4, "derive: done")
    progress.close()
    if args.diff:
        from irm.io.ogp_csv import write_rows

        write_rows(args.diff, DIFFERENCE_COLUMNS, report.difference_rows())
    appended = [c for c in columns if c not in table]
    first, *rest = report.summary(recomputed=len(columns) - len(report.kept),
                                  appended=len(appended),
                                  star_rule=settings.star_rule).splitlines()
    print(f"irm derive: {first}", file=err)
    for line in rest:
        print(f"  {line}", file=err)
    return EXIT_OK


def cmd_report(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from irm.scoring.summary import render, summarize

    table = _read(args, err)
    fmt = _format(args, "text", ("json", "markdown", "csv"))
    process = None
    if args.process:
        from irm.io.process_csv import read_process_csv

        process = read_process_csv(args.process)
        _print_problems(process.problems, err)
    _write_text(args, out, render(summarize(table, settings=_star_settings(args),
                                            process=process), fmt=fmt))
    return EXIT_OK


def cmd_cocreation(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from irm.io.ogp_csv import write_rows
    from irm.io.process_csv import read_process_csv, write_process_csv
    from irm.scoring.cocreation import (ProcessComparison, assess_plans, compare_process,
                                        derive_process, progress_from_commitments)

    source = args.input if args.input is not None else irm.sample_process_path()
    table = read_process_csv(source, rule_set=args.rules)
    suffix = os.path.splitext(str(args.output or ""))[1].lower()
    wanted = ".json" if table.layout.json else ".csv"
    if suffix in (".csv", ".json") and suffix != wanted:  # plans go back in their own layout
        raise BadInput(f"cannot write {args.output}: the plans are written in the input's "
                       f"layout, {wanted[1:].upper()}, not {suffix[1:].upper()}")
    _print_problems(table.problems, err)
    progress = None
    if args.commitments:
        progress = progress_from_commitments(_commitments(args.commitments, err))
    assessment = assess_plans(table, rule_set=args.rules, process_rule=args.process_rule,
                              progress=progress)
    comparison = compare_process(table, assessment=assessment)
    write_process_csv(table.with_columns(derive_process(table, assessment=assessment)),
                      _target(args, out))
    if args.diff:
        write_rows(args.diff, ProcessComparison.DIFFERENCE_HEADER, comparison.difference_rows())
    summary = {"file": table.source, "layout": table.layout.spec, "library": irm.__version__,
               **assessment.summary(), "recomputed": comparison.to_dict()}
    if args.json:
        print(strict_json.dumps(summary, indent=2, ensure_ascii=False), file=err)
        return EXIT_OK
    contrary = summary["contrary_to_process"]
    print(f"irm cocreation: {summary['plans']} plans of {summary['members']} members "
          f"({table.layout.spec} layout, rules {assessment.rules_version}); contrary to "
          f"process: {contrary['Yes']} yes, {contrary['No']} no, {contrary['ND']} not "
          f"assessable", file=err)
    for line in comparison.summary().splitlines():
        print(f"  {line}", file=err)
    return EXIT_OK


def _commitments(sources: Sequence[str], err: TextIO) -> Any:
    """The commitment exports a co-creation command joins with, as one table."""
    from irm.models.table import concat_tables

    tables = [irm.read_ogp_csv(s) for s in sources]
    for table in tables:
        _print_problems(table.problems, err)
    return concat_tables(tables)


class Progress:
    """A progress bar on stderr, shown only when stderr is a terminal."""

    def __init__(self, total: int, label: str, stream: TextIO) -> None:
        self.total, self.label, self.stream = total, label, stream
        self.active = total > 0 and getattr(stream, "isatty", lambda: False)()

    def stage(self, done: int, what: str) -> None:
        """Stage ``done`` of ``total`` finished; ``what`` is under way."""
        self.label = what
        self.update(done)

    def update_of(self, done: int, total: int) -> None:
        """Progress as ``done`` of ``total`` (a total known only once the work starts)."""
        self.total = max(total, 1)
        self.update(done)

    def update(self, done: int) -> None:
        if self.active:
            width = 30
            filled = int(width * done / self.total)
            self.stream.write(f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] "
                              f"{done}/{self.total}")
            self.stream.flush()

    def close(self) -> None:
        if self.active:
            self.stream.write("\n")
            self.stream.flush()


def _calibration(args: argparse.Namespace) -> Any:
    if getattr(args, "calibration", None):
        from irm.io.datafiles import read_calibration

        return read_calibration(args.calibration)
    return None


def _count(minimum: int, meaning: str = "") -> Callable[[str], int]:
    """An argparse type: a whole number of at least ``minimum``."""
    def parse(value: str) -> int:
        try:
            number = int(value)
        except ValueError:
            number = minimum - 1
        if number < minimum:
            raise argparse.ArgumentTypeError(
                f"expected a whole number of at least {minimum}{meaning}, not {value!r}")
        return number
    return parse


def _share(value: str) -> float:
    """An argparse type: a number from 0 to 1 (a cosine similarity)."""
    try:
        number = float(value)
    except ValueError:
        number = float("nan")
    if not 0.0 <= number <= 1.0:  # nan fails too
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 1, not {value!r}")
    return number


def cmd_score(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from irm.io.ogp_csv import write_ogp_csv_parts
    from irm.models.table import subset
    from irm.scoring.estimate.batch import score_chunks
    from irm.scoring.estimate.estimates import AUTO_COLUMNS
    from irm.scoring.estimate.features import check_text_columns

    # the ratings are not used here, nor the identifiers: a draft plan has none yet
    table = _read(args, err, lenient=True, required=())
    check_text_columns(table)  # before any work, and for a file of no rows too
    progress = Progress(len(table), "scoring", err)
    chunks = score_chunks(table, calibration=_calibration(args), lexicon=_lexicon(args),
                          jobs=args.jobs, evidence=args.evidence)

    def scored() -> Iterator[Any]:  # a chunk is written while later ones are estimated
        if not len(table):
            yield table.with_columns({c: [] for c in AUTO_COLUMNS})
        for rows, columns in chunks:
            yield subset(table, rows).with_columns(columns)
            progress.update(rows.stop)

    write_ogp_csv_parts(scored(), _target(args, out), layout=table.layout)
    progress.close()
    return EXIT_OK


def cmd_fit(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from irm.io.datafiles import write_calibration
    from irm.scoring.estimate.estimator import ORDINAL_TARGETS, VALUE_TARGETS, PreAssessor

    table = _read(args)
    command = "irm fit " + " ".join(os.path.basename(str(s)) for s in _inputs(args)) + \
        f" -o {os.path.basename(args.output)} --version {args.version}" + \
        (" --no-era" if args.no_era else "") + \
        (f" --lexicon {os.path.basename(args.lexicon)}" if args.lexicon else "")
    progress = Progress(1, "fitting (estimates)", err)
    model = PreAssessor(lexicon=_lexicon(args), use_era=not args.no_era).fit(
        table, version=args.version,
        provenance={"command": command, "files": _sources(args, table)},
        progress=progress.update_of)
    progress.close()
    cal = model.calibration_
    write_calibration(cal, args.output)
    print(f"irm fit: calibration {cal.version} (lexicon {cal.lexicon_version}, sha256 "
          f"{cal.lexicon_digest[:12]}) fitted on {len(table)} commitments, "
          f"{len(cal.models)} estimates; held out by action plan while fitting:", file=err)
    for name in (*VALUE_TARGETS, *ORDINAL_TARGETS):
        fitted = cal.models.get(name)
        if fitted is None:
            print(f"  {name}: not fitted (too few rated rows)", file=err)
            continue
        agreement, said = fitted.agreement, fitted.commonest_reason()
        if said is None:  # a reading of the text: how it agreed, and what it reads
            blend = "lexicon alone" if not fitted.blend else \
                f"lexicon and n-grams (blend {fitted.blend:g})"
            said = f"reads the text ({blend})" + (
                "" if agreement is None else
                f"; {100 * agreement.agreed:.0f}% of {agreement.rows} agreed"
                + ("" if agreement.kappa is None else f", kappa {agreement.kappa:.2f}"))
        print(f"  {name}: {said}", file=err)
    return EXIT_OK


def cmd_evaluate(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from irm.models.table import concat_tables
    from irm.scoring.estimate import evaluation as ev
    from irm.scoring.estimate.estimator import PreAssessor

    each = _read_each(args)
    table = concat_tables(each)
    if args.columns:
        report = ev.evaluate_columns(table, *args.columns, bootstrap_rounds=args.bootstrap)
    elif args.against:
        report = ev.evaluate_files(table, irm.read_ogp_csv(args.against),
                                   bootstrap_rounds=args.bootstrap)
    else:
        progress = Progress(args.cv or 0, "cross-validating (folds)", err)
        report = ev.evaluate_table(
            table, cv=args.cv, lexicon=_lexicon(args), calibration=_calibration(args),
            assessor=PreAssessor(lexicon=_lexicon(args), use_era=not args.no_era),
            by=args.by or (), sources=[(os.path.basename(str(t.source)), len(t)) for t in each],
            bootstrap_rounds=args.bootstrap, min_tag_positives=args.min_tag_positives,
            progress=lambda done, _: progress.update(done))
        progress.close()
    if not report.ratings and not report.tags:
        raise BadInput(f"{table.source}: no human rating columns to compare (expected e.g. "
                       "'OGP Value Civic Participation' or 'Potential Impact')")
    _write_text(args, out, ev.render_evaluation(report, fmt=_format(args, "text", ("json",))))
    return EXIT_OK


def cmd_milestones(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from irm.io.ogp_csv import write_rows
    from irm.scoring.milestones import milestone_table

    found = milestone_table(_read(args, err, lenient=True))  # the ratings are not used here
    write_rows(_target(args, out), found.columns, found.rows)
    first, *rest = found.summary().splitlines()
    print(f"irm milestones: {first}", file=err)
    for line in rest:
        print(f"  {line}", file=err)
    return EXIT_OK


def _against(args: argparse.Namespace, err: TextIO) -> Any:
    """The rated commitments of ``--against`` (one table), else the bundled sample."""
    return _commitments(args.against or [str(irm.sample_path())], err)


#: the columns of irm similar's CSV, in order
SIMILAR_COLUMNS = ("commitment", "rank", "similar", "similarity", "shared", "member", "plan",
                   "year", "title", "era", "values", "ambition_scale", "ambition",
                   "completion", "outcome_scale", "outcome", "versions")


def cmd_similar(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from irm.io.ogp_csv import write_rows
    from irm.scoring.similar import similar

    table = _read(args, err, lenient=True)  # only the text is read from the queries
    index_table = _against(args, err) if args.against else table
    found = similar(table, against=index_table, k=args.k, exclude=args.exclude)
    records = found.records()
    versions = found.versions
    if _format(args, "csv", ("json",)) == "json":
        _write_text(args, out, strict_json.dumps({"versions": versions, "neighbours": records},
                                                 indent=2, ensure_ascii=False) + "\n")
    else:
        stamp = strict_json.dumps(versions, separators=(",", ":"))
        rows = [[str(r[c]) if c != "shared" else "; ".join(f"{t} {v:+.4f}" for t, v in r[c])
                 for c in SIMILAR_COLUMNS[:-1]] + [stamp] for r in records]
        write_rows(_target(args, out), SIMILAR_COLUMNS, rows)
    print(f"irm similar: {len(table)} commitments, {len(records)} neighbours among "
          f"{len(index_table)} (up to {args.k} each; excluded: {args.exclude})", file=err)
    return EXIT_OK


def cmd_review(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from irm.io.drafts import read_draft
    from irm.review import render_review, review_draft

    source = args.input if args.input is not None else irm.sample_draft_path()
    draft = read_draft(source)
    _print_problems(draft.problems, err)
    review = review_draft(draft, _against(args, err), member=args.member or "", year=args.year,
                          k=args.k, calibration=_calibration(args), lexicon=_lexicon(args))
    if review.member and not review.group_sizes["member's earlier plans (IRM)"]:
        print(f"irm: warning: no rated commitment of {review.member!r} in "
              f"{review.against.source}: no earlier plan to continue or compare with "
              "(is the member named as the exports name it?)", file=err)
    fmt = _format(args, "html", ("json", "markdown"))
    _write_text(args, out, render_review(review, fmt=fmt))
    continued = sum(bool(c) for c in review.continues)
    print(f"irm review: {len(review)} draft commitments of {review.member or 'an unnamed member'}"
          f" ({review.year}, {review.era.label}) against {len(review.against)} rated; "
          f"{continued} continue the member's earlier plans; {fmt}", file=err)
    return EXIT_OK


def _ratio(value: float) -> str:
    return "-" if value != value else f"{value:.2f}"  # NaN: nothing to divide


def cmd_graph(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from collections import Counter

    from irm.graphs import (
        add_continuity,
        build_graph,
        carried_forward_agreement,
        continuity_links,
    )
    from irm.io.graph_files import write_graph

    progress = Progress(4, "graph: reading", err)
    table = _read(args, err, lenient=True)  # an unreadable rating only blanks attributes
    progress.stage(1, "graph: building")
    estimated = None
    if args.estimate_tags:
        from irm.scoring.estimate.estimates import estimate

        estimated = estimate(table).tag_lists()
    from irm.scoring import derive

    graph = build_graph(derive(table), estimated_tags=estimated)  # indicators recomputed
    progress.stage(2, "graph: continuity links")
    links = continuity_links(table, threshold=args.threshold) if args.continuity else []
    add_continuity(graph, links)
    if args.similar:
        from irm.graphs import add_similar
        from irm.scoring.similar import similar

        found = similar(table, k=args.similar)
        add_similar(graph, ((str(found.query_ids[q]), found.index.ids[int(r)], float(s))
                            for q in range(len(found))
                            for r, s in zip(found.rows[q], found.scores[q]) if r >= 0))
    if args.process:
        from irm.graphs import add_cocreation
        from irm.io.process_csv import read_process_csv
        from irm.scoring.cocreation import assess_plans, progress_from_commitments

        process = read_process_csv(args.process)
        _print_problems(process.problems, err)
        assessment = assess_plans(process, progress=progress_from_commitments(table))
        add_cocreation(graph, assessment.graph_plans())
        graph.graph.update({f"cocreation_rules_{k}": v for k, v in assessment.provenance.items()})
    progress.stage(3, "graph: writing")
    target = _target(args, out)
    fmt = f".{args.format}" if args.format else (".json" if target is out else None)
    write_graph(graph, target, fmt=fmt)
    progress.stage(4, "graph: done")
    progress.close()
    kinds = Counter(d["kind"] for _, d in graph.nodes(data=True))
    relations = Counter(d["relation"] for _, _, d in graph.edges(data=True))
    print(f"irm graph: {graph.number_of_nodes()} nodes ("
          + ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())) + f"), "
          f"{graph.number_of_edges()} edges ("
          + ", ".join(f"{k} {v}" for k, v in sorted(relations.items())) + ")", file=err)
    if args.continuity and "Carried Forward" in table.codes:
        agreement = carried_forward_agreement(table, links=links, threshold=args.threshold)
        print(f"  continuity (cosine >= {args.threshold}) against Carried Forward: precision "
              f"{_ratio(agreement.precision)}, recall {_ratio(agreement.recall)} over "
              f"{agreement.flagged} flagged commitments with a later plan in the file", file=err)
    return EXIT_OK


#: suffixes that name a file format: an output named so must be in that format
FORMAT_SUFFIXES = frozenset({".csv", ".tsv", ".json", ".jsonl", ".md", ".html", ".htm", ".xml",
                             ".xlsx", ".xls", ".ods", ".pdf", ".yaml", ".yml", ".graphml",
                             ".gexf", ".parquet"})
#: per command, the format suffixes it writes (a name with another is refused)
WRITES = {"validate": {".json"}, "report": {".json", ".md", ".csv"}, "evaluate": {".json"},
          "derive": {".csv"}, "score": {".csv"}, "milestones": {".csv"}, "fit": {".json"},
          "graph": {".json", ".graphml", ".gexf"}, "cocreation": {".csv", ".json"},
          "similar": {".csv", ".json"}, "review": {".html", ".htm", ".json", ".md"}}


#: commands whose output is the export itself: writing it in place is allowed (atomic)
WRITES_THE_EXPORT = frozenset({"derive", "score", "cocreation"})


def _given_inputs(args: argparse.Namespace, *, primary: bool = True) -> list[str]:
    """The input paths the user named (none for stdin or the sample); with
    ``primary=False`` only the files read beside the main input (``--commitments``)."""
    given = list(getattr(args, "inputs", None) or []) if primary else []
    given += list(getattr(args, "commitments", None) or [])
    given += [getattr(args, "process")] if getattr(args, "process", None) else []
    against = getattr(args, "against", None) or []
    given += [against] if isinstance(against, str) else list(against)
    if primary and getattr(args, "input", None):
        given.append(args.input)
    return [str(g) for g in given if g != "-"]


def _same_file(a: str, b: str) -> bool:
    """Whether two paths are one file (compared by identity, not by name: a link or
    another spelling of the same path is the same file)."""
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet): not the same file
        return False


def _check_outputs(args: argparse.Namespace) -> None:
    """Refuse, before any work, an output path whose folder does not exist or cannot be
    written (a fit or a cross-validation would otherwise fail only at its end), and one
    whose suffix names a format the command does not write (-o report.html for a text
    report would be text under an HTML name)."""
    for option in ("output", "diff"):
        path = getattr(args, option, None)
        if path in (None, "-"):
            continue
        in_place = args.command in WRITES_THE_EXPORT and option == "output"
        for source in _given_inputs(args, primary=not in_place):
            if _same_file(str(path), source):
                raise BadInput(f"cannot write {path}: it is the input {source}, which irm "
                               f"{args.command} would replace with its "
                               f"{'output' if option == 'output' else 'differences'}")
        suffix = os.path.splitext(str(path))[1].lower()
        writes = WRITES.get(args.command, set()) if option == "output" else {".csv"}
        if suffix in FORMAT_SUFFIXES and suffix not in writes:
            raise BadInput(f"cannot write {path}: irm {args.command} writes "
                           + ", ".join(sorted(writes)) + " (or text to any other name), "
                           f"not {suffix}")
        folder = os.path.dirname(os.path.abspath(str(path)))
        if not os.path.isdir(folder):
            raise BadInput(f"cannot use {path}: no such folder for the output")
        if not os.access(folder, os.W_OK):
            raise BadInput(f"cannot use {path}: the output's folder is not writable")


# --- parser ---------------------------------------------------------------------------

Command = Callable[[argparse.Namespace, TextIO, TextIO], int]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="irm",
        description="Assess OGP commitments the way the Independent Reporting Mechanism does.",
    )
    parser.add_argument("--version", action="version", version=f"irm {irm.__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func: Command, help: str, *, several: bool = False,
            input_help: str | None = None) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help)
        if input_help:
            p.add_argument("input", nargs="?", metavar="INPUT", help=input_help)
        elif several:
            p.add_argument("inputs", nargs="*", metavar="INPUT",
                           help="OGP commitment exports (today's CSV export or the 2016 "
                                "Explorer's), read one after another; '-' for stdin; "
                                "default: the bundled sample")
        else:
            p.add_argument("input", nargs="?", metavar="INPUT",
                           help="OGP commitment export (today's CSV export or the 2016 "
                                "Explorer's); '-' for stdin; default: the bundled sample")
        p.set_defaults(func=func)
        return p

    def add_lexicon(p: argparse.ArgumentParser) -> None:
        p.add_argument("--lexicon", metavar="FILE",
                       help="a lexicon file of your own (default: the bundled one); a "
                            "calibration fitted with another lexicon is refused")

    def add_report_output(p: argparse.ArgumentParser, what: str) -> None:
        """-o and --json of a command that prints a report as text or JSON."""
        p.add_argument("-o", "--output", default="-",
                       help=f"write the {what} to a file (default stdout; JSON if it ends in "
                            ".json)")
        p.add_argument("--json", action="store_true", help=f"print the {what} as JSON")

    p = add("validate", cmd_validate, "parse and check an OGP export; summary of rows, eras, "
                                      "rated indicators and problems")
    p.add_argument("--all", action="store_true",
                   help="report every problem instead of stopping at the first error")
    add_report_output(p, "summary")

    p = add("derive", cmd_derive, "recompute every derivable IRM indicator column from the raw "
                                  "rating labels and report every published value that differs")
    p.add_argument("-o", "--output", default="-", help="where to write the CSV (default stdout)")
    p.add_argument("--diff", metavar="FILE",
                   help="write the differing published values row by row, with anomaly class")
    p.add_argument("--star-rule", choices=["2015+", "2014", "pre-2014"], default="2015+",
                   help="the star rule: 2015+ (OGP's current formula: Transformative), 2014 "
                        "(Moderate and up), pre-2014 (reports before June 2014: Moderate and "
                        "up, no specificity criterion)")

    p = add("report", cmd_report, "per action plan and per member: verifiable, relevant, "
                                  "high-ambition, starred, high-completion and strong-early-results "
                                  "commitments, with trends", several=True)
    p.add_argument("-o", "--output", help="write the report to a file (default stdout)")
    p.add_argument("--format", choices=["text", "markdown", "json", "csv"],
                   help="output format (default: told by the file's suffix, .json, .md or "
                        ".csv, else text)")
    p.add_argument("--star-rule", choices=["2015+", "2014", "pre-2014"], default="2015+",
                   help="star rule used for the starred counts (see irm derive --help)")
    p.add_argument("--process", metavar="FILE",
                   help="a co-creation file (see irm cocreation): add each of its plans' "
                        "co-creation verdicts and its commitments' ambition and completion "
                        "by how their plan was co-created")

    p = add("score", cmd_score, "automated pre-assessment from text: auto_* columns with "
                                "evidence (reads text and plan metadata, never human ratings)")
    p.add_argument("-o", "--output", default="-", help="where to write the CSV (default stdout)")
    p.add_argument("--calibration", metavar="FILE", help="a calibration written by 'irm fit'")
    add_lexicon(p)
    p.add_argument("--jobs", type=_count(0, " (0: one process per core)"), default=0,
                   metavar="N",
                   help="processes sharing a large file (default 0: one per available core; "
                        "the output is the same for any N)")
    p.add_argument("--evidence", choices=["compact", "full", "none"], default="compact",
                   help="the auto_evidence column: compact (default; feature ids, "
                        "contributions and spans, expanded with the calibration the row "
                        "names), full (feature names, thresholds, baselines), or none (only "
                        "the versions that made the row); the other auto_* columns are the "
                        "same in each")

    p = add("evaluate", cmd_evaluate, "agreement between automated and human IRM ratings, "
                                      "or between two raters", several=True)
    p.add_argument("--cv", type=_count(2), metavar="K",
                   help="K-fold cross-validation grouped by action plan (fits on K-1 folds)")
    p.add_argument("--no-era", action="store_true",
                   help="with --cv: do not let the estimates use the plan's era and year")
    p.add_argument("--columns", nargs=2, metavar=("A", "B"),
                   help="compare two rating columns of the file")
    p.add_argument("--against", metavar="FILE2",
                   help="compare the rating columns of two files (e.g. two researchers)")
    p.add_argument("--calibration", metavar="FILE", help="a calibration written by 'irm fit'")
    add_lexicon(p)
    p.add_argument("--by", choices=["era", "language", "region", "source"], nargs="+",
                   metavar="GROUPING",
                   help="agreement and stated-against-observed confidence per group of rows: "
                        "era (the plan's), language (the text's), region (the member's), "
                        "source (the input file); several may be given")
    p.add_argument("--bootstrap", type=_count(0), default=1000, metavar="N",
                   help="bootstrap rounds for confidence intervals (0: none)")
    p.add_argument("--min-tag-positives", type=_count(1), default=10, metavar="N",
                   help="tags scored for micro-F1 need N positives in the file")
    add_report_output(p, "report")

    p = add("graph", cmd_graph, "build the commitment graph (members, plans, commitments, "
                                "policy areas, institutions, pledges) and write it")
    p.add_argument("-o", "--output", default="-",
                   help="file ending in .json (node-link), .graphml or .gexf (default: JSON "
                        "on stdout)")
    p.add_argument("--format", choices=["json", "graphml", "gexf"],
                   help="format, when the file name does not say")
    p.add_argument("--no-continuity", dest="continuity", action="store_false",
                   help="do not link commitments to similar ones of earlier plans")
    p.add_argument("--threshold", type=_share, default=0.35,
                   help="cosine similarity a continuity link needs (default 0.35)")
    p.add_argument("--similar", type=_count(0), default=0, metavar="K",
                   help="link each commitment to its K most similar commitments of any "
                        "member (relation 'similar', with the similarity; default 0: none)")
    p.add_argument("--estimate-tags", action="store_true",
                   help="use policy areas estimated from text where the export has no tags")
    p.add_argument("--process", metavar="FILE",
                   help="a co-creation file (see irm cocreation): its plans' verdicts become "
                        "attributes of their action_plan nodes")

    p = add("milestones", cmd_milestones, "extract milestones from commitment text: one row "
                                          "per milestone with its parsed fields")
    p.add_argument("-o", "--output", default="-", help="CSV to write (default stdout)")

    p = add("cocreation", cmd_cocreation,
            "assess how each action plan was co-created: recompute the IRM's coded "
            "columns from the answers, report every published code that differs, and "
            "append the verdicts (minimum IAP2 levels or requirements, acting contrary to "
            "process, consecutive cycles, automatic Procedural Review)",
            input_help="a co-creation file: the 2016 Explorer's process CSV or irm's "
                       "standards-2022 layout (CSV or JSON); '-' for stdin; default: the "
                       "bundled sample")
    p.add_argument("-o", "--output", default="-",
                   help="where to write the plans, in the input's own layout (default stdout)")
    p.add_argument("--diff", metavar="FILE",
                   help="write the published codes that differ from the recomputed ones, "
                        "classified, as CSV")
    p.add_argument("--rules", choices=["pre-2016", "2022"],
                   help="the co-creation rules to assess against (default: the layout's: "
                        "pre-2016 for the Explorer file, 2022 for the standards layout)")
    p.add_argument("--process-rule", choices=["pre-2022", "2022", "2022-07"],
                   help="the Procedural Review version for every plan (default: the one in "
                        "force when each plan was submitted)")
    p.add_argument("--commitments", nargs="+", metavar="EXPORT",
                   help="commitment exports of the same plans: their completion ratings "
                        "decide the no-progress trigger where the file does not record it")
    p.add_argument("--json", action="store_true",
                   help="print the summary (versions, verdict counts, agreement per coded "
                        "column, differences) on stderr as JSON")

    p = add("similar", cmd_similar,
            "nearest commitments of any member for each commitment, with what they share and "
            "how the IRM rated them")
    p.add_argument("--against", nargs="+", metavar="EXPORT",
                   help="rated exports to search (default: the input itself)")
    p.add_argument("-k", type=_count(1), default=5, metavar="N",
                   help="neighbours per commitment (default 5)")
    p.add_argument("--exclude", choices=["self", "member", "none"], default="self",
                   help="leave out the commitment itself (default), every commitment of its "
                        "member, or nothing")
    p.add_argument("-o", "--output", default="-",
                   help="CSV to write, or JSON if it ends in .json (default: CSV on stdout)")
    p.add_argument("--json", action="store_true", help="write JSON instead of CSV")

    p = add("review", cmd_review,
            "review a draft action plan against everything rated: estimates, milestones, "
            "similar commitments elsewhere, the commitments it continues, the plan's profile",
            input_help="the draft: a CSV in the export's column names (Commitment Title, "
                       "Full Text) or a JSON list of commitments (title, text, milestones); "
                       "default: the bundled sample draft")
    p.add_argument("--against", nargs="+", metavar="EXPORT",
                   help="rated exports to review against (default: the bundled sample)")
    p.add_argument("--member", help="the draft's member, as the exports name it (default: "
                                    "the draft's Country/Locality)")
    p.add_argument("--year", type=_count(1990), metavar="YEAR",
                   help="the draft's year of submission, which sets its era (default: the "
                        "draft's, else this year)")
    p.add_argument("-k", type=_count(1), default=5, metavar="N",
                   help="similar commitments per draft commitment (default 5)")
    p.add_argument("--calibration", metavar="FILE", help="a calibration written by 'irm fit'")
    add_lexicon(p)
    p.add_argument("-o", "--output", default="-",
                   help="the report: .html (default format), .json or .md (default stdout)")
    p.add_argument("--format", choices=["html", "json", "markdown"],
                   help="format, when the file name does not say")

    p = add("fit", cmd_fit, "learn estimator weights and thresholds from the human ratings "
                            "of one or more exports; write a versioned calibration file",
            several=True)
    p.add_argument("-o", "--output", required=True, help="calibration JSON to write")
    p.add_argument("--version", default="unversioned", help="version to record")
    p.add_argument("--no-era", action="store_true",
                   help="do not let the estimates use the plan's era and year")
    add_lexicon(p)
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
    previous = _terminate_as_interrupt()
    try:
        _check_outputs(args)
        return int(args.func(args, out, err))
    except (IRMError, BadInput) as exc:
        print(f"irm: {exc}", file=err)
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # the reader of our output went away (e.g. `| head`)
        with contextlib.suppress(OSError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except OSError as exc:
        name = exc.filename if exc.filename is not None else ""
        print(f"irm: cannot use {name!s}: {exc.strerror or exc}", file=err)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except Terminated:  # SIGTERM: outputs were cleaned up on the way out
        return 128 + signal.SIGTERM
    except Exception as exc:  # noqa: BLE001 - the last line of defence of a CLI
        if os.environ.get("IRM_DEBUG"):
            raise
        print(f"irm: internal error: {type(exc).__name__}: {exc} "
              "(set IRM_DEBUG=1 for a traceback)", file=err)
        return EXIT_INTERNAL
    finally:
        _restore(previous)


class Terminated(BaseException):
    """SIGTERM arrived (timeout, docker stop, a batch scheduler): raised where the work
    stands, so that what it had open (an atomic output's temporary file) is removed as
    for Ctrl-C."""


def _on_terminate(signum: int, frame: Any) -> None:
    raise Terminated()


def _terminate_as_interrupt() -> Any:
    """Turn SIGTERM into :class:`Terminated` while a command runs (main thread only)."""
    if threading.current_thread() is not threading.main_thread():
        return None
    return signal.signal(signal.SIGTERM, _on_terminate)


def _restore(previous: Any) -> None:
    if previous is not None:
        signal.signal(signal.SIGTERM, previous)
