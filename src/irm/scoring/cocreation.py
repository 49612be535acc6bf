"""Co-creation assessment: each action plan against the participation rules of its
time, and each member's record across its plans.

One code path gives every figure: :func:`assess_plans` applies the rule set (the
pre-2016 six steps, or the 2022 standards' minimum requirements) and the
Procedural Review version in force to every plan, then walks each member's plans
in order for the consecutive cycles contrary to process; :func:`derive_process`
writes those results as the file's columns, :func:`explain_cocreation` shows one
plan's, and :func:`compare_process` sets the recomputed codes beside the IRM's
published ones. Every result names the rules version it applied.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter, defaultdict
from typing import Any, Mapping, Sequence

import attrs
import numpy as np

from irm._perf import group_rows
from irm.errors import check_choice
from irm.models.cocreation import (CocreationRules, ProcessRule, RuleSet, Trigger,
                                   load_cocreation_rules)
from irm.models.missing import Missing
from irm.models.process import PlanRecord, ProcessTable, Value
from irm.models.scales import Level
from irm.models.table import CommitmentTable

__all__ = ["Check", "StepResult", "TriggerResult", "PlanAssessment", "CocreationAssessment",
           "ProcessComparison", "ProcessDifference", "assess_plans", "derive_process",
           "compare_process", "explain_cocreation", "progress_from_commitments",
           "cocreation_outcomes", "VERDICT_COLUMNS", "DIFFERENCE_CLASSES"]

#: the columns irm cocreation appends, in order
VERDICT_COLUMNS = ("Co-creation rules", "Meets Involve during development",
                   "Meets Inform during implementation", "Minimum requirements met",
                   "Contrary to process", "Contrary to process: triggers met",
                   "Contrary to process: not assessed", "Contrary to process: rule",
                   "Consecutive cycles contrary to process", "Procedural Review (automatic)")

#: each class of a published code that differs from the recomputed one, and what it means
DIFFERENCE_CLASSES = {
    "disagrees with the answer": "the published code contradicts the Yes/No answer beside it",
    "missing code for a reported answer": "a missing code where the answer is reported",
    "code for an unreported answer": "a value where the answer is a missing code",
    "another missing code": "both missing, under different codes (NA for NR, say)",
    "unreported steps counted as 0": "no step was reported, yet the count is 0, not NR",
}

MET, NOT_MET, NOT_ASSESSED = "met", "not met", "not assessed"

#: graph attribute -> the verdict column it carries
_ATTRIBUTE_COLUMNS = {
    "meets_involve_development": "Meets Involve during development",
    "meets_inform_implementation": "Meets Inform during implementation",
    "minimum_requirements_met": "Minimum requirements met",
    "contrary_to_process": "Contrary to process",
    "contrary_triggers_met": "Contrary to process: triggers met",
    "contrary_not_assessed": "Contrary to process: not assessed",
    "procedural_review_rule": "Contrary to process: rule",
    "consecutive_cycles_contrary": "Consecutive cycles contrary to process",
    "automatic_procedural_review": "Procedural Review (automatic)",
}


def _show(value: Value) -> str:
    """A value as the file would write it."""
    if isinstance(value, Level):
        return value.label
    if isinstance(value, Missing):
        return value.value
    return str(value)


@attrs.frozen
class Check:
    """One test of a plan: a minimum IAP2 level or a minimum requirement."""

    name: str
    status: str  # met, not met, not assessed
    value: str
    rule: str
    confidence: str = "confirmed"

    @property
    def cell(self) -> str:
        """Yes/No when assessed; the missing code (or NA) that stopped it otherwise."""
        if self.status == MET:
            return "Yes"
        if self.status == NOT_MET:
            return "No"
        return self.value if Missing.parse(self.value) is not None else "ND"


@attrs.frozen
class StepResult:
    """One consultation step: the IRM's answer and the code it derives."""

    number: int
    label: str
    answer: str
    code: str


@attrs.frozen
class TriggerResult:
    """One trigger of acting contrary to process, as applied to a plan."""

    id: str
    text: str
    status: str  # met, not met, not assessed
    reason: str


@attrs.frozen
class PlanAssessment:
    """A plan's co-creation verdict, with every step of how it was reached."""

    member: str
    number: int
    plan_id: str | None
    year: int | None
    rule_set: str
    process_rule: str
    rules_version: str
    steps: tuple[StepResult, ...]
    steps_followed: str
    codes: Mapping[str, str]
    influence: tuple[Check, ...]
    requirements: tuple[Check, ...]
    minimum_requirements: str
    triggers: tuple[TriggerResult, ...]
    contrary: str  # Yes, No, ND
    #: the IAP2 levels recorded during development and implementation, as written
    iap2: tuple[str, str] = ("ND", "ND")
    consecutive: str = "ND"
    automatic_review: str = "NA"
    history: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        return self.plan_id or f"{self.member} {self.number}"

    @property
    def verdict(self) -> str:
        if self.contrary == "Yes":
            met = ", ".join(t.id for t in self.triggers if t.status == MET)
            return f"acted contrary to process ({met})"
        if self.contrary == "No":
            return "did not act contrary to process"
        missing = ", ".join(t.id for t in self.triggers if t.status == NOT_ASSESSED)
        return f"not assessable: no trigger met, {missing} not assessed"

    def cells(self) -> dict[str, str]:
        """The verdict columns of this plan, as ``irm cocreation`` writes them."""
        dev, imp = self.influence
        return dict(zip(VERDICT_COLUMNS, (
            f"{self.rule_set} (rules {self.rules_version})", dev.cell, imp.cell,
            self.minimum_requirements, self.contrary,
            "; ".join(t.id for t in self.triggers if t.status == MET),
            "; ".join(t.id for t in self.triggers if t.status == NOT_ASSESSED),
            self.process_rule, self.consecutive, self.automatic_review)))

    def attributes(self) -> dict[str, str]:
        """The verdicts as graph-node attributes (plain names, string values)."""
        cells = self.cells()
        return {"cocreation_rules": cells["Co-creation rules"],
                "iap2_development": self.iap2[0], "iap2_implementation": self.iap2[1],
                "steps_followed": self.steps_followed,
                **{name: cells[column] for name, column in _ATTRIBUTE_COLUMNS.items()}}

    def lines(self) -> list[str]:
        """The verdict step by step, in words."""
        out = [f"{self.member}, action plan {self.number} ({self.year or 'year ND'}): "
               f"{self.verdict}",
               f"rules: {self.rule_set}; Procedural Review version {self.process_rule}; "
               f"irm co-creation rules {self.rules_version}"]
        for step in self.steps:
            out.append(f"  step {step.number} ({step.label}): {step.answer} -> code {step.code}")
        if self.steps:
            out.append(f"  steps followed: {self.steps_followed} of {len(self.steps)}")
        for check in (*self.influence, *self.requirements):
            note = "" if check.confidence == "confirmed" else f" [{check.confidence}]"
            out.append(f"  {check.name}: {check.status} ({check.value}; {check.rule}){note}")
        if self.requirements:
            out.append(f"  minimum requirements met: {self.minimum_requirements}")
        for trigger in self.triggers:
            out.append(f"  trigger {trigger.id} ({trigger.text}): {trigger.status}: "
                       f"{trigger.reason}")
        out.append(f"  contrary to process: {self.contrary}; consecutive cycles: "
                   f"{self.consecutive}; automatic Procedural Review: {self.automatic_review}")
        if self.history:
            out.append("  member's plans: " + "; ".join(self.history))
        return out

    def __str__(self) -> str:
        return "\n".join(self.lines())

    def to_dict(self) -> dict[str, Any]:
        return {"member": self.member, "plan": self.number, "plan_id": self.plan_id,
                "year": self.year, "rule_set": self.rule_set,
                "process_rule": self.process_rule, "rules_version": self.rules_version,
                "verdict": self.verdict,
                "steps": [attrs.asdict(s) for s in self.steps],
                "steps_followed": self.steps_followed, "codes": dict(self.codes),
                "checks": [attrs.asdict(c) for c in (*self.influence, *self.requirements)],
                "iap2": {"development": self.iap2[0], "implementation": self.iap2[1]},
                "minimum_requirements": self.minimum_requirements,
                "triggers": [attrs.asdict(t) for t in self.triggers],
                "contrary_to_process": self.contrary, "consecutive_cycles": self.consecutive,
                "automatic_review": self.automatic_review}

    def _repr_html_(self) -> str:
        from irm._html import card, table

        steps = table(((s.number, s.label, s.answer, s.code) for s in self.steps),
                      ("step", "what", "answer", "code")) if self.steps else ""
        checks = table(((c.name, c.status, c.value, c.rule, c.confidence)
                        for c in (*self.influence, *self.requirements)),
                       ("check", "status", "value", "rule", "confidence"))
        triggers = table(((t.id, t.status, t.reason) for t in self.triggers),
                         ("trigger", "status", "why"))
        facts = table([("contrary to process", self.contrary),
                       ("consecutive cycles", self.consecutive),
                       ("automatic Procedural Review", self.automatic_review)])
        return card(f"{self.member}, action plan {self.number}: {self.verdict}",
                    steps + checks + triggers + facts,
                    f"{self.rule_set}; Procedural Review {self.process_rule}; "
                    f"rules {self.rules_version}")


@attrs.frozen
class CocreationAssessment:
    """Every plan's assessment, in the table's order, and the rules that made them."""

    plans: tuple[PlanAssessment, ...]
    rules_version: str
    rules_digest: str

    def __len__(self) -> int:
        return len(self.plans)

    def __getitem__(self, i: int) -> PlanAssessment:
        return self.plans[i]

    def by_member(self) -> dict[str, list[PlanAssessment]]:
        """Each member's plans in the order of their numbers."""
        out: dict[str, list[PlanAssessment]] = defaultdict(list)
        for plan in self.plans:
            out[plan.member].append(plan)
        return {m: sorted(p, key=lambda a: a.number) for m, p in sorted(out.items())}

    @property
    def provenance(self) -> dict[str, str]:
        """The rules file that made these verdicts: its version and SHA-256."""
        return {"version": self.rules_version, "sha256": self.rules_digest}

    def summary(self) -> dict[str, Any]:
        contrary = Counter(p.contrary for p in self.plans)
        return {"plans": len(self.plans), "members": len(self.by_member()),
                "rules": self.provenance,
                "rule_sets": dict(Counter(p.rule_set for p in self.plans)),
                "process_rules": dict(Counter(p.process_rule for p in self.plans)),
                "contrary_to_process": {k: contrary.get(k, 0) for k in ("Yes", "No", "ND")},
                "automatic_review": sum(p.automatic_review == "Yes" for p in self.plans),
                "members_contrary_in_consecutive_cycles": sorted(
                    {p.member for p in self.plans if p.consecutive.isdigit()
                     and int(p.consecutive) >= 2})}

    def graph_plans(self) -> list[tuple[str, str, int, int | None, dict[str, str]]]:
        """(plan id, member, number, year, attributes) of each plan, for
        :func:`irm.graphs.add_cocreation`."""
        return [(p.key, p.member, p.number, p.year, p.attributes()) for p in self.plans]

    def member_rows(self) -> list[tuple[str, ...]]:
        """Per member and plan: number, year, IAP2 met, contrary, consecutive cycles."""
        rows: list[tuple[str, ...]] = []
        for member, plans in self.by_member().items():
            for p in plans:
                rows.append((member, str(p.number), str(p.year or "ND"), p.influence[0].cell,
                             p.influence[1].cell, p.minimum_requirements, p.contrary,
                             p.consecutive, p.automatic_review))
        return rows

    MEMBER_HEADER = ("member", "plan", "year", "Involve during development",
                     "Inform during implementation", "minimum requirements",
                     "contrary to process", "consecutive cycles", "automatic review")

    def _repr_html_(self) -> str:
        from irm._html import card, table

        s = self.summary()
        return card(f"Co-creation of {s['plans']} plans of {s['members']} members",
                    table(self.member_rows(), self.MEMBER_HEADER),
                    f"rules {self.rules_version}")


# --- applying the rules -------------------------------------------------------------


def _answer_code(value: Value) -> str:
    """The 0/1 code of a Yes/No answer; a missing answer keeps its code."""
    if isinstance(value, Level):
        return str(value.code)
    if isinstance(value, Missing):
        return value.value
    return "ND"


def _count(values: Sequence[Value]) -> str:
    """Steps followed: the Yes among the reported answers; where none is reported,
    their common missing code (ND when they differ)."""
    reported = [v for v in values if isinstance(v, Level)]
    if reported:
        return str(sum(v.code == 1 for v in reported))
    codes = {v.value if isinstance(v, Missing) else "ND" for v in values}
    return codes.pop() if len(codes) == 1 else "ND"


def _minimum(rules: CocreationRules, name: str, value: Value, level: str) -> Check:
    scale = rules.scale("iap2")
    rule = f"{level} or above"
    if isinstance(value, Level):
        return Check(name, MET if value >= scale.level(level) else NOT_MET, value.label, rule)
    return Check(name, NOT_ASSESSED, _show(value), rule)


def _influence(rules: CocreationRules, rule_set: RuleSet, process: ProcessRule,
               plan: PlanRecord) -> tuple[Check, Check]:
    """IAP2 Involve during development and Inform during implementation, where the
    rules set such a minimum (the Procedural Review trigger's, else the rule set's)."""
    minimum: tuple[str, str] | None = rule_set.influence_minimum
    for trigger in process.triggers:
        if trigger.test == "influence_minimum":
            minimum = (trigger.params["development"], trigger.params["implementation"])
    if minimum is None:
        why = f"the {rule_set.name} rules and Procedural Review {process.name} set no IAP2 " \
              "minimum"
        return (Check("IAP2 during development", NOT_ASSESSED, "NA", why),
                Check("IAP2 during implementation", NOT_ASSESSED, "NA", why))
    return (_minimum(rules, f"IAP2 during development (minimum {minimum[0]})",
                     plan.value("iap2_development"), minimum[0]),
            _minimum(rules, f"IAP2 during implementation (minimum {minimum[1]})",
                     plan.value("iap2_implementation"), minimum[1]))


def _requirements(rule_set: RuleSet, plan: PlanRecord) -> tuple[tuple[Check, ...], str]:
    """Each minimum requirement, and whether the counted (confirmed) ones are all met:
    Yes, No, ND (some not assessed, none failed) or NA (the rule set has none)."""
    checks = []
    for req in rule_set.requirements:
        value = plan.value(req.field)
        status = NOT_ASSESSED if not isinstance(value, Level) else (
            MET if value.code == 1 else NOT_MET)
        checks.append(Check(f"requirement {req.id}", status, _show(value), req.text,
                            req.confidence))
    counted = [c for c, r in zip(checks, rule_set.requirements) if r.confirmed]
    if not counted:
        return tuple(checks), "NA"
    if any(c.status == NOT_MET for c in counted):
        return tuple(checks), "No"
    return tuple(checks), "Yes" if all(c.status == MET for c in counted) else "ND"


def _add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, or the month's last day (31 Jan + 1: 28/29 Feb)."""
    year, month = divmod(day.month - 1 + months, 12)
    year, month = day.year + year, month + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _field_label(rules: CocreationRules, name: str) -> str:
    spec = rules.fields[name]
    if spec.requirement:
        return f"requirement {spec.requirement}"
    return spec.label or name.replace("_", " ")


def _trigger(trigger: Trigger, plan: PlanRecord, influence: tuple[Check, Check],
             minimum_requirements: str, progress: bool | None,
             labels: Mapping[str, str]) -> TriggerResult:
    p = trigger.params

    def result(status: str, reason: str) -> TriggerResult:
        return TriggerResult(trigger.id, trigger.text, status, reason)

    if trigger.test == "late_plan":
        submitted, start = plan.date("submission_date"), plan.date(p["from"])
        if submitted is None or start is None:
            lacking = " or ".join(n for n, d in (("submission date", submitted),
                                                 (labels[p["from"]], start)) if d is None)
            return result(NOT_ASSESSED, f"no {lacking} recorded")
        deadline = _add_months(start, int(p["months"]))
        return result(MET if submitted > deadline else NOT_MET,
                      f"submitted {submitted.isoformat()}, deadline {deadline.isoformat()} "
                      f"({p['months']} months after the {labels[p['from']]})")
    if trigger.test == "influence_minimum":
        if any(c.status == NOT_MET for c in influence):
            return result(MET, "; ".join(f"{c.name}: {c.value}" for c in influence
                                         if c.status == NOT_MET))
        if all(c.status == MET for c in influence):
            return result(NOT_MET, "; ".join(f"{c.name}: {c.value}" for c in influence))
        return result(NOT_ASSESSED, "; ".join(f"{c.name}: {c.value}" for c in influence
                                              if c.status == NOT_ASSESSED))
    if trigger.test == "answer_no":
        value = plan.value(p["field"])
        if not isinstance(value, Level):
            what = labels[p["field"]]
            return result(NOT_ASSESSED, f"{what}: {_show(value)}" if p["field"] in plan.values
                          else f"the file does not record {what}")
        return result(MET if value.code == 0 else NOT_MET, f"{labels[p['field']]}: "
                                                          f"{value.label}")
    if trigger.test == "requirements_not_met":
        status = {"No": MET, "Yes": NOT_MET}.get(minimum_requirements, NOT_ASSESSED)
        return result(status, f"minimum requirements (the {p.get('counted', 'all')} ones) "
                              f"met: {minimum_requirements}")
    if trigger.test == "no_progress":
        answer = plan.value("progress")
        if isinstance(answer, Level):
            return result(MET if answer.code == 0 else NOT_MET,
                          f"the file records progress on any commitment: {answer.label}")
        if progress is None:
            return result(NOT_ASSESSED, "no completion rating of the plan's commitments")
        return result(NOT_MET if progress else MET,
                      "the plan's commitments: " + ("some progress" if progress
                                                    else "none started"))
    raise AssertionError(f"trigger test {trigger.test!r}: the rules file check lets none "
                         "through that is not applied here")


def _assess(plan: PlanRecord, rules: CocreationRules, rule_set: RuleSet,
            process: ProcessRule, progress: bool | None,
            labels: Mapping[str, str]) -> PlanAssessment:
    steps = tuple(StepResult(s.number, s.label, _show(plan.value(s.field)),
                             _answer_code(plan.value(s.field))) for s in rule_set.steps)
    codes = {code: _answer_code(plan.value(answer))
             for code, answer in rule_set.coded_fields().items()}
    followed = _count([plan.value(s.field) for s in rule_set.steps]) if steps else "NA"
    if rule_set.count:
        codes[rule_set.count] = followed
    influence = _influence(rules, rule_set, process, plan)
    requirements, minimum = _requirements(rule_set, plan)
    triggers = tuple(_trigger(t, plan, influence, minimum, progress, labels)
                     for t in process.triggers)
    statuses = {t.status for t in triggers}
    contrary = "Yes" if MET in statuses else ("ND" if NOT_ASSESSED in statuses else "No")
    return PlanAssessment(plan.member, plan.number, plan.plan_id, plan.year, rule_set.name,
                          process.name, rules.version, steps, followed, codes, influence,
                          requirements, minimum, triggers, contrary,
                          (_show(plan.value("iap2_development")),
                           _show(plan.value("iap2_implementation"))))


def _histories(plans: list[PlanAssessment], rules: CocreationRules) -> list[PlanAssessment]:
    """Each plan with the run of consecutive plans of its member (numbers one apart)
    acting contrary to process that it ends, and whether that places the member under
    Procedural Review automatically (the July 2022 rule: ``automatic_review_after``)."""
    out = list(plans)
    members: dict[str, list[int]] = defaultdict(list)
    for k, plan in enumerate(plans):
        members[plan.member].append(k)
    for indices in members.values():
        indices.sort(key=lambda k: plans[k].number)
        history = tuple(f"{plans[k].number}: {plans[k].contrary}" for k in indices)
        run: int | None = 0
        previous: int | None = None
        for k in indices:
            plan = plans[k]
            adjacent = previous is not None and plan.number == previous + 1
            if plan.contrary == "ND":
                run = None
            elif plan.contrary == "Yes":
                # a gap in the numbers, or an unassessable plan, starts a new run
                run = run + 1 if adjacent and run is not None else 1
            else:
                run = 0
            previous = plan.number
            after = rules.process_rule(plan.process_rule).automatic_review_after
            review = "NA" if after is None else ("ND" if run is None else
                                                 "Yes" if run >= after else "No")
            out[k] = attrs.evolve(plan, consecutive="ND" if run is None else str(run),
                                  automatic_review=review, history=history)
    return out


def assess_plans(table: ProcessTable, *, rule_set: str | None = None,
                 process_rule: str | None = None,
                 progress: Mapping[str, bool | None] | None = None,
                 rules: CocreationRules | None = None) -> CocreationAssessment:
    """Assess every plan of ``table``.

    Parameters
    ----------
    rule_set : str, optional
        ``pre-2016`` or ``2022``; default: the table's (its layout's).
    process_rule : str, optional
        The Procedural Review version to apply to every plan (``pre-2022``,
        ``2022``, ``2022-07``); default: the one in force at each plan's submission.
    progress : mapping, optional
        Plan id -> whether any of its commitments made progress (see
        :func:`progress_from_commitments`), for the no-progress trigger where the
        file does not record it.
    """
    rules = rules or load_cocreation_rules()
    chosen = rules.rule_set(rule_set or table.rule_set)
    fixed = rules.process_rule(process_rule) if process_rule else None
    progress = progress or {}
    labels = {name: _field_label(rules, name) for name in rules.fields}
    plans = [_assess(plan, rules, chosen,
                     fixed or rules.process_rule_for(plan.date("submission_date"), plan.year),
                     progress.get(plan.plan_id or ""), labels) for plan in table]
    return CocreationAssessment(tuple(_histories(plans, rules)), rules.version, rules.digest)


def explain_cocreation(table: ProcessTable, i: int, **options: Any) -> PlanAssessment:
    """Plan ``i``'s verdict, step by step: the same assessment ``irm cocreation``
    writes (its member's other plans are assessed too, for the consecutive cycles)."""
    return assess_plans(table, **options)[i]


def derive_process(table: ProcessTable, *, assessment: CocreationAssessment | None = None,
                   **options: Any) -> dict[str, list[str]]:
    """Every coded column the file has, recomputed from its answers (a blank one
    too), and the verdict columns, one cell per plan."""
    assessment = assessment or assess_plans(table, **options)
    out: dict[str, list[str]] = {}
    for field in assessment.plans[0].codes if assessment.plans else ():
        column = table.column_of(field)
        if column is not None:
            out[column] = [p.codes[field] for p in assessment.plans]
    cells = [p.cells() for p in assessment.plans]
    for column in VERDICT_COLUMNS:
        out[column] = [c[column] for c in cells]
    return out


# --- against the published codes ----------------------------------------------------


@attrs.frozen
class ProcessDifference:
    """A published code that differs from the one recomputed from its answers."""

    row: int
    plan: str
    column: str
    inputs: str
    published: str
    derived: str
    kind: str


@attrs.frozen
class ProcessComparison:
    """Per coded column: how many plans have the inputs, and how many of those the
    IRM's published code agrees with; every difference, classified."""

    columns: tuple[tuple[str, int, int, int, int], ...]  # column, plans, inputs, agree, blank
    differences: tuple[ProcessDifference, ...]

    HEADER = ("column", "plans", "inputs present", "agree where inputs present",
              "agreement", "blank (computed)", "differences")

    def rows(self) -> list[tuple[str, ...]]:
        by_column = Counter(d.column for d in self.differences)
        return [(c, str(n), str(k), str(agree), f"{agree / k:.1%}" if k else "n/a",
                 str(blank), str(by_column.get(c, 0)))
                for c, n, k, agree, blank in self.columns]

    def by_class(self) -> Counter[str]:
        return Counter(d.kind for d in self.differences)

    @property
    def agreement_where_present(self) -> float | None:
        k = sum(c[2] for c in self.columns)
        return sum(c[3] for c in self.columns) / k if k else None

    DIFFERENCE_HEADER = ("row", "plan", "column", "inputs", "published", "derived", "class")

    def difference_rows(self) -> list[tuple[str, ...]]:
        return [(str(d.row), d.plan, d.column, d.inputs, d.published, d.derived, d.kind)
                for d in self.differences]

    def to_dict(self) -> dict[str, Any]:
        return {"columns": [dict(zip(self.HEADER, r)) for r in self.rows()],
                "agreement_where_inputs_present": self.agreement_where_present,
                "differences": [attrs.asdict(d) for d in self.differences],
                "by_class": dict(self.by_class())}

    def summary(self) -> str:
        share = self.agreement_where_present
        lines = [f"{len(self.columns)} coded columns recomputed; agreement with the published "
                 f"codes where the inputs are present: "
                 f"{'n/a' if share is None else f'{share:.1%}'}; "
                 f"{len(self.differences)} differences"]
        lines += [f"{n} {kind}: {DIFFERENCE_CLASSES.get(kind, '')}"
                  for kind, n in sorted(self.by_class().items())]
        return "\n".join(lines)

    def _repr_html_(self) -> str:
        from irm._html import card, table

        return card("Recomputed codes against the published ones",
                    table(self.rows(), self.HEADER)
                    + table(self.difference_rows(), self.DIFFERENCE_HEADER),
                    self.summary().splitlines()[0])


def _inputs_present(values: Sequence[Value]) -> bool:
    return any(isinstance(v, Level) for v in values)


def _classify(present: bool, published: str, derived: str, is_count: bool) -> str:
    published_missing = Missing.parse(published) is not None
    derived_missing = Missing.parse(derived) is not None
    if present:
        return "missing code for a reported answer" if published_missing \
            else "disagrees with the answer"
    if published_missing and derived_missing:
        return "another missing code"
    if is_count and published == "0":
        return "unreported steps counted as 0"
    return "code for an unreported answer"


def compare_process(table: ProcessTable, *, assessment: CocreationAssessment | None = None,
                    rules: CocreationRules | None = None) -> ProcessComparison:
    """The file's published codes beside the ones recomputed from its answers."""
    rules = rules or load_cocreation_rules()
    assessment = assessment or assess_plans(table, rules=rules)
    rule_set = rules.rule_set(assessment.plans[0].rule_set) if assessment.plans else \
        rules.rule_set(table.rule_set)
    inputs: dict[str, tuple[str, ...]] = {c: (a,) for c, a in rule_set.coded_fields().items()}
    if rule_set.count:
        inputs[rule_set.count] = tuple(s.field for s in rule_set.steps)
    columns = []
    differences = []
    for field, sources in inputs.items():
        column = table.column_of(field)
        if column is None:
            continue
        n = present_n = agree = blank = 0
        for plan, result in zip(table, assessment.plans):
            published, derived = plan.cells.get(field, ""), result.codes[field]
            values = [plan.value(s) for s in sources]
            present = _inputs_present(values)
            n += 1
            if not published.strip():
                blank += 1
                continue
            present_n += present
            if _show(plan.value(field)) == derived:  # as read: "1.0" is 1, " NR" is NR
                agree += present
                continue
            differences.append(ProcessDifference(
                plan.row, plan.key, column, "; ".join(_show(v) for v in values), published,
                derived, _classify(present, published.strip(), derived,
                                   field == rule_set.count)))
        columns.append((column, n, present_n, agree, blank))
    return ProcessComparison(tuple(columns), tuple(differences))


# --- with the commitments -----------------------------------------------------------


def progress_from_commitments(commitments: CommitmentTable, *,
                              codes: Mapping[str, np.ndarray] | None = None
                              ) -> dict[str, bool | None]:
    """Per plan id, whether any commitment made progress (completion Limited or more);
    None where none of its commitments has a usable completion rating. ``codes``: the
    commitments' derived codes, where the caller has them already."""
    completion = _derived(commitments, codes)["Max Completion"]
    plans, rows_of = group_rows(commitments.plan_ids())
    out: dict[str, bool | None] = {}
    for plan, rows in zip(plans.tolist(), rows_of):
        rated = completion[rows][completion[rows] >= 0]
        out[str(plan)] = bool((rated >= 1).any()) if len(rated) else None
    return out


def _derived(commitments: CommitmentTable,
             codes: Mapping[str, np.ndarray] | None) -> Mapping[str, np.ndarray]:
    from irm.scoring.indicators import derive_codes

    return codes if codes is not None else derive_codes(commitments)


@attrs.frozen
class OutcomeGroup:
    """The commitments of the plans co-created at one IAP2 level."""

    group: str
    plans: int
    commitments: int
    rated_ambition: int
    high_ambition: int
    rated_completion: int
    high_completion: int

    def share(self, part: str) -> float | None:
        rated = getattr(self, f"rated_{part}")
        return getattr(self, f"high_{part}") / rated if rated else None


@attrs.frozen
class CocreationOutcomes:
    """Ambition and completion of commitments by how their plan was co-created.
    Associations in the IRM's data; no claim of cause."""

    by_level: tuple[OutcomeGroup, ...]
    by_minimum: tuple[OutcomeGroup, ...]
    unmatched_plans: int

    HEADER = ("plans co-created", "plans", "commitments", "rated for ambition",
              "high ambition", "share", "rated for completion", "high completion", "share")

    def rows(self, *, groups: str = "level") -> list[tuple[str, ...]]:
        check_choice("groups", groups, ("level", "minimum"))
        chosen = self.by_level if groups == "level" else self.by_minimum

        def pct(x: float | None) -> str:
            return "n/a" if x is None else f"{x:.0%}"

        return [(g.group, str(g.plans), str(g.commitments), str(g.rated_ambition),
                 str(g.high_ambition), pct(g.share("ambition")), str(g.rated_completion),
                 str(g.high_completion), pct(g.share("completion"))) for g in chosen]

    def to_dict(self) -> dict[str, Any]:
        return {"by_level": [dict(zip(self.HEADER, r)) for r in self.rows(groups="level")],
                "by_minimum": [dict(zip(self.HEADER, r)) for r in self.rows(groups="minimum")],
                "unmatched_plans": self.unmatched_plans,
                "note": "associations in the IRM's data, not causes: plans differ in member, "
                        "era and the IRM's coding"}

    def _repr_html_(self) -> str:
        from irm._html import card, table

        return card("Commitments by the co-creation of their plan",
                    table(self.rows(groups="minimum"), self.HEADER)
                    + table(self.rows(groups="level"), self.HEADER),
                    "associations, not causes; n shown")


def cocreation_outcomes(table: ProcessTable, commitments: CommitmentTable, *,
                        codes: Mapping[str, np.ndarray] | None = None) -> CocreationOutcomes:
    """High Ambition and High Completion of the commitments of each plan (joined by
    plan id), grouped by the plan's IAP2 level during development and by whether that
    level is Involve or above (whatever the rules of its time required). Completion
    counts over the commitments with a usable completion rating, ambition over those
    whose High Ambition is a number, as the report does. ``codes``: the commitments'
    derived codes, where the caller has them already."""
    codes = _derived(commitments, codes)
    ambition, completion = codes["High Ambition"], codes["High Completion"]
    completion_rated = codes["Comp Assessed"] == 1
    plans, grouped = group_rows(commitments.plan_ids())
    rows_of = dict(zip(map(str, plans.tolist()), grouped))
    iap2 = load_cocreation_rules().scale("iap2")
    levels, involve = [lv.label for lv in iap2.levels], iap2.level("Involve")
    level_groups: dict[str, list[np.ndarray]] = defaultdict(list)
    minimum_groups: dict[str, list[np.ndarray]] = defaultdict(list)
    unmatched = 0
    for plan in table:
        rows = rows_of.get(plan.plan_id or "")
        if rows is None:
            unmatched += 1
            continue
        value = plan.value("iap2_development")
        level_groups[_show(value)].append(rows)
        minimum_groups[_involve_group(value, involve)].append(rows)

    def group(name: str, parts: list[np.ndarray]) -> OutcomeGroup:
        rows = np.concatenate(parts) if parts else np.array([], dtype=int)
        a, c, rated = ambition[rows], completion[rows], completion_rated[rows]
        return OutcomeGroup(name, len(parts), len(rows), int((a >= 0).sum()),
                            int((a == 1).sum()), int(rated.sum()), int((c[rated] == 1).sum()))

    order = [lv for lv in levels if lv in level_groups] + sorted(
        set(level_groups) - set(levels))
    return CocreationOutcomes(
        tuple(group(f"IAP2 {lv}", level_groups[lv]) for lv in order),
        tuple(group(m, minimum_groups[m]) for m in INVOLVE_GROUPS if m in minimum_groups),
        unmatched)


#: the plans' groups by their IAP2 level during development against Involve
INVOLVE_GROUPS = ("Involve or above", "below Involve", "IAP2 not reported")


def _involve_group(value: Value, involve: Level) -> str:
    if not isinstance(value, Level):
        return INVOLVE_GROUPS[2]
    return INVOLVE_GROUPS[0] if value >= involve else INVOLVE_GROUPS[1]
