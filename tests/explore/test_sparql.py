"""graph.explore.sparql: the explorer's named queries, run through the query engine."""

from __future__ import annotations

import pytest
from pyoxigraph import NamedNode

from graph import InputError
from graph.explore.sparql import QUERY_DIR, explorer_query, iri_terms, select


def test_iri_terms_reject_an_iri_that_would_break_out_of_the_query():
    assert iri_terms(["https://x.org/a#b"]) == [NamedNode("https://x.org/a#b")]
    with pytest.raises(InputError):
        iri_terms(["https://x.org/a> } ; DROP ALL ; { <x"])


@pytest.mark.parametrize("path", sorted(QUERY_DIR.glob("*.rq")), ids=lambda p: p.stem)
def test_every_explorer_query_parses_with_the_declared_prefixes(path):
    query = explorer_query(path.stem)
    assert query.text.endswith(path.read_text(encoding="utf-8"))
    assert "PREFIX" not in path.read_text(encoding="utf-8")  # declared once, in sparql.py


def test_select_binds_iris_as_values_rows(engine):
    gerasimov = "https://w3id.org/newskg/id/person/valery-gerasimov"
    rows = select(engine, "labels", {"node": [gerasimov, "https://x.org/nothing"]})
    assert rows == [{"node": gerasimov, "label": "Valery Gerasimov"}]
    assert select(engine, "labels", {"node": []}) == []
