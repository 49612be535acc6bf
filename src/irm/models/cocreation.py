"""OGP's co-creation rules as versioned data: steps, standards, requirements, and
"acting contrary to process" in its versions.

The rules live in ``irm/data/cocreation.json`` (its version and content digest
are recorded in every co-creation output): the scales the IRM codes a plan's
process with (Yes/No answers, the IAP2 spectrum, Met/Not met), the fields of a
plan's co-creation record, the rule sets (the pre-2016 six consultation steps;
the 2022 Participation & Co-Creation Standards and their minimum requirements),
the versions of the Procedural Review policy, and the file layouts that record
them. What the methodology marks unconfirmed is marked so in the data and
carried into every verdict that uses it. Nothing here computes a verdict:
:mod:`irm.scoring.cocreation` applies the rules.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from importlib import resources
from typing import Any, Mapping, Sequence

import attrs

from irm.errors import DataFileError, check_choice
from irm.models.missing import fold_spelling
from irm.models.scales import OrdinalScale

__all__ = ["FieldSpec", "Step", "Requirement", "RuleSet", "Trigger", "ProcessRule",
           "ProcessLayoutSpec", "CocreationRules", "load_cocreation_rules",
           "parse_cocreation_rules", "FIELD_KINDS", "SCALE_KINDS", "TRIGGER_TESTS"]

#: kinds of a co-creation field whose cells read on a scale of the rules file
SCALE_KINDS = frozenset({"answer", "answer_or_unclear", "flag", "iap2", "participation",
                         "requirement"})
#: the checks a trigger of acting contrary to process may name
TRIGGER_TESTS = ("late_plan", "influence_minimum", "answer_no", "requirements_not_met",
                 "no_progress")
#: every kind of field, and what a cell of it holds
FIELD_KINDS = SCALE_KINDS | {"member", "number", "year", "date", "days", "code", "count",
                             "text"}


@attrs.frozen
class FieldSpec:
    """One field of a plan's co-creation record: its kind and what it means; a
    ``code`` field is the 0/1 code of the answer ``of`` names, a ``count`` field the
    number of Yes among the answers ``of`` lists."""

    name: str
    kind: str = attrs.field(validator=attrs.validators.in_(FIELD_KINDS))
    label: str = ""
    of: tuple[str, ...] = ()
    requirement: str | None = None


@attrs.frozen
class Step:
    """One of the pre-2016 consultation steps: the answer field and its code field."""

    number: int
    field: str
    code: str
    label: str


@attrs.frozen
class Requirement:
    """A minimum requirement of the 2022 standards, with the confidence the
    methodology gives it (``unconfirmed`` ones are reported, never counted)."""

    id: str
    standard: int
    field: str
    confidence: str
    text: str

    @property
    def confirmed(self) -> bool:
        return self.confidence == "confirmed"


@attrs.frozen
class RuleSet:
    """The participation rules a plan is assessed against.

    ``steps`` and ``count`` are the pre-2016 six steps and the field counting them;
    ``codes`` maps each other coded field to the answer it codes; ``influence_minimum``
    the IAP2 levels that meet the minimum during development and implementation;
    ``requirements`` the 2022 standards' minimum requirements.
    """

    name: str
    title: str
    confidence: str
    applies_to: str
    steps: tuple[Step, ...] = ()
    count: str | None = None
    codes: Mapping[str, str] = attrs.field(factory=dict)
    influence_minimum: tuple[str, str] | None = None
    requirements: tuple[Requirement, ...] = ()
    standards: Mapping[int, str] = attrs.field(factory=dict)
    until_year: int | None = None
    from_year: int | None = None
    note: str = ""

    def coded_fields(self) -> dict[str, str]:
        """Every code field this rule set derives -> the answer field it codes."""
        return {**{s.code: s.field for s in self.steps}, **self.codes}


@attrs.frozen
class Trigger:
    """One way a member acts contrary to process: ``test`` names the check that
    applies it, ``params`` its settings (months, the field, the IAP2 minimum)."""

    id: str
    text: str
    test: str
    params: Mapping[str, Any] = attrs.field(factory=dict)


@attrs.frozen
class ProcessRule:
    """A version of OGP's Procedural Review policy."""

    name: str
    title: str
    confidence: str
    triggers: tuple[Trigger, ...]
    automatic_review_after: int | None
    starts: dt.date | None
    ends: dt.date | None
    note: str = ""


@attrs.frozen(slots=False)  # slots off: field_of's folded index is cached on the instance
class ProcessLayoutSpec:
    """A file layout for co-creation records: how many header lines precede the data
    (the names are on the last of them), the rule set it records, and which field
    each of its columns holds."""

    name: str
    title: str
    header_lines: int
    rule_set: str
    columns: Mapping[str, str]
    required: tuple[str, ...] = ()

    def column_of(self, field: str) -> str | None:
        for column, name in self.columns.items():
            if name == field:
                return column
        return None

    def field_of(self, name: str) -> str | None:
        """The field a header cell names, its case and spacing aside."""
        return self._folded.get(fold_spelling(name))

    @functools.cached_property
    def _folded(self) -> dict[str, str]:
        return {fold_spelling(column): field for column, field in self.columns.items()}

    def matches(self, names: Sequence[str]) -> bool:
        """Whether a header line holding ``names`` is this layout's: its first required
        field's column is there (a missing other one is then named as missing)."""
        return bool(self.required) and any(self.field_of(n) == self.required[0]
                                           for n in names)


@attrs.frozen(slots=False)  # slots off: ruling_fields is cached on the instance
class CocreationRules:
    """The whole rules file, parsed; ``digest`` is the SHA-256 of its bytes."""

    version: str
    digest: str
    scales: Mapping[str, OrdinalScale] = attrs.field(repr=False)
    fields: Mapping[str, FieldSpec] = attrs.field(repr=False)
    rule_sets: Mapping[str, RuleSet] = attrs.field(repr=False)
    process_rules: Mapping[str, ProcessRule] = attrs.field(repr=False)
    layouts: Mapping[str, ProcessLayoutSpec] = attrs.field(repr=False)
    confidence: Mapping[str, Mapping[str, str]] = attrs.field(factory=dict, repr=False)
    #: scale -> what a cell of it is, for messages ("an IAP2 level")
    what: Mapping[str, str] = attrs.field(factory=dict, repr=False)

    def rule_set(self, name: str) -> RuleSet:
        check_choice("co-creation rule set", name, self.rule_sets)
        return self.rule_sets[name]

    def process_rule(self, name: str) -> ProcessRule:
        check_choice("process rule", name, self.process_rules)
        return self.process_rules[name]

    def process_rule_for(self, submitted: dt.date | None, year: int | None) -> ProcessRule:
        """The Procedural Review version in force when a plan was submitted: by its date
        where known, else by its year (a 2022 plan without a date: the January rule),
        else the latest version."""
        day = submitted or (dt.date(year, 1, 1) if year is not None else None)
        ordered = self._process_rules_in_order
        if day is None:  # nothing dates the plan: the version in force now
            return ordered[-1]
        chosen = ordered[0]
        for rule in ordered:
            if (rule.starts is None or day >= rule.starts) and \
                    (rule.ends is None or day <= rule.ends):
                chosen = rule
        return chosen

    @functools.cached_property
    def _process_rules_in_order(self) -> tuple[ProcessRule, ...]:
        return tuple(sorted(self.process_rules.values(), key=lambda r: r.starts or dt.date.min))

    def scale(self, kind: str) -> OrdinalScale:
        return self.scales[kind]

    @functools.cached_property
    def ruling_fields(self) -> frozenset[str]:
        """The fields a verdict or a recomputed code reads (with who made the plan and
        when): a cell of one that cannot be read is an error; elsewhere, a warning."""
        used = {"member", "plan", "year", "submission_date", "iap2_development",
                "iap2_implementation", "progress"}
        for rules in self.rule_sets.values():
            coded = rules.coded_fields()
            used |= {*coded, *coded.values(), *(r.field for r in rules.requirements)}
            used |= {rules.count} if rules.count else set()
        for rule in self.process_rules.values():
            for trigger in rule.triggers:
                used |= {v for k, v in trigger.params.items()
                         if k in ("field", "from") and isinstance(v, str)}
        return frozenset(used)


def _date(text: Any, where: str) -> dt.date | None:
    if text is None:
        return None
    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        raise DataFileError(f"{where}: not an ISO date", got=text) from None


def _rule_set(name: str, doc: Mapping[str, Any]) -> RuleSet:
    minimum = doc.get("influence_minimum")
    return RuleSet(
        name, str(doc["title"]), str(doc["confidence"]), str(doc.get("applies_to", "")),
        steps=tuple(Step(int(s["number"]), s["field"], s["code"], s["label"])
                    for s in doc.get("steps", ())),
        count=doc.get("count"), codes=dict(doc.get("codes", {})),
        influence_minimum=(minimum["development"], minimum["implementation"])
        if minimum else None,
        requirements=tuple(Requirement(r["id"], int(r["standard"]), r["field"],
                                       r["confidence"], r["text"])
                           for r in doc.get("requirements", ())),
        standards={int(s["number"]): s["title"] for s in doc.get("standards", ())},
        until_year=doc.get("until_year"), from_year=doc.get("from_year"),
        note=str(doc.get("note", "")))


def _process_rules(doc: Mapping[str, Any]) -> dict[str, ProcessRule]:
    rules: dict[str, ProcessRule] = {}
    for name, rule in doc.items():
        source = rule.get("triggers_of")
        triggers = rules[source].triggers if source else tuple(
            Trigger(t["id"], t["text"], t["test"],
                    {k: v for k, v in t.items() if k not in ("id", "text", "test")})
            for t in rule["triggers"])
        starts = _date(rule.get("from"), f"process rule {name}")
        ends = _date(rule.get("until"), f"process rule {name}")
        rules[name] = ProcessRule(name, rule["title"], rule["confidence"], triggers,
                                  rule.get("automatic_review_after"), starts, ends,
                                  str(rule.get("note", "")))
    ordered = sorted(rules.values(), key=lambda r: r.starts or dt.date.min)
    # a version without an end holds until the next one starts
    for rule, following in zip(ordered, ordered[1:]):
        if rule.ends is None and following.starts is not None:
            rules[rule.name] = attrs.evolve(
                rule, ends=following.starts - dt.timedelta(days=1))
    return rules


def parse_cocreation_rules(raw: bytes, source: str) -> CocreationRules:
    """Parse a co-creation rules file (JSON bytes); errors name the file and the part."""
    try:
        doc = json.loads(raw)
        scales = {name: OrdinalScale.build(name, [(str(lv), int(code))
                                                  for lv, code in s["levels"]])
                  for name, s in doc["scales"].items()}
        what = {name: str(s.get("what", f"a {name} level")) for name, s in doc["scales"].items()}
        fields = {name: FieldSpec(name, f["kind"], str(f.get("label", "")),
                                  tuple([f["of"]] if isinstance(f.get("of"), str)
                                        else f.get("of", ())), f.get("requirement"))
                  for name, f in doc["fields"].items()}
        rule_sets = {name: _rule_set(name, r) for name, r in doc["rule_sets"].items()}
        layouts = {name: ProcessLayoutSpec(name, l["title"], int(l["header_lines"]),
                                           l["rule_set"], dict(l["columns"]),
                                           tuple(l.get("required", ())))
                   for name, l in doc["layouts"].items()}
        rules = CocreationRules(str(doc["version"]), hashlib.sha256(raw).hexdigest(),
                                scales, fields, rule_sets, _process_rules(
                                    doc["contrary_to_process"]), layouts,
                                {n: dict(s.get("confidence", {}))
                                 for n, s in doc["scales"].items()}, what)
    except (KeyError, TypeError, ValueError) as err:
        if isinstance(err, DataFileError):
            err.file = source
            raise
        raise DataFileError(f"not a co-creation rules file ({type(err).__name__}: {err})",
                            file=source) from err
    _check(rules, source)
    return rules


def _check(rules: CocreationRules, source: str) -> None:
    """Every name the rules use is defined: a field a layout or a step names, the
    scale of each scaled field, the rule set of each layout."""
    problems: list[str] = []
    for spec in rules.fields.values():
        if spec.kind in SCALE_KINDS and spec.kind not in rules.scales:
            problems.append(f"field {spec.name}: no scale {spec.kind!r}")
        problems += [f"field {spec.name}: unknown field {o!r}" for o in spec.of
                     if o not in rules.fields]
    for rules_set in rules.rule_sets.values():
        named = [s.field for s in rules_set.steps] + [s.code for s in rules_set.steps] + \
            [r.field for r in rules_set.requirements] + [*rules_set.codes, *rules_set.codes.values()]
        problems += [f"rule set {rules_set.name}: unknown field {n!r}" for n in named
                     if n not in rules.fields]
    for rule in rules.process_rules.values():
        problems += [f"process rule {rule.name}, trigger {t.id}: unknown test {t.test!r} "
                     f"(expected one of {', '.join(TRIGGER_TESTS)})"
                     for t in rule.triggers if t.test not in TRIGGER_TESTS]
    for layout in rules.layouts.values():
        if layout.rule_set not in rules.rule_sets:
            problems.append(f"layout {layout.name}: unknown rule set {layout.rule_set!r}")
        problems += [f"layout {layout.name}: unknown field {f!r}"
                     for f in (*layout.columns.values(), *layout.required)
                     if f not in rules.fields]
    if problems:
        raise DataFileError("; ".join(problems), file=source)


@functools.lru_cache(maxsize=None)
def load_cocreation_rules() -> CocreationRules:
    """The bundled co-creation rules (read when first asked for)."""
    raw = resources.files("irm.data").joinpath("cocreation.json").read_bytes()
    return parse_cocreation_rules(raw, "irm/data/cocreation.json")
