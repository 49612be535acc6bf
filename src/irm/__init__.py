"""irm: assess Open Government Partnership commitments the way the IRM does.

The main verbs live here; everything else at ``irm.<package>`` (``irm.models``,
``irm.io``, ``irm.scoring``, ``irm.graphs``). Names load when first used, so
``import irm`` stays cheap, and a type checker sees each with its real type::

    import irm
    table = irm.read_ogp_csv(irm.sample_path())
    derived = irm.derive(table)
    irm.explain(table, 0)            # why the first commitment is (not) starred
    estimates = irm.estimate(table)  # estimates from text, with evidence
    irm.evaluate(table, cv=5)        # how they agree with the IRM's ratings
"""

from __future__ import annotations

import importlib
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

from irm._version import __version__ as __version__

#: public name -> (module, name there)
_EXPORTS: dict[str, tuple[str, str]] = {
    # reading and writing
    "read_ogp_csv": ("irm.io.ogp_csv", "read_ogp_csv"),
    "write_ogp_csv": ("irm.io.ogp_csv", "write_ogp_csv"),
    "validate_ogp_csv": ("irm.io.ogp_csv", "validate_ogp_csv"),
    "read_jsonl": ("irm.io.jsonl", "read_jsonl"),
    "write_jsonl": ("irm.io.jsonl", "write_jsonl"),
    "to_frame": ("irm.io.frame", "to_frame"),
    "from_frame": ("irm.io.frame", "from_frame"),
    "read_calibration": ("irm.io.datafiles", "read_calibration"),
    "write_calibration": ("irm.io.datafiles", "write_calibration"),
    "read_lexicon": ("irm.io.datafiles", "read_lexicon"),
    "read_graph": ("irm.io.graph_files", "read_graph"),
    "read_process_csv": ("irm.io.process_csv", "read_process_csv"),
    "write_process_csv": ("irm.io.process_csv", "write_process_csv"),
    "write_graph": ("irm.io.graph_files", "write_graph"),
    # the models
    "CommitmentTable": ("irm.models.table", "CommitmentTable"),
    "concat_tables": ("irm.models.table", "concat_tables"),
    "Commitment": ("irm.models.commitment", "Commitment"),
    "Assessment": ("irm.models.assessment", "Assessment"),
    "Era": ("irm.models.assessment", "Era"),
    "Member": ("irm.models.plan", "Member"),
    "ActionPlan": ("irm.models.plan", "ActionPlan"),
    "Missing": ("irm.models.missing", "Missing"),
    "ND": ("irm.models.missing", "ND"),
    "NR": ("irm.models.missing", "NR"),
    "NA": ("irm.models.missing", "NA"),
    "Calibration": ("irm.models.calibration", "Calibration"),
    "LexiconDefinition": ("irm.models.lexicon", "LexiconDefinition"),
    "load_taxonomy": ("irm.models.taxonomy", "load_taxonomy"),
    "load_pledges": ("irm.models.pledges", "load_pledges"),
    "load_members": ("irm.models.members", "load_members"),
    "load_calibration": ("irm.models.calibration", "load_calibration"),
    "load_cocreation_rules": ("irm.models.cocreation", "load_cocreation_rules"),
    "ProcessTable": ("irm.models.process", "ProcessTable"),
    # the IRM's indicators
    "derive": ("irm.scoring.derive", "derive"),
    "compare": ("irm.scoring.derive", "compare"),
    "explain": ("irm.scoring.derive", "explain"),
    "DerivationSettings": ("irm.scoring.indicators", "DerivationSettings"),
    "summarize": ("irm.scoring.summary", "summarize"),
    "extract_milestones": ("irm.scoring.milestones", "extract_milestones"),
    "smart_check": ("irm.scoring.milestones", "smart_check"),
    # co-creation
    "assess_plans": ("irm.scoring.cocreation", "assess_plans"),
    "explain_cocreation": ("irm.scoring.cocreation", "explain_cocreation"),
    "compare_process": ("irm.scoring.cocreation", "compare_process"),
    "derive_process": ("irm.scoring.cocreation", "derive_process"),
    "cocreation_outcomes": ("irm.scoring.cocreation", "cocreation_outcomes"),
    # estimates from text
    "estimate": ("irm.scoring.estimate.estimates", "estimate"),
    "PreAssessor": ("irm.scoring.estimate.estimator", "PreAssessor"),
    "fit_calibration": ("irm.scoring.estimate.estimator", "fit_calibration"),
    "evaluate": ("irm.scoring.estimate.evaluation", "evaluate_table"),
    # the commitment graph
    "build_graph": ("irm.graphs.build", "build_graph"),
    "pledge_coverage": ("irm.graphs.analysis", "pledge_coverage"),
    "coverage_gaps": ("irm.graphs.analysis", "coverage_gaps"),
    "continuity_links": ("irm.graphs.continuity", "continuity_links"),
    # similar commitments, draft review
    "similar": ("irm.scoring.similar", "similar"),
    "build_index": ("irm.scoring.similar", "build_index"),
    "read_draft": ("irm.io.drafts", "read_draft"),
    "review_draft": ("irm.review.draft", "review_draft"),
    "render_review": ("irm.review.render", "render_review"),
    # errors
    "IRMError": ("irm.errors", "IRMError"),
    "InvalidValueError": ("irm.errors", "InvalidValueError"),
    "MissingColumnError": ("irm.errors", "MissingColumnError"),
    "MalformedRowError": ("irm.errors", "MalformedRowError"),
    "InvalidEncodingError": ("irm.errors", "InvalidEncodingError"),
    "DuplicateIdError": ("irm.errors", "DuplicateIdError"),
    "DataFileError": ("irm.errors", "DataFileError"),
    "NotFittedError": ("irm.errors", "NotFittedError"),
}

if TYPE_CHECKING:  # what a type checker sees: the same names, with their types (re-exported)
    from irm.errors import (
        DataFileError as DataFileError,
        DuplicateIdError as DuplicateIdError,
        InvalidEncodingError as InvalidEncodingError,
        InvalidValueError as InvalidValueError,
        IRMError as IRMError,
        MalformedRowError as MalformedRowError,
        MissingColumnError as MissingColumnError,
        NotFittedError as NotFittedError,
    )
    from irm.graphs.analysis import (
        coverage_gaps as coverage_gaps,
        pledge_coverage as pledge_coverage,
    )
    from irm.graphs.build import (
        build_graph as build_graph,
    )
    from irm.graphs.continuity import (
        continuity_links as continuity_links,
    )
    from irm.io.datafiles import (
        read_calibration as read_calibration,
        read_lexicon as read_lexicon,
        write_calibration as write_calibration,
    )
    from irm.io.drafts import (
        read_draft as read_draft,
    )
    from irm.io.frame import (
        from_frame as from_frame,
        to_frame as to_frame,
    )
    from irm.io.graph_files import (
        read_graph as read_graph,
        write_graph as write_graph,
    )
    from irm.io.jsonl import (
        read_jsonl as read_jsonl,
        write_jsonl as write_jsonl,
    )
    from irm.io.ogp_csv import (
        read_ogp_csv as read_ogp_csv,
        validate_ogp_csv as validate_ogp_csv,
        write_ogp_csv as write_ogp_csv,
    )
    from irm.io.process_csv import (
        read_process_csv as read_process_csv,
        write_process_csv as write_process_csv,
    )
    from irm.models.assessment import (
        Assessment as Assessment,
        Era as Era,
    )
    from irm.models.calibration import (
        Calibration as Calibration,
        load_calibration as load_calibration,
    )
    from irm.models.cocreation import (
        load_cocreation_rules as load_cocreation_rules,
    )
    from irm.models.commitment import (
        Commitment as Commitment,
    )
    from irm.models.lexicon import (
        LexiconDefinition as LexiconDefinition,
    )
    from irm.models.members import (
        load_members as load_members,
    )
    from irm.models.missing import (
        NA as NA,
        ND as ND,
        NR as NR,
        Missing as Missing,
    )
    from irm.models.plan import (
        ActionPlan as ActionPlan,
        Member as Member,
    )
    from irm.models.pledges import (
        load_pledges as load_pledges,
    )
    from irm.models.process import (
        ProcessTable as ProcessTable,
    )
    from irm.models.table import (
        CommitmentTable as CommitmentTable,
        concat_tables as concat_tables,
    )
    from irm.models.taxonomy import (
        load_taxonomy as load_taxonomy,
    )
    from irm.scoring.cocreation import (
        assess_plans as assess_plans,
        cocreation_outcomes as cocreation_outcomes,
        compare_process as compare_process,
        derive_process as derive_process,
        explain_cocreation as explain_cocreation,
    )
    from irm.scoring.derive import (
        compare as compare,
        derive as derive,
        explain as explain,
    )
    from irm.scoring.estimate.estimates import (
        estimate as estimate,
    )
    from irm.scoring.estimate.estimator import (
        PreAssessor as PreAssessor,
        fit_calibration as fit_calibration,
    )
    from irm.scoring.estimate.evaluation import (
        evaluate_table as evaluate,
    )
    from irm.scoring.indicators import (
        DerivationSettings as DerivationSettings,
    )
    from irm.scoring.milestones import (
        extract_milestones as extract_milestones,
        smart_check as smart_check,
    )
    from irm.scoring.similar import (
        build_index as build_index,
        similar as similar,
    )
    from irm.scoring.summary import (
        summarize as summarize,
    )
    from irm.review.draft import (
        review_draft as review_draft,
    )
    from irm.review.render import (
        render_review as render_review,
    )

__all__ = sorted([*_EXPORTS, "sample_path", "sample_process_path", "sample_draft_path",
                  "__version__"])
#: for a type checker, the packages (irm.plots needs matplotlib: irm[plots])
if TYPE_CHECKING:
    from irm import graphs as graphs
    from irm import io as io
    from irm import models as models
    from irm import plots as plots
    from irm import review as review
    from irm import scoring as scoring


def sample_path() -> Path:
    """Path of the bundled sample export (a fictional member's action plans)."""
    return Path(str(resources.files("irm.data").joinpath("sample_plan.csv")))


def sample_draft_path() -> Path:
    """Path of the bundled sample draft plan (the same fictional member's 7th, as JSON:
    titles, texts and milestones, no ratings), for ``irm review``."""
    return Path(str(resources.files("irm.data").joinpath("sample_draft.json")))


def sample_process_path() -> Path:
    """Path of the bundled sample co-creation file (the same fictional member's plans 6
    and 7, recorded against the 2022 standards)."""
    return Path(str(resources.files("irm.data").joinpath("sample_process.csv")))


#: the packages, and the optional plots, reachable as irm.<name> without an import of theirs
_SUBMODULES = ("models", "io", "scoring", "graphs", "review", "plots")


def __getattr__(name: str) -> Any:
    if name in _SUBMODULES:
        package = importlib.import_module(f"irm.{name}")
        globals()[name] = package
        return package
    found = _EXPORTS.get(name)
    if found is None:
        raise AttributeError(f"module 'irm' has no attribute {name!r}")
    home, attribute = found
    value = getattr(importlib.import_module(home), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
