"""Scoring: exact IRM indicators, text estimates, completion, agreement, summaries.

Nothing here reads or writes files.
"""

from irm.scoring.derive import (
    ANOMALY_CLASSES,
    DerivationReport,
    Difference,
    Explanation,
    compare,
    derive,
    derive_columns,
    explain,
)
from irm.scoring.indicators import STAR_RULES, DerivationSettings

__all__ = [
    "ANOMALY_CLASSES",
    "DerivationReport",
    "DerivationSettings",
    "Difference",
    "Explanation",
    "STAR_RULES",
    "compare",
    "derive",
    "derive_columns",
    "explain",
]
