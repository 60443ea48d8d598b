"""The package's shape: dependencies point one way between stages, no module imports itself
back through another, and importing docgen (or its CLI) loads none of the heavy libraries."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import docgen

PACKAGE = Path(docgen.__file__).parent

# Left to right, as data flows: a module may import from its own stage or any stage before it.
STAGES = [
    {"errors", "resources", "filenames", "tempdirs", "digests"},
    {"standard"},
    {"notice"},
    {"compose"},
    {"libreoffice", "pdf"},
    {"checks", "pipelines", "ingest"},
    {"archive"},
    {"api", "results"},
    {"cli", "desk", "__init__", "__main__"},  # two front ends: the command line and the desk
]
RANK = {name: rank for rank, names in enumerate(STAGES) for name in names}
HEAVY = ("pymupdf", "fitz", "pyhanko", "docx", "docxtpl", "pydantic", "lxml", "ruamel.yaml",
         "jinja2", "pypdf", "openpyxl", "xlrd")


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> set[str]:
    """Every docgen module ``path`` imports, at any depth (functions and TYPE_CHECKING too);
    ``from package import module`` counts as importing the module, not the package."""
    known = set(MODULES)
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = absolute(node, path)
            if base.split(".")[0] != "docgen":
                continue
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                found.add(submodule if submodule in known else base)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("docgen")}
    return found


def absolute(node: ast.ImportFrom, path: Path) -> str:
    if not node.level:
        return node.module or ""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    base = package[: len(package) - node.level + 1]
    return ".".join([*base, node.module] if node.module else base)


MODULES = {module_name(path): path for path in PACKAGE.rglob("*.py")}


def stage_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def graph() -> dict[str, set[str]]:
    return {name: {target for target in imported_modules(path) if target in MODULES}
            for name, path in MODULES.items()}


def test_every_stage_imports_only_from_itself_or_earlier_stages() -> None:
    wrong = [f"{source} → {target}" for source, targets in graph().items()
             for target in targets
             if RANK[stage_of(target)] > RANK[stage_of(source)]]
    assert wrong == []


def test_every_stage_folder_is_known_and_says_what_it_is() -> None:
    for folder in (p for p in PACKAGE.iterdir() if (p / "__init__.py").exists()):
        assert folder.name in RANK, f"{folder.name} is not placed in STAGES"
        doc = ast.get_docstring(ast.parse((folder / "__init__.py").read_text(encoding="utf-8")))
        assert doc, f"{folder.name}/__init__.py has no docstring"


def test_no_import_cycles() -> None:
    edges = graph()
    state: dict[str, str] = {}
    cycles: list[list[str]] = []

    def visit(node: str, trail: list[str]) -> None:
        state[node] = "open"
        for target in sorted(edges[node]):
            if state.get(target) == "open":
                cycles.append([*trail[trail.index(target):], target] if target in trail
                              else [node, target])
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = "done"

    for start in sorted(edges):
        if start not in state:
            visit(start, [start])
    assert cycles == []


def test_importing_docgen_and_its_cli_loads_no_heavy_library() -> None:
    probe = ("import sys, docgen, docgen.cli; "
             f"print(sorted(m for m, module in sys.modules.items() if module is not None "
             f"and (m.split('.')[0] in {HEAVY!r} or m in {HEAVY!r})))")  # None: blocked
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True).stdout.strip()
    assert loaded == "[]"


def test_the_cli_imports_only_the_api() -> None:
    for path in (PACKAGE / "cli").glob("*.py"):
        outside = {m for m in imported_modules(path)
                   if stage_of(m) not in ("cli", "api", "desk", "__init__")}
        assert outside == set(), path.name
