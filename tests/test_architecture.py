"""The kit and the emulator stand apart: no import either way, only the documented HTTP calls
and the contract (`lab_contract`), which both import and which imports only the standard library."""

from __future__ import annotations

import ast
import importlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import lab_contract
from lab_contract import paths

ROOT = Path(__file__).resolve().parent.parent


def _imported_modules(package: str) -> set[tuple[str, str]]:
    found = set()
    for path in (ROOT / package).rglob("*.py"):
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found |= {(str(path.relative_to(ROOT)), alias.name) for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add((str(path.relative_to(ROOT)), node.module))
    return found


def test_the_sandbox_imports_nothing_from_the_kits_helpers() -> None:
    offenders = {(f, m) for f, m in _imported_modules("sandbox") if m.split(".")[0] == "helpers"}
    assert offenders == set()


def test_the_helpers_import_nothing_of_the_sandbox() -> None:
    offenders = {(f, m) for f, m in _imported_modules("helpers") if m.split(".")[0] == "sandbox"}
    assert offenders == set()


def test_importing_the_kit_loads_no_server_and_no_database() -> None:
    script = (
        "import sys, helpers, helpers.forms, helpers.views, helpers.phones, helpers.cleanup, "
        "helpers.kit_marks, "
        "helpers.sandbox_api, helpers.tokens\n"
        "print('\\n'.join(sorted(sys.modules)))"
    )
    loaded = set(
        subprocess.run(
            [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=ROOT
        ).stdout.split()
    )
    heavy = {"starlette", "uvicorn", "sqlite3", "_sqlite3", "sandbox"}
    assert {name.split(".")[0] for name in loaded} & heavy == set()


def test_the_contract_imports_only_the_standard_library() -> None:
    imported = {m.split(".")[0] for _, m in _imported_modules("lab_contract")}
    outside = imported - set(sys.stdlib_module_names) - {"__future__", "lab_contract"}
    assert outside == set()


def _contract_constants() -> dict[str, object]:
    """Every constant of the contract (an upper-case name bound to a value of its own)."""
    found = {}
    for path in (ROOT / "lab_contract").glob("*.py"):
        module = importlib.import_module(f"lab_contract.{path.stem}")
        for node in ast.parse(path.read_text()).body:
            targets = node.targets if isinstance(node, ast.Assign) else []
            for target in targets:
                if isinstance(target, ast.Name) and target.id.isupper() and target.id[0] != "_":
                    found[target.id] = getattr(module, target.id)
    return found


def _bound_names(package: str) -> list[tuple[str, str, object]]:
    """(file, name, value) of each module-level name bound to a literal in `package`."""
    bound = []
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                try:
                    value = ast.literal_eval(node.value)
                except ValueError:
                    continue
                for target in targets:
                    if isinstance(target, ast.Name):
                        bound.append((str(path.relative_to(ROOT)), target.id, value))
    return bound


# Names whose value happens to equal one of the contract's but means something else: the kit's
# mark on what it creates and the walkthrough's conversation are spelled as the app's name.
SAME_VALUE_OTHER_MEANING = {"KIT", "CONVERSATION"}


@pytest.mark.parametrize("package", ["helpers", "sandbox", "sandbox_pytest"])
def test_both_sides_import_the_contracts_names_and_copy_none(package: str) -> None:
    """A constant of the contract (by its name, or a string value of its own) defined again
    in `package` is a copy that can drift: import it from `lab_contract` instead."""
    constants = _contract_constants()
    generic = {constants["DEFAULT_HOST"]}  # loopback: any server here may listen there
    own_values = {v for v in constants.values() if isinstance(v, str) and len(v) > 4} - generic
    copies = [
        (where, name)
        for where, name, value in _bound_names(package)
        if name in constants
        or (isinstance(value, str) and value in own_values and name not in SAME_VALUE_OTHER_MEANING)
    ]
    assert copies == []


def test_the_contracts_constants_are_found_by_the_copy_check() -> None:
    constants = _contract_constants()
    assert {"DEFAULT_SANDBOX_AUTH_TOKEN", "SERVICE_NAME", "PHONE_STATES", "STATE_FOLDER"} <= set(
        constants
    )
    assert "FORMAT_VERSION" in constants and "LOOPBACK_HOSTS" in constants


@pytest.mark.parametrize("xdg", ["", "/srv/state", "relative/ignored"])
def test_the_sandboxs_state_is_in_the_checkout_or_the_users_state_folder(
    tmp_path: Path, xdg: str
) -> None:
    """The user's own checkout holds `.sandbox/`; a kit that is not theirs, their state folder."""
    env = {"HOME": str(tmp_path / "home"), "XDG_STATE_HOME": xdg}
    assert paths.state_dir(env) == ROOT / ".sandbox"
    shared = tmp_path / "shared-kit"
    shared.mkdir()
    if os.geteuid() == 0:
        os.chown(shared, 65534, 65534)  # a kit that is not root's own
    else:
        shared.chmod(0o555)  # a read-only kit
    expected_base = "/srv/state" if xdg == "/srv/state" else str(tmp_path / "home/.local/state")
    assert str(paths.state_dir(env, shared)).startswith(expected_base + "/group-texting-lab/")
    assert paths.default_db(env) == ROOT / ".sandbox" / "sandbox.db"


def test_the_contract_is_one_package_both_sides_import() -> None:
    users = {
        package
        for package in ("helpers", "sandbox")
        if any(m.split(".")[0] == "lab_contract" for _, m in _imported_modules(package))
    }
    assert users == {"helpers", "sandbox"}
    assert Path(lab_contract.__file__).parent == ROOT / "lab_contract"


def _learners_imports() -> set[tuple[str, str, str]]:
    """(file, module, name) of every `from helpers... import name` in notebooks and solutions."""
    found = set()
    sources = [(p, json.loads(p.read_text())) for p in (ROOT / "notebooks").rglob("*.ipynb")]
    texts = [
        (path, "".join(line for line in cell["source"] if not line.startswith(("%", "!"))))
        for path, book in sources
        for cell in book["cells"]
        if cell["cell_type"] == "code"
    ]
    texts += [(path, path.read_text()) for path in (ROOT / "solutions").glob("*.py")]
    for path, text in texts:
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("helpers"):
                where = str(path.relative_to(ROOT))
                found |= {(where, str(node.module), alias.name) for alias in node.names}
            elif isinstance(node, ast.Import):
                found |= {
                    (str(path.relative_to(ROOT)), alias.name, "")
                    for alias in node.names
                    if alias.name.startswith("helpers")
                }
    return found


def test_notebooks_and_solutions_import_only_the_helpers_public_names() -> None:
    """Plumbing (`helpers._local`) stays out of the lessons, and each public name has one
    import path: `connect`, `describe` and `is_sandbox` from `helpers` itself."""
    imports = _learners_imports()
    assert imports, "no import of helpers found: the scan is broken"
    private = {i for i in imports if i[1].startswith("helpers._local")}
    assert private == set()
    assert {i for i in imports if i[1] == "helpers.connect"} == set()


def test_each_name_a_lesson_imports_comes_from_one_module() -> None:
    homes: dict[str, set[str]] = {}
    for _, module, name in _learners_imports():
        if name:
            homes.setdefault(name, set()).add(module)
    assert {name: m for name, m in homes.items() if len(m) > 1} == {}
