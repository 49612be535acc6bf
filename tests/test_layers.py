"""The layer rule of architecture.md, checked on the import graph of the source.

models/ imports nothing of the other packages; io/ reads and writes (models, and the
graphs' export preparation), never scores; scoring/ and graphs/ build on models/ only;
review/ puts scoring/ and graphs/ together for a draft plan, and reads no file; only
the command line and the plots sit above them all. No module reaches into a
private module or a private name of another package.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "irm"

#: irm's shared internals, which every package may use
SHARED = {"irm.errors", "irm._text", "irm._perf", "irm._optional", "irm._html", "irm._version",
          "irm._frozen", "irm._json", "irm._markdown"}
#: package -> the irm packages and modules it may import (besides its own)
ALLOWED = {
    "models": SHARED,
    "io": SHARED | {"irm.models", "irm.graphs.export"},
    "scoring": SHARED | {"irm.models"},
    "graphs": SHARED | {"irm.models"},
    "review": SHARED | {"irm.models", "irm.scoring", "irm.graphs"},
}


def _imports(path: Path) -> list[tuple[int, str, list[str]]]:
    """Every irm import of a module, wherever it stands (functions too): (line, module,
    names)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 \
                and node.module.split(".")[0] == "irm":
            found.append((node.lineno, node.module, [a.name for a in node.names]))
        elif isinstance(node, ast.Import):
            found += [(node.lineno, a.name, []) for a in node.names
                      if a.name.split(".")[0] == "irm"]
    return found


def _module_name(path: Path) -> str:
    parts = path.relative_to(SRC.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = sorted(SRC.rglob("*.py"))


def _allowed(package: str, target: str) -> bool:
    if target == f"irm.{package}" or target.startswith(f"irm.{package}."):
        return True
    return any(target == a or target.startswith(a + ".") for a in ALLOWED[package])


@pytest.mark.parametrize("path", [p for p in MODULES if p.relative_to(SRC).parts[0] in ALLOWED],
                         ids=lambda p: str(p.relative_to(SRC)))
def test_a_layer_imports_only_what_is_below_it(path):
    """Each module of models/, io/, scoring/ and graphs/ imports only its allowed layers."""
    package = path.relative_to(SRC).parts[0]
    wrong = [f"line {line}: {target}" for line, target, _ in _imports(path)
             if not _allowed(package, target)]
    assert not wrong, f"{_module_name(path)} imports above its layer: {wrong}"


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_module_reaches_into_another_packages_private_parts(path):
    """A private module (``irm.io._atomic``) or name (``_pandas``) is its package's own."""
    here = _module_name(path)
    home = ".".join(here.split(".")[:2])
    wrong = []
    for line, target, names in _imports(path):
        parts = target.split(".")
        private = next((k for k, part in enumerate(parts[2:], start=2) if part.startswith("_")),
                       None)
        owner = ".".join(parts[:2])
        if private is not None and owner != home:
            wrong.append(f"line {line}: module {target}")
        wrong += [f"line {line}: {target}.{n}" for n in names
                  if owner != home and n.startswith("_") and not n.startswith("__")]
    assert not wrong, f"{here} uses private parts of another package: {wrong}"


def test_the_rule_catches_an_upward_import(tmp_path):
    """The check itself: an io module importing scoring is reported."""
    module = tmp_path / "bad.py"
    module.write_text("def f():\n    from irm.scoring.derive import derive\n", encoding="utf-8")
    assert [t for _, t, _ in _imports(module) if not _allowed("io", t)] == ["irm.scoring.derive"]


BUILTIN_ERRORS = {"ValueError", "TypeError", "KeyError", "IndexError", "RuntimeError",
                  "ImportError", "Exception", "OSError", "LookupError"}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_every_error_irm_raises_is_an_irm_error(path):
    """No module raises a bare builtin error: each derives from IRMError (and from the
    builtin it refines, so ``except ValueError`` still catches it)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bare = [node.lineno for node in ast.walk(tree) if isinstance(node, ast.Raise)
            and isinstance(node.exc, ast.Call) and isinstance(node.exc.func, ast.Name)
            and node.exc.func.id in BUILTIN_ERRORS]
    assert not bare, f"{_module_name(path)} raises a bare builtin error on lines {bare}"


def test_importing_the_packages_reads_no_data_file():
    """models/ (and the packages above it) read their data files when first asked for,
    never at import: `import irm.models` opens no file of irm/data."""
    import subprocess
    import sys

    script = ("import sys\nopened = []\n"
              "sys.addaudithook(lambda event, args: opened.append(str(args[0])) "
              "if event == 'open' and 'irm' in str(args[0]) and "
              "str(args[0]).endswith(('.json', '.csv')) else None)\n"
              "import irm, irm.models, irm.io, irm.scoring, irm.graphs, irm.cli\n"
              "print(opened)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
