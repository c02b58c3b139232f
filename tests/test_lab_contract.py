"""The contract between helpers and sandbox: the record file's format, and `.env` as
python-dotenv reads it."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from dotenv import dotenv_values

from lab_contract.env_file import environment, read_env_file
from lab_contract.paths import record_file
from lab_contract.record import (
    FORMAT_VERSION,
    Record,
    RecordExposed,
    read_record,
    remove_record,
    write_record,
)

RECORD = Record("http://127.0.0.1:8123", "AC" + "1" * 32, "token", "SK" + "1" * 32, "secret", 42)

ENV_FILE = """# a comment
KIT_MODE=live
export TWILIO_ACCOUNT_SID=AC123   # trailing comment
TOKEN='single # not a comment'
DOUBLE="line1\\nline2 \\"quoted\\""
MULTI="first
second"
EMPTY=
SPACED = spaced value
HASH=#novalue
COMMENTED= # only a comment
NOVALUE
'QUOTED_KEY'=qk
REF=${KIT_MODE}-${MISSING:-fallback}-${HOME}
BAD='unterminated
AFTER=lost with the line above, as python-dotenv loses it
JUNK='a' junk
URL=http://127.0.0.1:8080/#frag
LAST=last"""


def test_a_record_written_is_read_back_private_and_versioned(tmp_path: Path) -> None:
    path = record_file(tmp_path / "sandbox.db")
    write_record(path, RECORD)
    assert path.name == "sandbox.json" and path.stat().st_mode & 0o777 == 0o600
    assert json.loads(path.read_text())["version"] == FORMAT_VERSION
    assert read_record(path) == RECORD
    remove_record(path, pid=7)  # another process's record stays
    assert path.exists()
    remove_record(path, pid=42)
    assert not path.exists() and read_record(path) is None


@pytest.mark.parametrize(
    "change", [{"version": FORMAT_VERSION + 1}, {"version": None}, {"pid": "x"}, {"url": None}]
)
def test_a_record_of_another_version_or_incomplete_is_not_used(
    tmp_path: Path, change: dict[str, object]
) -> None:
    path = tmp_path / "sandbox.json"
    write_record(path, RECORD)
    fields = {**json.loads(path.read_text()), **change}
    path.write_text(json.dumps({k: v for k, v in fields.items() if v is not None}))
    assert read_record(path) is None


def test_a_record_others_could_read_is_refused_with_a_sentence(tmp_path: Path) -> None:
    path = tmp_path / "sandbox.json"
    write_record(path, RECORD)
    path.chmod(0o644)
    with pytest.raises(RecordExposed, match="could be read by other users"):
        read_record(path)


def test_env_file_reads_as_python_dotenv_does(tmp_path: Path) -> None:
    path = tmp_path / ".env"
    path.write_text(ENV_FILE)
    expected = {k: v for k, v in dotenv_values(path).items() if v is not None}
    assert read_env_file(path) == expected
    assert expected["REF"] == f"live-fallback-{os.environ.get('HOME', '')}"


def test_the_environment_wins_over_env_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / ".env"
    path.write_text("KIT_MODE=live\nGROUP_PHONE_1=+14155550100\n")
    monkeypatch.setenv("KIT_MODE", "sandbox")
    values = environment(path)
    assert values["KIT_MODE"] == "sandbox" and values["GROUP_PHONE_1"] == "+14155550100"
    assert environment(tmp_path / "absent")["KIT_MODE"] == "sandbox"
