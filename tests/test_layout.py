"""The layout stays readable: docs/layout.md lists every package on disk with what it imports,
and no test module imports another test module or a conftest (shared code lives in
tests/support/, shared fixtures in conftest.py files)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.support.paths import ROOT

LAYOUT = ROOT / "docs" / "layout.md"
NOT_THE_KITS = {".venv", ".venv-proxy", "node_modules", "__pycache__", "artifacts"}
ROW = re.compile(  # | `a/b/` *(planned)* | what it holds | `c/`, `d/` |
    r"^\| `(?P<package>[\w/]+)/`(?P<planned> \*\(planned\)\*)? \|.*\| (?P<imports>.*) \|$"
)


def packages_on_disk() -> set[str]:
    """Every folder below the repository's top that holds Python files, as `a/b`."""
    found = set()
    for path in ROOT.rglob("*.py"):
        folder = path.relative_to(ROOT).parent
        hidden = any(part.startswith(".") or part in NOT_THE_KITS for part in folder.parts)
        if folder.parts and not hidden and not folder.parts[0].endswith(".egg-info"):
            found.add(folder.as_posix())
    return found


def layout_map() -> dict[str, tuple[bool, set[str]]]:
    """Each package the map lists: whether it is planned, and the packages it says it imports."""
    rows = {}
    for line in LAYOUT.read_text().splitlines():
        row = ROW.match(line)
        if row:
            imports = set(re.findall(r"`([\w/]+)/`", row["imports"]))
            rows[row["package"]] = (bool(row["planned"]), imports)
    return rows


def imported_names(path: Path, package: str) -> set[str]:
    """Every module `path` imports, as a dotted name (relative imports resolved)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level:
            base = package.split("/")[: len(package.split("/")) - node.level + 1]
            names.add(".".join([*base, *([node.module] if node.module else [])]))
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def package_of(module: str, packages: set[str]) -> str | None:
    """The kit's package a dotted module name belongs to (the deepest one), or None."""
    parts = module.split(".")
    for end in range(len(parts), 0, -1):
        if "/".join(parts[:end]) in packages:
            return "/".join(parts[:end])
    return None


def imports_of(package: str, packages: set[str]) -> set[str]:
    """The kit's other packages that the modules directly in `package` import."""
    found = set()
    for path in (ROOT / package).glob("*.py"):
        for name in imported_names(path, package):
            owner = package_of(name, packages)
            if owner is not None and owner != package:
                found.add(owner)
    return found


def test_the_layout_map_lists_every_package_on_disk() -> None:
    unlisted = packages_on_disk() - set(layout_map())
    assert unlisted == set(), f"add a row to docs/layout.md for each of {sorted(unlisted)}"


def test_every_package_on_the_layout_map_is_on_disk() -> None:
    on_disk = packages_on_disk()
    rows = layout_map()
    missing = {p for p, (planned, _) in rows.items() if not planned and p not in on_disk}
    arrived = {p for p, (planned, _) in rows.items() if planned and p in on_disk}
    assert missing == set(), f"docs/layout.md lists packages that are not on disk: {missing}"
    assert arrived == set(), f"in docs/layout.md, these are no longer planned: {arrived}"


def test_the_layout_map_says_what_each_package_imports() -> None:
    on_disk = packages_on_disk()
    wrong = {}
    for package, (planned, said) in layout_map().items():
        if not planned and package in on_disk:
            actual = imports_of(package, on_disk)
            if actual != said:
                wrong[package] = {"imports": sorted(actual), "the map says": sorted(said)}
    assert wrong == {}, f"correct the imports column of docs/layout.md: {wrong}"


def test_no_test_module_imports_another_test_module_or_a_conftest() -> None:
    offenders = []
    for path in sorted((ROOT / "tests").rglob("*.py")):
        package = path.relative_to(ROOT).parent.as_posix()
        for name in imported_names(path, package):
            last = name.split(".")[-1]
            if name.startswith("tests.") and (last.startswith("test_") or last == "conftest"):
                offenders.append(f"{path.relative_to(ROOT)} imports {name}")
    assert offenders == [], "move what they share to tests/support/ or a conftest.py"


# What makes a test module slow, and the marker that keeps it out of `make check`.
SLOW_BY_IMPORT = {
    "tests.support.notebooks": {"notebooks", "rehearsal"},  # runs notebooks in kernels
    "tests.support.browser": {"browser"},  # JupyterLab and Chromium
    "tests.support.rehearsal": {"rehearsal"},  # mitmproxy and the walkthrough, live
    "schemathesis": {"fuzz"},  # requests generated from Twilio's specs
}


def module_marks(path: Path) -> set[str]:
    """The markers a test module's `pytestmark` gives all its tests."""
    marks = set()
    for node in ast.parse(path.read_text(), filename=str(path)).body:
        targets = [t.id for t in getattr(node, "targets", []) if isinstance(t, ast.Name)]
        if "pytestmark" in targets:
            marks |= {
                mark.attr
                for mark in ast.walk(node.value)
                if isinstance(mark, ast.Attribute)
                and isinstance(mark.value, ast.Attribute)
                and mark.value.attr == "mark"
            }
    return marks


def test_slow_test_modules_carry_the_marker_that_keeps_them_out_of_make_check() -> None:
    unmarked = []
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        package = path.relative_to(ROOT).parent.as_posix()
        imported = imported_names(path, package)
        for module, marks in SLOW_BY_IMPORT.items():
            if module in imported and not marks & module_marks(path):
                unmarked.append(f"{path.relative_to(ROOT)} ({module}): mark it {sorted(marks)}")
    assert unmarked == []
