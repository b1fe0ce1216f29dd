"""Fixtures for the hostile-input suite: a graph built from the seed, and a ``kg`` runner."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT


def run_kg(
    *args: str, data: Path, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run the real command line in a subprocess, as a user would."""
    environment = {**os.environ, "KG_DATA": str(data), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "graph.cli", *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        timeout=timeout,
    )


@pytest.fixture(scope="session")
def seeded(tmp_path_factory) -> Path:
    """A data directory with the seed built, never modified: copy it before changing it."""
    data = tmp_path_factory.mktemp("seeded") / "kg"
    result = run_kg("build", str(ROOT / "seeds"), data=data)
    assert result.returncode == 0, result.stderr
    return data


@pytest.fixture
def data_dir(seeded, tmp_path) -> Path:
    """A private copy of the seeded data directory."""
    copy = tmp_path / "kg"
    shutil.copytree(seeded, copy)
    return copy


def graph_fingerprint(data: Path) -> str:
    """What a reader sees: the N-Quads export (sorted), to compare before and after."""
    result = run_kg("export", "--format", "nquads", data=data)
    assert result.returncode == 0, result.stderr
    return "\n".join(sorted(result.stdout.splitlines()))
