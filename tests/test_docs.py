"""The README and docs/: every relative link leads somewhere, the README stays short and links
every page, and the code's pointers into them name sections that exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
README_MAX_LINES = 150

FENCE = re.compile(r"^```.*?^```", re.MULTILINE | re.DOTALL)
CODE_SPAN = re.compile(r"`[^`\n]*`")
LINK = re.compile(r"\[[^\]\n]*\]\(([^)\s]+)\)")
HEADING = re.compile(r"^#{1,6}\s+(.+?)\s*#*\s*$", re.MULTILINE)
# Pointers in code and notebooks: `docs/live.md#the-rehearsal`, or README, "Going live".
DOCS_POINTER = re.compile(r"docs/([\w-]+\.md)(#[\w-]+)?")
README_POINTER = re.compile(r"README(?:'s)?,?\s+\\?\"([^\"\\]+)\\?\"")
POINTER_SOURCES = (
    "helpers",
    "lab_contract",
    "sandbox",
    "teaching",
    "notebooks",
    "bench",
    "solutions",
    ".ci",
)


def pages() -> list[Path]:
    return [README, *sorted(DOCS.glob("*.md"))]


def slug(heading: str) -> str:
    """A heading's anchor as GitHub makes it: lower case, punctuation dropped, spaces to '-'."""
    text = heading.replace("`", "").strip().lower()
    return re.sub(r"[^\w\- ]", "", text).replace(" ", "-")


def anchors(page: Path) -> set[str]:
    return {slug(h) for h in HEADING.findall(FENCE.sub("", page.read_text()))}


def broken_links(page: Path) -> list[str]:
    """Each relative link of `page` whose file, or whose anchor's heading, does not exist."""
    text = CODE_SPAN.sub("", FENCE.sub("", page.read_text()))
    broken = []
    for target in LINK.findall(text):
        if re.match(r"[a-z]+:", target):  # https:, mailto:: Twilio's pages, not files here
            continue
        path, _, anchor = target.partition("#")
        file = (page.parent / path).resolve() if path else page
        if not file.exists():
            broken.append(f"{target}: no file {file}")
        elif anchor and (file.suffix != ".md" or anchor not in anchors(file)):
            broken.append(f"{target}: no heading #{anchor} in {file.name}")
    return broken


@pytest.mark.parametrize("page", pages(), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_relative_link_leads_to_a_file_and_heading(page: Path) -> None:
    assert broken_links(page) == []


def test_the_link_check_finds_a_missing_file_and_a_missing_heading(tmp_path: Path) -> None:
    (tmp_path / "other.md").write_text("# Other\n\n## A section\n")
    page = tmp_path / "page.md"
    page.write_text(
        "# Page\n\n[fine](other.md#a-section) [gone](missing.md) [no heading](other.md#nowhere)"
        " [here](#page) [`code`](other.md)\n\n```\n[in a fence](missing.md)\n```\n"
    )
    assert broken_links(page) == [
        f"missing.md: no file {tmp_path / 'missing.md'}",
        "other.md#nowhere: no heading #nowhere in other.md",
    ]


def test_the_readme_is_short_enough_for_a_learner() -> None:
    lines = len(README.read_text().splitlines())
    assert lines <= README_MAX_LINES, f"README.md has {lines} lines; move details into docs/"


def test_every_docs_page_is_linked_from_the_readme() -> None:
    linked = {
        (ROOT / target.partition("#")[0]).resolve()
        for target in LINK.findall(FENCE.sub("", README.read_text()))
        if target.startswith("docs/")
    }
    unlinked = [p.name for p in sorted(DOCS.glob("*.md")) if p.resolve() not in linked]
    assert unlinked == [], f"docs pages the README does not link: {unlinked}"


def test_every_docs_page_has_a_title() -> None:
    untitled = [p.name for p in DOCS.glob("*.md") if not p.read_text().startswith("# ")]
    assert untitled == []


def pointer_files() -> list[Path]:
    files = [ROOT / "Makefile"]
    for folder in POINTER_SOURCES:
        files += [p for p in (ROOT / folder).rglob("*") if p.is_file() and _is_source(p)]
    return files


def _is_source(path: Path) -> bool:
    """The kit's own files: not what npm installed beside them (bench/.node/: Prism's packages,
    whose READMEs point at docs of their own)."""
    generated = {".ipynb_checkpoints", "node_modules"}
    return path.suffix in {".py", ".ipynb", ".md", ""} and not generated & set(path.parts)


def test_pointers_in_the_code_name_pages_and_sections_that_exist() -> None:
    """A comment or a printed sentence that sends the reader to the README or a docs page names
    one that exists, and a section of it that exists."""
    readme_sections = {h.replace("`", "") for h in HEADING.findall(README.read_text())}
    wrong = []
    for file in pointer_files():
        text = file.read_text(errors="replace")
        where = file.relative_to(ROOT).as_posix()
        for page, anchor in DOCS_POINTER.findall(text):
            if not (DOCS / page).exists():
                wrong.append(f"{where}: docs/{page} does not exist")
            elif anchor and anchor[1:] not in anchors(DOCS / page):
                wrong.append(f"{where}: docs/{page} has no heading {anchor}")
        for section in README_POINTER.findall(text):
            if section not in readme_sections:
                wrong.append(f'{where}: README has no section "{section}"')
    assert wrong == []
