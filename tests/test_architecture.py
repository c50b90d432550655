"""The package's shape: each folder imports only what lies below it, and no module imports itself back.

The layers are those of ``docs/architecture.md`` (and each folder's ``__init__``): the
vocabulary, the reference data and the one error type at the bottom; inputs; methods (which know
no files); the table; the report; running it; the command on top. Imports inside functions
count as much as those at the top of a module: a lazy import is still a dependency.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "yjanalysis"

BOTTOM = {"errors", "config", "locks", "vocabulary", "reference", "__init__"}
#: What each part of the package may import (besides itself).
ALLOWED = {
    "errors": set(),
    "config": {"errors"},
    "locks": set(),
    "vocabulary": {"errors"},
    "reference": {"errors", "vocabulary"},
    "inputs": BOTTOM,
    "methods": BOTTOM,
    "table": BOTTOM | {"inputs", "methods"},
    "report": BOTTOM | {"inputs", "methods", "table"},
    "run": BOTTOM | {"inputs", "methods", "table", "report"},
    "cli": BOTTOM | {"inputs", "methods", "table", "report", "run"},
    "__main__": {"cli"},
    "__init__": set(),
}


def _modules() -> dict[str, Path]:
    found = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
        if parts[-1] == "__init__" and len(parts) > 1:
            parts = parts[:-1]
        found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(path: Path) -> set[str]:
    """Every module of the package that ``path`` imports, at any depth of its code."""
    out = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "yjanalysis" or node.module.startswith("yjanalysis."):
                base = node.module.removeprefix("yjanalysis").lstrip(".")
                for alias in node.names:
                    full = f"{base}.{alias.name}".lstrip(".")
                    out.add(full if full in MODULES else base or "__init__")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.startswith("yjanalysis."):
                    out.add(alias.name.removeprefix("yjanalysis."))
    return out


def _part(module: str) -> str:
    return module.split(".")[0]


@pytest.mark.parametrize("module", sorted(MODULES))
def test_a_module_imports_only_what_lies_below_it(module):
    part = _part(module)
    wrong = sorted(
        m for m in _imports(MODULES[module]) if _part(m) != part and _part(m) not in ALLOWED[part]
    )
    assert not wrong, f"{module} ({part}) imports {wrong}: above it or beside it"


def test_no_module_imports_itself_back():
    graph = {m: {i for i in _imports(p) if i in MODULES and i != m} for m, p in MODULES.items()}
    # A package's __init__ may gather its modules; that is not a cycle of code.
    for m, targets in graph.items():
        graph[m] = {t for t in targets if not m.startswith(t + ".") and not t.startswith(m + ".")}
    seen: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        seen[node] = 1
        stack.append(node)
        for nxt in sorted(graph[node]):
            if seen.get(nxt) == 1:
                cycle = [*stack[stack.index(nxt) :], nxt]
                raise AssertionError(f"import cycle: {' -> '.join(cycle)}")
            if nxt not in seen:
                visit(nxt)
        stack.pop()
        seen[node] = 2

    for module in sorted(graph):
        if module not in seen:
            visit(module)


def test_every_folder_says_what_it_is_for_and_what_it_may_import():
    for folder in ("vocabulary", "inputs", "methods", "table", "report", "run"):
        doc = ast.get_docstring(ast.parse((PACKAGE / folder / "__init__.py").read_text()))
        assert doc and "May import" in doc, folder


@pytest.mark.slow
def test_the_api_reference_is_generated_from_the_docstrings(tmp_path):
    import subprocess
    import sys

    done = subprocess.run(
        [sys.executable, "-m", "pdoc", "--docformat", "numpy", "-o", str(tmp_path), "yjanalysis"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    page = (tmp_path / "yjanalysis" / "report" / "sections.html").read_text()
    assert "def trend(" in page or ">trend<" in page
    assert (tmp_path / "yjanalysis" / "report" / "blocks.html").is_file()
