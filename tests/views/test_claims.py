"""Claims: a claim whose content is a bare noun phrase is shown with the words of its
sentence around it, and its content as extracted."""

from __future__ import annotations

import dataclasses

import pytest

from graph import ClaimRow
from views.common import in_context, is_bare_noun_phrase

GERASIMOV_SENTENCE = (
    "On April 19, 2025, General Gerasimov announced that Russian forces were already "
    "conducting “security operations” inside Sumy, claiming control over more than 90 "
    "square kilometers."
)
CLAIM = ClaimRow(
    iri="claim",
    claimant_iri="gerasimov",
    claimant="Valery Gerasimov",
    stance="asserts",
    verb="claim",
    content="control",
    date="2025-04-19",
    precision="day",
    contested=False,
    about=(),
    contests=(),
    document="doc",
    document_title="Kursk",
    evidence=GERASIMOV_SENTENCE,
    begin=0,
)


@pytest.mark.parametrize(
    ("content", "bare"),
    [
        ("control", True),
        ("the operation", True),
        ("North Korean troop participation", True),
        ("full control over Kursk", True),
        ("that heavy fighting is ongoing", False),
        ("it could also serve as leverage during future peace talks", False),
        ("the number of dead much higher", False),
        ("Despite their discipline, North Korean forces reportedly suffered.", False),
        ("", False),
    ],
)
def test_a_short_content_with_no_verb_or_clause_opener_is_a_bare_noun_phrase(content, bare):
    assert is_bare_noun_phrase(content) is bare


def test_a_bare_content_reads_in_the_words_of_its_sentence_around_it():
    assert in_context(CLAIM) == (
        "… were already conducting “security operations” inside Sumy, claiming control "
        "over more than 90 square kilometers."
    )


def test_a_clause_needs_no_context_and_a_content_not_in_its_sentence_gets_all_of_it():
    clause = dataclasses.replace(CLAIM, content="that Russian forces were already conducting")
    assert in_context(clause) == ""
    elsewhere = dataclasses.replace(CLAIM, content="full control over Kursk")
    assert in_context(elsewhere) == GERASIMOV_SENTENCE


def test_claims_page_shows_bare_contents_in_their_sentence_and_keeps_the_content(open_page):
    app = open_page("claims")
    rows = [
        row
        for table in app.dataframe
        if "in the sentence" in table.value.columns
        for row in table.value.to_dict("records")
    ]
    by_content = {row["content"]: row["in the sentence"] for row in rows}
    assert by_content["control"].endswith("claiming control over more than 90 square kilometers.")
    assert "Zelensky framed the operation as a strategic move" in by_content["the operation"]
    # A content that reads as a clause has no context beside it.
    clauses = [row for row in rows if row["content"].startswith("that ")]
    assert clauses and all(row["in the sentence"] == "" for row in clauses)
