"""IRM assessments of a commitment, and the methodology eras they belong to."""

from __future__ import annotations

import enum
from typing import Any

import attrs
import numpy as np

from irm.errors import InvalidTypeError
from irm.models import scales as S
from irm.models.missing import Missing, ND
from irm.models.scales import Level, OrdinalScale

__all__ = ["Era", "Assessment", "classify_eras", "era_for_year", "RATED_IN", "rated_in"]


class Era(enum.IntEnum):
    """The IRM methodology a row's ratings follow (ogp-data.md §2).

    The first three are methodologies; the last two are rows without design
    ratings. The integer values are the codes used in numpy era arrays.
    """

    LEGACY = 0
    TRANSITIONAL = 1
    REFRESH = 2
    NOT_REVIEWED = 3
    NO_DESIGN_DATA = 4

    @property
    def label(self) -> str:
        return _ERA_LABELS[self]

    @property
    def is_methodology(self) -> bool:
        """True for the three rating methodologies."""
        return self <= Era.REFRESH


_ERA_LABELS = {
    Era.LEGACY: "legacy (pre-2017)",
    Era.TRANSITIONAL: "transitional (2017-2020)",
    Era.REFRESH: "refresh (2021+)",
    Era.NOT_REVIEWED: "not reviewed",
    Era.NO_DESIGN_DATA: "no design data",
}


def classify_eras(specificity: np.ndarray, potential_for_results: np.ndarray,
                  potential_impact: np.ndarray) -> np.ndarray:
    """Era of each row from its code arrays (ogp-data.md §2), vectorised.

    Tests apply in order: numeric Specificity -> legacy; numeric Potential for
    Results -> refresh; numeric Potential Impact -> transitional; Specificity
    ``NR`` -> not reviewed; else no design data.

    Examples
    --------
    >>> nd, nr = ND.code, Missing.NR.code
    >>> classify_eras(np.array([3, nd, nd, nr]), np.array([nd, 1, nd, nr]),
    ...               np.array([2, nd, 1, nr])).tolist()
    [0, 2, 1, 3]
    """
    def num(a: np.ndarray) -> np.ndarray:
        return np.asarray(a) >= 0  # the missing-code sentinels are negative

    return np.select(
        [num(specificity), num(potential_for_results), num(potential_impact),
         np.asarray(specificity) == Missing.NR.code],
        [int(Era.LEGACY), int(Era.REFRESH), int(Era.TRANSITIONAL), int(Era.NOT_REVIEWED)],
        default=int(Era.NO_DESIGN_DATA),
    ).astype(np.int8)


def era_for_year(year_of_submission: int) -> Era:
    """The methodology a plan submitted in ``year_of_submission`` is rated under.

    A rule of thumb from the submission years seen in OGP's data (legacy up to
    2016, transitional 2017-2019, refresh from 2020); an assessment's own era
    is read from its ratings, not from this.

    Examples
    --------
    >>> era_for_year(2018).label
    'transitional (2017-2020)'
    """
    if year_of_submission <= 2016:
        return Era.LEGACY
    if year_of_submission <= 2019:
        return Era.TRANSITIONAL
    return Era.REFRESH


#: The eras whose IRM methodology rates each scale (ogp-data.md §2): Specificity only
#: before 2017, Potential Impact until the Refresh, Potential for Results from it;
#: Verifiable and the OGP values are read in every era (legacy Verifiable from
#: Specificity). An estimate for an era that does not rate its scale is ND.
RATED_IN: dict[str, frozenset[Era]] = {
    "specificity": frozenset({Era.LEGACY}),
    "potential_impact": frozenset({Era.LEGACY, Era.TRANSITIONAL}),
    "potential_for_results": frozenset({Era.REFRESH}),
}


def rated_in(scale: str, era: Era) -> bool:
    """Whether the IRM methodology of ``era`` rates the estimate ``scale``.

    Examples
    --------
    >>> rated_in("specificity", Era.REFRESH), rated_in("verifiable", Era.REFRESH)
    (False, True)
    """
    return era in RATED_IN.get(scale, frozenset(Era))


Value = Level | Missing


def _on(scale: OrdinalScale) -> dict[str, Any]:
    """attrs field options for a rating on ``scale``: strings are parsed,
    anything else must already be a level of that scale or a missing code."""

    def convert(value: Any) -> Any:
        if isinstance(value, str):
            return scale.parse(value)
        if isinstance(value, (int, np.integer)) and not isinstance(value, bool):
            return scale.from_code(int(value))
        return value

    def check(instance: Any, attribute: attrs.Attribute, value: Any) -> None:  # type: ignore[type-arg]
        if isinstance(value, Missing):
            return
        if not isinstance(value, Level) or value.scale != scale.name:
            raise InvalidTypeError(
                f"{attribute.name!r} must be a {scale.name} level or ND/NR/NA", got=value)

    return {"default": ND, "converter": convert, "validator": check}


def _year(value: Any) -> int | Missing:
    if isinstance(value, Missing):
        return value
    if isinstance(value, str):
        missing = Missing.parse(value)
        if missing is not None:
            return missing
    return int(value)


@attrs.frozen
class Assessment:
    """The IRM's ratings of one commitment, with the era they follow.

    Every rating is a :class:`~irm.models.scales.Level` of its scale or one of
    the missing codes; strings and OGP integer codes are converted.

    Examples
    --------
    >>> a = Assessment("VD0001", era=Era.LEGACY, specificity="High",
    ...                potential_impact="Transformative")
    >>> a.specificity > S.SPECIFICITY.level("Medium"), a.completion_end_of_term
    (True, Missing.ND)
    """

    commitment_id: str
    era: Era = attrs.field(converter=Era)
    specificity: Value = attrs.field(**_on(S.SPECIFICITY))
    verifiable: Value = attrs.field(**_on(S.VERIFIABLE))
    access_to_information: Value = attrs.field(**_on(S.FLAG))
    civic_participation: Value = attrs.field(**_on(S.FLAG))
    public_accountability: Value = attrs.field(**_on(S.FLAG))
    technology: Value = attrs.field(**_on(S.FLAG))
    relevant: Value = attrs.field(**_on(S.FLAG))
    potential_impact: Value = attrs.field(**_on(S.POTENTIAL_IMPACT))
    potential_for_results: Value = attrs.field(**_on(S.POTENTIAL_FOR_RESULTS))
    completion_progress: Value = attrs.field(**_on(S.COMPLETION))
    completion_end_of_term: Value = attrs.field(**_on(S.COMPLETION))
    early_results: Value = attrs.field(**_on(S.EARLY_RESULTS))
    diog_overall: Value = attrs.field(**_on(S.DIOG_OVERALL))
    diog_access_to_information: Value = attrs.field(**_on(S.DIOG_VALUE))
    diog_civic_participation: Value = attrs.field(**_on(S.DIOG_VALUE))
    diog_public_accountability: Value = attrs.field(**_on(S.DIOG_VALUE))
    carried_forward: Value = attrs.field(**_on(S.FLAG))
    progress_report_year: int | Missing = attrs.field(default=ND, converter=_year)
    end_of_term_report_year: int | Missing = attrs.field(default=ND, converter=_year)

    def rated(self) -> dict[str, str]:
        """The ratings that are present (not ND/NR/NA), by field, as labels."""
        return {f.name: str(getattr(self, f.name)) for f in attrs.fields(Assessment)
                if f.name not in ("commitment_id", "era")
                and not isinstance(getattr(self, f.name), Missing)}

    def _repr_html_(self) -> str:
        from irm._html import card, table

        rows = []
        for f in attrs.fields(Assessment)[2:]:
            value = getattr(self, f.name)
            shown = f"{value} (missing: {_MEANING[value]})" if isinstance(value, Missing) \
                else str(value)
            rows.append((f.name.replace("_", " "), shown))
        return card(f"IRM assessment of {self.commitment_id}", table(rows, ("rating", "value")),
                    subtitle=f"era: {self.era.label}")


_MEANING = {Missing.ND: "no data for this era or report", Missing.NR: "not yet reviewed",
            Missing.NA: "not applicable"}


#: Assessment field -> export column it is read from and written to.
ASSESSMENT_COLUMNS: dict[str, str] = {
    "specificity": "Specificity",
    "verifiable": "Verifiable",
    "access_to_information": "OGP Value Access To Information",
    "civic_participation": "OGP Value Civic Participation",
    "public_accountability": "OGP Value Public Accountability",
    "technology": "OGP Value Technology",
    "relevant": "_Relevant",
    "potential_impact": "Potential Impact",
    "potential_for_results": "Potential for Results",
    "completion_progress": "Completion (Progress Report)",
    "completion_end_of_term": "Completion (End Of Term)",
    "early_results": "Early Results",
    "diog_overall": "Did It Open Government (Overall)",
    "diog_access_to_information": "Did It Open Government (Access To Information)",
    "diog_civic_participation": "Did It Open Government (Civic Participation)",
    "diog_public_accountability": "Did It Open Government: Public Accountability",
    "carried_forward": "Carried Forward",
    "progress_report_year": "Report Publication Year (Progress Report)",
    "end_of_term_report_year": "Report Publication Year (End Of Term)",
}
__all__.append("ASSESSMENT_COLUMNS")
