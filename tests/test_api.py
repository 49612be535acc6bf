"""The public surface: the main verbs at ``irm.*``, typed for a type checker."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import irm

ROOT = Path(__file__).resolve().parents[1]
INIT = ROOT / "src" / "irm" / "__init__.py"


def test_every_public_name_resolves():
    """Each name of irm.__all__ loads, and is what its module defines."""
    for name in irm.__all__:
        assert getattr(irm, name) is not None, name
    assert irm.evaluate.__name__ == "evaluate_table"
    assert irm.derive.__module__ == "irm.scoring.derive"


def test_the_type_checkers_view_lists_the_same_names():
    """The TYPE_CHECKING imports (what mypy sees) and the lazy table (what runs) agree."""
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    checked, packages = {}, set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for child in node.body:
                assert isinstance(child, ast.ImportFrom)
                for alias in child.names:
                    assert alias.asname is not None  # re-exported explicitly
                    if child.module == "irm":
                        packages.add(alias.name)
                    else:
                        checked[alias.asname] = (child.module, alias.name)
    assert checked == irm._EXPORTS
    assert packages == set(irm._SUBMODULES)


@pytest.mark.skipif(shutil.which("mypy") is None and not any(
    (Path(p) / "mypy").exists() for p in sys.path), reason="mypy is not installed")
def test_a_type_checker_reports_a_client_misusing_the_api(tmp_path):
    """mypy --strict on a script that misuses irm.* reports each misuse."""
    client = tmp_path / "client.py"
    client.write_text("import irm\n"
                      "table = irm.read_ogp_csv(42)\n"
                      "n: str = len(table)\n"
                      "irm.explain(table, 'first')\n"
                      "irm.estimate(table, calibraton=None)\n", encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--follow-imports=silent",
                           "--no-error-summary", "--cache-dir", str(tmp_path / "cache"),
                           str(client)], capture_output=True, text=True, cwd=ROOT)
    lines = done.stdout.splitlines()
    assert done.returncode == 1
    for line, needle in ((2, 'Argument 1 to "read_ogp_csv" has incompatible type "int"'),
                         (3, "Incompatible types in assignment"),
                         (4, 'Argument 2 to "explain" has incompatible type "str"'),
                         (5, 'Unexpected keyword argument "calibraton"')):
        assert any(f"client.py:{line}:" in x and needle in x for x in lines), (needle, lines)


@pytest.mark.skipif(shutil.which("mypy") is None and not any(
    (Path(p) / "mypy").exists() for p in sys.path), reason="mypy is not installed")
def test_the_package_type_checks_strictly(tmp_path):
    """irm itself passes mypy --strict (pyproject's settings)."""
    done = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "c")],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stdout


def test_the_main_workflow_needs_only_irm():
    """Read, derive, explain, estimate, evaluate and graph through irm.* alone."""
    table = irm.read_ogp_csv(irm.sample_path())
    derived = irm.derive(table)
    assert irm.explain(derived, 0).verdict in ("starred", "not starred") or \
        irm.explain(derived, 0).verdict.startswith("no star")
    estimates = irm.estimate(table)
    assert len(estimates) == len(table)
    report = irm.evaluate(table, estimates=estimates, bootstrap_rounds=0)
    assert report.ratings
    graph = irm.build_graph(derived)
    assert graph.number_of_nodes() > len(table)


#: positional defaults kept on purpose: dict.get's convention
POSITIONAL_DEFAULTS = {("irm.models.table", "get")}


def test_options_are_keyword_only():
    """No public function or method takes an optional argument positionally (a boolean
    or a setting passed by position is a misreading waiting to happen)."""
    src = ROOT / "src" / "irm"
    found = []
    for path in sorted(src.rglob("*.py")):
        parts = path.relative_to(src.parent).with_suffix("").parts
        if any(p.startswith("_") and p != "__init__" for p in parts) or parts[-1] == "cli":
            continue
        module = ".".join(parts)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        nodes = [*tree.body, *(n for c in tree.body if isinstance(c, ast.ClassDef)
                               for n in c.body)]  # functions and methods, not nested helpers
        for node in nodes:
            if isinstance(node, ast.FunctionDef) and not node.name.startswith("_") \
                    and node.args.defaults and (module, node.name) not in POSITIONAL_DEFAULTS:
                found.append(f"{module}.{node.name} (line {node.lineno})")
    assert not found, found
