"""Domain values of irm: frozen, validated, free of I/O.

This package imports nothing from the rest of irm.
"""

from irm.models.assessment import ASSESSMENT_COLUMNS, Assessment, Era, classify_eras, era_for_year
from irm.models.commitment import (
    Commitment,
    Institution,
    Milestone,
    clean_commitment_number,
    normalise_institution,
    split_institutions,
)
from irm.models.missing import MISSING_CODES, NA, ND, NR, Missing, is_missing_code
from irm.models.plan import ActionPlan, Member
from irm.models.scales import (
    COMPLETION,
    DIOG_OVERALL,
    DIOG_VALUE,
    EARLY_RESULTS,
    FLAG,
    POTENTIAL_FOR_RESULTS,
    POTENTIAL_IMPACT,
    SCALES,
    SPECIFICITY,
    VERIFIABLE,
    Level,
    OrdinalScale,
)
from irm.models.taxonomy import PolicyArea, Taxonomy, load_taxonomy

__all__ = [
    "ASSESSMENT_COLUMNS",
    "ActionPlan",
    "Assessment",
    "COMPLETION",
    "Commitment",
    "DIOG_OVERALL",
    "DIOG_VALUE",
    "EARLY_RESULTS",
    "Era",
    "FLAG",
    "Institution",
    "Level",
    "MISSING_CODES",
    "Member",
    "Milestone",
    "Missing",
    "NA",
    "ND",
    "NR",
    "OrdinalScale",
    "POTENTIAL_FOR_RESULTS",
    "POTENTIAL_IMPACT",
    "PolicyArea",
    "SCALES",
    "SPECIFICITY",
    "Taxonomy",
    "VERIFIABLE",
    "classify_eras",
    "clean_commitment_number",
    "era_for_year",
    "is_missing_code",
    "load_taxonomy",
    "normalise_institution",
    "split_institutions",
]
