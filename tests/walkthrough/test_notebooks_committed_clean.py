"""Notebooks are committed without outputs or execution counts (what nbstripout would do)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from tests.support.paths import ROOT

NOTEBOOKS = sorted((ROOT / "notebooks").rglob("*.ipynb"))


def test_there_is_a_walkthrough() -> None:
    assert [p.name for p in NOTEBOOKS if p.name.startswith(("00_", "99_"))] == [
        "00_setup.ipynb",
        "99_clean_up.ipynb",
    ]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_has_no_outputs(path: Path) -> None:
    book = nbformat.read(path, as_version=4)
    nbformat.validate(book)
    dirty = [
        i
        for i, cell in enumerate(book.cells)
        if cell.cell_type == "code" and (cell.outputs or cell.execution_count is not None)
    ]
    assert not dirty, f"{path.name}: cells {dirty} have outputs; run nbstripout {path}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_uses_the_kits_kernel(path: Path) -> None:
    book = nbformat.read(path, as_version=4)
    assert book.metadata.get("kernelspec", {}).get("name") == "python3"
