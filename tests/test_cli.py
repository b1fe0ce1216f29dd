"""The kg command line, run as a user runs it (a real subprocess)."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

KG = [sys.executable, "-m", "graph.cli"]


def kg(*args: str, data: Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KG_DATA": str(data)}
    return subprocess.run(
        [*KG, *args], capture_output=True, text=True, env=env, cwd=cwd or ROOT, timeout=300
    )


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    data = tmp_path_factory.mktemp("cli")
    result = kg("build", str(ROOT / "seeds"), data=data)
    assert result.returncode == 0, result.stderr
    assert "built 1 document(s): 1 added" in result.stdout
    return data


def test_rebuilding_unchanged_seed_is_skipped(data_dir):
    result = kg("build", str(ROOT / "seeds"), data=data_dir)
    assert result.returncode == 0 and "nothing to do: 1 document(s) unchanged" in result.stdout


def test_stats_and_validate(data_dir):
    stats = kg("stats", data=data_dir)
    assert stats.returncode == 0 and "Person" in stats.stdout and "documents  1" in stats.stdout
    assert "Military unit " in stats.stdout and "MilitaryUnit" not in stats.stdout
    validate = kg("validate", data=data_dir)
    assert validate.returncode == 0, validate.stderr
    assert "conforms" in validate.stdout


def test_export_to_file_and_stdout(data_dir, tmp_path):
    out = tmp_path / "graph.ttl"
    assert kg("export", "-o", str(out), data=data_dir).returncode == 0
    stdout = kg("export", "--format", "nt", data=data_dir)
    assert out.read_text().startswith("@prefix") and stdout.stdout.count("\n") > 1000


def test_an_exported_file_has_the_mode_the_umask_gives(data_dir, tmp_path):
    out = tmp_path / "graph.ttl"
    old = os.umask(0o022)
    try:
        assert kg("export", "-o", str(out), data=data_dir).returncode == 0
    finally:
        os.umask(old)
    assert out.stat().st_mode & 0o777 == 0o644
    text = out.read_text()
    assert "place:russia" in text and "\\/" not in text and "\\#" not in text


def test_remove_says_how_a_file_name_becomes_a_document_id(data_dir):
    help_text = " ".join(kg("remove", "--help", data=data_dir).stdout.split())
    assert "000_ab.txt is 000-ab" in help_text
    result = kg("remove", "000_06a881ff5254c04.txt", data=data_dir)  # one digit short
    assert result.returncode == 2 and "did you mean 000-06a881ff5254c041?" in result.stderr
    result = kg("remove", "no_such_article.txt", data=data_dir)
    assert result.returncode == 2 and "000_ab.txt is 000-ab" in result.stderr


@pytest.mark.parametrize("typed", ["000_06a881ff5254c041.txt", "000_06a881ff5254c041"])
def test_remove_takes_a_file_name_for_its_document_id(data_dir, tmp_path, typed):
    own = tmp_path / "data"
    shutil.copytree(data_dir, own)
    result = kg("remove", typed, data=own)  # no such file here: the name alone
    assert result.returncode == 0, result.stderr
    assert "removed 1 document(s); 0 left" in result.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "document is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary file"),
        ("Caf\xe9".encode("latin-1"), "not valid UTF-8"),
    ],
)
def test_bad_input_is_one_line_nonzero_and_keeps_the_graph(data_dir, tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    before = (data_dir / "CURRENT").read_text()
    result = kg("build", str(bad), data=data_dir)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert "Traceback" not in result.stderr
    assert (data_dir / "CURRENT").read_text() == before
    assert kg("stats", data=data_dir).returncode == 0


def test_missing_path_and_missing_graph(tmp_path):
    result = kg("build", str(tmp_path / "nope"), data=tmp_path / "d")
    assert result.returncode == 2 and "no such file or directory" in result.stderr
    result = kg("stats", data=tmp_path / "empty")
    assert result.returncode == 3 and "no graph" in result.stderr and "kg build" in result.stderr


def test_corrupt_store_is_detected_and_rebuild_recovers(data_dir, tmp_path):
    copy = tmp_path / "copy"
    shutil.copytree(data_dir, copy)
    (copy / "CURRENT").write_text("missing-store\n")
    broken = kg("stats", data=copy)
    assert broken.returncode == 3 and "kg build --rebuild" in broken.stderr
    rebuilt = kg("build", "--rebuild", str(ROOT / "seeds"), data=copy)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert kg("stats", data=copy).returncode == 0


def test_data_option_overrides_environment(tmp_path):
    result = subprocess.run(
        [*KG, "--data", str(tmp_path / "x"), "stats"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )
    assert str(tmp_path / "x") in result.stderr
