"""Injected faults: a killed build, full and read-only disks, two builds at once, corrupt
stores and caches. The previous graph must stay readable and complete; every failure is one
clear line."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import DATA, ROOT
from tests.hostile.conftest import graph_fingerprint, run_kg

ARTICLES = DATA / "articles"


def start_kg(*args: str, data: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "graph.cli", *args],
        cwd=ROOT,
        text=True,
        env={**os.environ, "KG_DATA": str(data)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )


@pytest.fixture
def tmpfs(tmp_path):
    """A small RAM disk we can fill up or make read-only (needs root, as CI has)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    if (
        subprocess.run(
            ["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], capture_output=True
        ).returncode
        != 0
    ):
        pytest.skip("cannot mount a tmpfs here (not root)")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


@pytest.mark.parametrize("delay", [0.5, 2.0, 4.0])
def test_build_killed_midway_leaves_the_previous_graph_readable(data_dir, delay):
    before = graph_fingerprint(data_dir)
    process = start_kg("build", str(ARTICLES), data=data_dir)
    time.sleep(delay)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    stats = run_kg("stats", data=data_dir)
    assert stats.returncode == 0, stats.stderr
    after = graph_fingerprint(data_dir)
    # Either the build had not switched yet (old graph, whole) or it had finished (new graph).
    assert after == before or "documents  5" in stats.stdout
    rebuilt = run_kg("build", str(ARTICLES), data=data_dir)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "documents  5" in run_kg("stats", data=data_dir).stdout


def test_two_builds_at_once_are_serialized_by_the_lock(data_dir, tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    for folder, text in (
        (first, "Israeli forces advanced in Gaza."),
        (second, "Russian troops shelled Kharkiv."),
    ):
        folder.mkdir()
        (folder / f"{folder.name}.txt").write_text(text)
    runs = [start_kg("build", str(folder), data=data_dir) for folder in (first, second)]
    outputs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], outputs
    assert any("waiting for another build" in err for _, err in outputs)
    assert "documents  3" in run_kg("stats", data=data_dir).stdout


def test_corrupt_store_is_reported_and_rebuild_recovers(data_dir):
    store = next((data_dir / "stores").iterdir())
    for path in store.iterdir():
        if path.is_file():
            path.write_bytes(os.urandom(2048))
    broken = run_kg("stats", data=data_dir)
    assert broken.returncode == 3 and broken.stderr.count("\n") == 1
    assert "is unreadable" in broken.stderr and "kg build --rebuild" in broken.stderr
    fixed = run_kg("build", "--rebuild", data=data_dir)
    assert fixed.returncode == 0, fixed.stderr
    assert "documents  1" in run_kg("stats", data=data_dir).stdout


def test_current_pointer_to_a_missing_store_is_reported(data_dir):
    (data_dir / "CURRENT").write_text("../../etc\n")
    result = run_kg("stats", data=data_dir)
    assert result.returncode == 3 and "points at a missing store" in result.stderr


def test_corrupt_cache_entry_is_reported_with_the_recovery(data_dir, tmp_path):
    cache = next((data_dir / "documents").glob("*.json"))
    cache.write_text("{not json")
    # The corpus index is derived from the caches; without it, every cache is read.
    (data_dir / "corpus.sqlite").unlink()
    article = tmp_path / "new.txt"
    article.write_text("Kyiv agreed to talks.")
    result = run_kg("build", str(article), data=data_dir)
    assert result.returncode == 3 and "is unreadable" in result.stderr
    assert "kg build --rebuild" in result.stderr
    assert run_kg("stats", data=data_dir).returncode == 0  # the graph itself is untouched
    fixed = run_kg("build", "--rebuild", str(ROOT / "seeds"), str(article), data=data_dir)
    assert fixed.returncode == 0, fixed.stderr
    assert "documents  2" in run_kg("stats", data=data_dir).stdout


def test_unusable_corpus_index_is_one_line_and_a_rebuild_recovers(data_dir, tmp_path):
    index = data_dir / "corpus.sqlite"
    index.unlink()
    index.mkdir()  # not a database, and cannot be replaced by one
    article = tmp_path / "new.txt"
    article.write_text("Kyiv agreed to talks.")
    before = graph_fingerprint(data_dir)
    result = run_kg("build", str(article), data=data_dir)
    assert result.returncode == 3 and result.stderr.count("\n") == 1
    assert "corpus index" in result.stderr
    assert graph_fingerprint(data_dir) == before
    index.rmdir()
    fixed = run_kg("build", str(article), data=data_dir)
    assert fixed.returncode == 0, fixed.stderr
    assert "documents  2" in run_kg("stats", data=data_dir).stdout


def test_data_directory_that_is_a_file(tmp_path):
    target = tmp_path / "not-a-dir"
    target.write_text("x")
    result = run_kg("build", str(ROOT / "seeds"), data=target)
    assert result.returncode == 3 and "cannot write to data directory" in result.stderr


def test_full_disk_fails_cleanly_and_keeps_the_graph(tmpfs, seeded):
    data = tmpfs / "kg"
    shutil.copytree(seeded, data)
    before = graph_fingerprint(data)
    filler = tmpfs / "filler"
    with open(filler, "wb", buffering=0) as handle:  # leave almost nothing free
        try:
            while True:
                handle.write(b"\0" * 65536)
        except OSError:
            pass
    result = run_kg("build", "--rebuild", data=data)
    assert result.returncode == 3, result.stderr
    assert result.stderr.count("\n") == 1 and "No space left on device" in result.stderr
    filler.unlink()
    assert graph_fingerprint(data) == before


def test_read_only_data_directory_fails_cleanly(tmpfs, seeded, tmp_path):
    data = tmpfs / "kg"
    shutil.copytree(seeded, data)
    subprocess.run(["mount", "-o", "remount,ro", str(tmpfs)], check=True)
    article = tmp_path / "new.txt"
    article.write_text("Kyiv agreed to talks.")
    result = run_kg("build", str(article), data=data)
    assert result.returncode == 3 and result.stderr.count("\n") == 1
    assert "Read-only file system" in result.stderr
    assert run_kg("stats", data=data).returncode == 0  # still readable


def test_extraction_cache_survives_json_round_trip(data_dir):
    cached = json.loads(next((data_dir / "documents").glob("*.json")).read_text())
    assert cached["extraction"]["facts"]["events"], "facts are cached with the document"
