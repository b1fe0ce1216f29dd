import datetime as dt

import pytest

from graph.errors import InputError
from graph.pipeline.ingest import (
    guess_title,
    infer_date,
    iter_document_paths,
    parse_document,
    read_document,
    slugify,
)


def parse(raw: bytes):
    return parse_document(raw, source="a.txt", doc_id="a")


def test_seed_gets_stable_id_hash_and_inferred_date(seed_path):
    doc = read_document(seed_path)
    assert doc.doc_id == "000-06a881ff5254c041"
    assert len(doc.content_hash) == 64
    assert doc.published == dt.date(2025, 4, 19) and doc.date_inferred


def test_front_matter_gives_metadata_and_is_not_in_text():
    doc = parse(
        b"---\ntitle: Strikes hit Kharkiv\nurl: https://x.test/a\npublished: 2024-05-02\n"
        b"outlet: Wire\n---\nRussian forces struck Kharkiv on Monday.\n"
    )
    assert (doc.title, doc.url, doc.outlet) == ("Strikes hit Kharkiv", "https://x.test/a", "Wire")
    assert doc.published == dt.date(2024, 5, 2) and not doc.date_inferred
    assert doc.text.startswith("Russian forces")


def test_utf8_bom_is_accepted_and_stripped():
    assert parse("\ufeffKyiv agreed.".encode()).text == "Kyiv agreed."


def test_utf16_with_bom_decodes_with_a_warning():
    doc = parse("Kyiv agreed to talks.".encode("utf-16"))
    assert doc.text == "Kyiv agreed to talks." and "UTF-16" in doc.warnings[0]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b"", "empty"),
        (b"  \n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file (a PNG image)"),
        (b"abc\x00def", "NUL bytes"),
        ("Caf\xe9 in Kyiv".encode("latin-1"), "not valid UTF-8 (byte 0xe9 at offset 3)"),
        (b"---\ntitle: [unclosed\n---\nbody\n", "malformed front matter"),
        (b"---\n- a list\n---\nbody\n", "must be a mapping"),
        (b"---\ntitle: x\nbody without end\n", "never closed"),
        (b"---\npublished: yesterday\n---\nbody\n", "'published' is not a date"),
        (
            b"---\ntitle: !!python/object/apply:os.system ['echo hi']\n---\nbody\n",
            "malformed front matter",
        ),
    ],
)
def test_bad_input_gets_one_clear_line(raw, message):
    with pytest.raises(InputError) as info:
        parse(raw)
    assert message in str(info.value) and "\n" not in str(info.value)


def test_headline_first_line_is_the_title():
    assert (
        guess_title("Sudan's army repels RSF assault\n\nBody text.")
        == "Sudan's army repels RSF assault"
    )
    assert (
        guess_title("A long first sentence that ends. And more.\n")
        == "A long first sentence that ends."
    )


def test_latest_full_date_is_inferred():
    assert infer_date("On August 6, 2024, it began; on 19 April 2025 it ended.") == dt.date(
        2025, 4, 19
    )
    assert infer_date("No dates here, only September.") is None


def test_folders_expand_to_articles_in_order(tmp_path):
    (tmp_path / "b.md").write_text("B")
    (tmp_path / "a.txt").write_text("A")
    (tmp_path / "skip.pdf").write_text("x")
    assert [p.name for p in iter_document_paths([tmp_path])] == ["a.txt", "b.md"]


def test_missing_path_and_wrong_suffix_are_input_errors(tmp_path):
    with pytest.raises(InputError, match="no such file"):
        list(iter_document_paths([tmp_path / "nope.txt"]))
    (tmp_path / "x.pdf").write_text("x")
    with pytest.raises(InputError, match="unsupported file type"):
        list(iter_document_paths([tmp_path / "x.pdf"]))


def test_slugify_is_ascii_and_readable():
    assert slugify("Volodymyr Zelensky") == "volodymyr-zelensky"
    assert slugify("Côte d'Ivoire <script>") == "cote-d-ivoire-script"


def test_dateline_with_its_year_is_the_stated_publication_date():
    doc = parse(
        b"Flooding cuts roads in the north\n\nLILONGWE, March 4, 2026 (AFP) - Heavy rain cut "
        b"three roads on Tuesday.\n"
    )
    assert doc.published == dt.date(2026, 3, 4) and not doc.date_inferred


def test_yearless_dateline_takes_the_narrative_year():
    doc = parse(
        b"ASUNCION, Paraguay, Oct. 9 (Reuters) - Farmers blocked a highway on Wednesday, the "
        b"largest protest so far in 2027, after a drought that began in 2024.\n"
    )
    assert doc.published == dt.date(2027, 10, 9) and doc.date_inferred


def test_yearless_dateline_is_never_before_a_full_date_of_the_story():
    doc = parse(b"OSLO, 3 January - Talks that opened on December 12, 2026 ended on Friday.\n")
    assert doc.published == dt.date(2027, 1, 3)


@pytest.mark.parametrize(
    "body",
    [
        b"NAIROBI, Kenya \xe2\x80\x94 Police said on Monday that 2026 was calm.\n",  # no date
        b"Officials in Oslo, June 2 - the day of the vote - counted ballots in 2026.\n",
    ],
)
def test_text_without_a_dated_capitals_dateline_keeps_the_inferred_date(body):
    doc = parse(body)
    assert doc.published is None and not doc.date_inferred
