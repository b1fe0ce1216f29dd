"""Hostile documents: each builds correctly, or fails with one clear line and a non-zero exit,
never a traceback, and never changes the graph that was there before."""

from __future__ import annotations

import json

import pytest

from tests.hostile.conftest import graph_fingerprint, run_kg

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
HOSTILE_YAML = b"---\ntitle: !!python/object/apply:os.system ['touch /tmp/kg-pwned']\n---\nText.\n"
LAUGHS = (
    b"---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
    b"c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c]\n"
    b"title: [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n---\nText about Kyiv.\n"
)

REJECTED = [
    ("empty.txt", b"", "document is empty"),
    ("blank.txt", b"   \n\t\n  ", "document is empty"),
    ("image.txt", PNG, "binary file (a PNG image), not a text article"),
    ("nul.txt", b"Kyiv agreed\x00 to talks.", "binary file (contains NUL bytes)"),
    ("pdf.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n", "binary file (a PDF file)"),
    (
        "utf16-nobom.txt",
        "Kyiv agreed to talks.".encode("utf-16-le"),
        "looks like UTF-16 without a byte order mark",
    ),
    (
        "latin1.txt",
        "Kyiv agreed to talks in Zürich.".encode("latin-1"),
        "not valid UTF-8 (byte 0xfc at offset 25)",
    ),
    ("cp1252.txt", "Kyiv said \x93no\x94.".encode("latin-1"), "not valid UTF-8 (byte 0x93"),
    ("control.txt", bytes(range(1, 9)) * 50, "binary file (400 control characters)"),
    ("bad-yaml.md", b"---\ntitle: [unclosed\n---\nBody.\n", "malformed front matter"),
    ("list-yaml.md", b"---\n- a\n- b\n---\nBody.\n", "front matter must be a mapping"),
    ("open-yaml.md", b"---\ntitle: x\nBody without the closing line.\n", "never closed"),
    ("python-yaml.md", HOSTILE_YAML, "malformed front matter"),
    ("laughs.md", LAUGHS, "front matter 'title' must be text, not a list"),
    (
        "date-yaml.md",
        b"---\npublished: next tuesday\n---\nBody.\n",
        "front matter 'published' is not a date",
    ),
    (
        "map-date.md",
        b"---\npublished: {a: 1}\n---\nBody.\n",
        "front matter 'published' must be a date (YYYY-MM-DD), not a dict",
    ),
    ("only-front.md", b"---\ntitle: Nothing else\n---\n\n\n", "document is empty"),
]


@pytest.mark.parametrize(
    ("name", "content", "message"), REJECTED, ids=[name for name, _, _ in REJECTED]
)
def test_rejected_with_one_clear_line_and_graph_unchanged(
    data_dir, tmp_path, name, content, message
):
    before = graph_fingerprint(data_dir)
    path = tmp_path / name
    path.write_bytes(content)
    result = run_kg("build", str(path), data=data_dir)
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr, result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""
    assert graph_fingerprint(data_dir) == before


def test_a_bad_file_in_a_folder_rejects_the_build_before_anything_is_written(data_dir, tmp_path):
    before = graph_fingerprint(data_dir)
    (tmp_path / "good.txt").write_text("Israeli forces advanced on Monday.")
    (tmp_path / "bad.txt").write_bytes(PNG)
    result = run_kg("build", str(tmp_path), data=data_dir)
    assert result.returncode == 2 and "bad.txt: binary file" in result.stderr
    assert graph_fingerprint(data_dir) == before


def test_too_large_document_is_refused_without_reading_it_all(data_dir, tmp_path):
    big = tmp_path / "dump.txt"
    big.write_text("Kyiv agreed to talks. " * 500_000)  # 11 MB
    result = run_kg("build", str(big), data=data_dir)
    assert result.returncode == 2 and "too large for one article" in result.stderr
    assert "KG_MAX_DOCUMENT_CHARS" in result.stderr


def test_document_limit_is_configurable_and_checked(data_dir, tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("Kyiv agreed to talks. " * 100)
    small = run_kg("build", str(path), data=data_dir, env={"KG_MAX_DOCUMENT_CHARS": "500"})
    assert small.returncode == 2 and "limit 500" in small.stderr
    bad = run_kg("build", str(path), data=data_dir, env={"KG_MAX_DOCUMENT_CHARS": "lots"})
    assert bad.returncode == 2 and "must be a whole number" in bad.stderr


def test_yaml_cannot_construct_objects(data_dir, tmp_path):
    import os

    path = tmp_path / "x.md"
    path.write_bytes(HOSTILE_YAML)
    run_kg("build", str(path), data=data_dir)
    assert not os.path.exists("/tmp/kg-pwned")


ACCEPTED = [
    ("bom.txt", "\ufeffKyiv agreed to talks with Moscow.".encode(), "Kyiv agreed"),
    ("utf16.txt", "Kyiv agreed to talks with Moscow.".encode("utf-16"), "Kyiv agreed"),
    ("crlf.txt", b"Headline about Kyiv\r\n\r\nKyiv agreed to talks.\r\n", "Kyiv agreed"),
    (
        "rtl-emoji.txt",
        "Ukrainian forces 🇺🇦 advanced near Sumy. قال المسؤولون إن القوات تقدمت.".encode(),
        "🇺🇦",
    ),
    ("one-line.txt", ("x" * 1_000_000 + " Kyiv agreed.").encode(), "Kyiv agreed"),
    (
        "many-lines.txt",
        ("\n" * 99_990 + "Kyiv agreed to talks.\n" + "\n" * 9).encode(),
        "Kyiv agreed",
    ),
]


@pytest.mark.parametrize(
    ("name", "content", "expected"), ACCEPTED, ids=[name for name, _, _ in ACCEPTED]
)
def test_odd_but_valid_documents_build(data_dir, tmp_path, name, content, expected):
    path = tmp_path / name
    path.write_bytes(content)
    result = run_kg("build", str(path), data=data_dir)
    assert result.returncode == 0, result.stderr
    assert "1 added" in result.stdout
    exported = run_kg("export", "--format", "nt", data=data_dir).stdout
    assert json.dumps(expected)[1:-1] in exported or expected in exported


def test_utf16_build_warns_on_one_line(data_dir, tmp_path):
    path = tmp_path / "u16.txt"
    path.write_bytes("Kyiv agreed to talks.".encode("utf-16"))
    result = run_kg("build", str(path), data=data_dir)
    assert result.returncode == 0
    assert result.stderr.strip() == f"kg: warning: {path}: decoded as UTF-16 (byte order mark)"


def test_missing_path_folder_without_articles_and_wrong_suffix(data_dir, tmp_path):
    assert (
        "no such file or directory" in run_kg("build", str(tmp_path / "no"), data=data_dir).stderr
    )
    (tmp_path / "empty").mkdir()
    assert (
        "holds no .txt or .md articles"
        in run_kg("build", str(tmp_path / "empty"), data=data_dir).stderr
    )
    (tmp_path / "x.docx").write_bytes(b"PK\x03\x04")
    assert (
        "unsupported file type '.docx'"
        in run_kg("build", str(tmp_path / "x.docx"), data=data_dir).stderr
    )


def test_same_file_name_in_two_folders_gets_two_documents(data_dir, tmp_path):
    for folder, text in (("a", "Kyiv agreed."), ("b", "Moscow refused.")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(text)
    result = run_kg("build", str(tmp_path / "a"), str(tmp_path / "b"), data=data_dir)
    assert result.returncode == 0 and "2 added" in result.stdout, result.stdout
