"""The kit builds without a deprecation warning, so no deadline breaks a fresh install."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_package_metadata_builds_with_warnings_as_errors(tmp_path: Path) -> None:
    # setuptools announces removals (e.g. `project.license` as a table, due 2027-02-18) as
    # warnings during the build; as errors here, CI sees the next one before its date.
    script = (
        "import sys, setuptools.build_meta as backend; "
        "print(backend.prepare_metadata_for_build_wheel(sys.argv[1]))"
    )
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", script, str(tmp_path)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip().endswith(".dist-info")
