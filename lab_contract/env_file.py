"""The kit's settings: the process environment over the values of a git-ignored `.env` file.

Both the helpers and the sandbox read their settings here. The file's syntax is
python-dotenv's (https://github.com/theskumar/python-dotenv#file-format): `KEY=value` lines,
an optional `export `, single- or double-quoted values (which may span lines), `#` comments,
and `${NAME}` or `${NAME:-default}` taken from the file's earlier lines, else the environment.
"""

from __future__ import annotations

import codecs
import os
import re
from collections.abc import Mapping
from pathlib import Path

from lab_contract.paths import KIT_ROOT

KIT_ENV_FILE = KIT_ROOT / ".env"

_BLANK = re.compile(r"\s*", re.MULTILINE)
_SPACE = r"[^\S\r\n]*"
_BINDING = re.compile(
    rf"(?:export[^\S\r\n]+)?(?:'(?P<quoted_key>[^']+)'|(?P<key>[^=#\s]+)){_SPACE}"
    rf"(?:(?P<equals>={_SPACE})"
    r"""(?:'(?P<single>(?:\\.|[^'\\])*)'|"(?P<double>(?:\\.|[^"\\])*)"|(?P<bare>[^'"\r\n][^\r\n]*))?)?""",
    re.DOTALL,
)
_END_OF_BINDING = re.compile(rf"(?:{_SPACE}#[^\r\n]*)?{_SPACE}(?:\r\n|\n|\r|$)")
_REST_OF_LINE = re.compile(r"[^\r\n]*(?:\r\n|\n|\r)?")
_SINGLE_QUOTE_ESCAPES = re.compile(r"\\[\\']")
_DOUBLE_QUOTE_ESCAPES = re.compile(r"\\[\\'\"abfnrtv]")
_VARIABLE = re.compile(r"\$\{(?P<name>[^}:]*)(?::-(?P<default>[^}]*))?\}")


def environment(env_file: Path | None = None) -> dict[str, str]:
    """The process environment over the values of `.env` (the environment wins)."""
    values: dict[str, str] = {}
    path = KIT_ENV_FILE if env_file is None else env_file
    if path.is_file():
        values.update(read_env_file(path))
    values.update(os.environ)
    return values


def read_env_file(path: Path) -> dict[str, str]:
    """The settings a `.env` file gives, its `${NAME}` references resolved; a name without `=`
    gives nothing, and a line that cannot be read is skipped."""
    values: dict[str, str] = {}
    for key, raw in _bindings(path.read_text(encoding="utf-8-sig")):
        values[key] = _resolve(raw, {**os.environ, **values})
    return values


def _bindings(text: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    position = 0
    while True:
        position = _after(_BLANK, text, position)
        if position >= len(text):
            return found
        match = _BINDING.match(text, position)
        if match is not None:
            position = match.end()
        end = _END_OF_BINDING.match(text, position)
        if match is None or end is None:  # as python-dotenv, skip the rest of the line
            position = _after(_REST_OF_LINE, text, position)
            continue
        position = end.end()
        value = _value(match)
        if value is not None:
            found.append((match["quoted_key"] or match["key"], value))


def _after(pattern: re.Pattern[str], text: str, position: int) -> int:
    """Where `pattern`, which matches anywhere (if only emptily), ends from `position`."""
    match = pattern.match(text, position)
    return position if match is None else match.end()


def _value(match: re.Match[str]) -> str | None:
    if match["equals"] is None:
        return None
    if match["single"] is not None:
        return _decoded(_SINGLE_QUOTE_ESCAPES, match["single"])
    if match["double"] is not None:
        return _decoded(_DOUBLE_QUOTE_ESCAPES, match["double"])
    bare = match["bare"] or ""
    if len(match["equals"]) > 1 and bare.startswith("#"):
        return ""  # `KEY= # comment`: an empty value and a comment
    return re.sub(r"\s+#.*", "", bare).rstrip()


def _decoded(escapes: re.Pattern[str], value: str) -> str:
    return escapes.sub(lambda m: codecs.decode(m.group(0), "unicode-escape"), value)


def _resolve(raw: str, names: Mapping[str, str]) -> str:
    """`raw` with each `${NAME}` (or `${NAME:-default}`) replaced by its value in `names`."""
    return _VARIABLE.sub(lambda m: names.get(m["name"], m["default"] or ""), raw)
