"""Making a query safe: refusing what is not a plain local query, and binding values as
data that reaches every pattern, never as query text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pyoxigraph import Literal, NamedNode, QueryBoolean, QuerySolutions, QueryTriples, Store

from graph.errors import QueryError
from graph.store.library import read_query
from graph.store.sparql import bind_values, check_query
from tests.store.test_engine import HOSTILE


def solutions(result: QuerySolutions | QueryBoolean | QueryTriples) -> QuerySolutions:
    assert isinstance(result, QuerySolutions)
    return result


def test_every_saved_query_parses_as_a_plain_local_query(library):
    for name, query in library.items():
        analysis = check_query(query.text)
        assert analysis.form == "select", name
        assert not analysis.services and not analysis.dataset, name


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_any_string_value_is_bound_as_data_never_as_query_text(value):
    store = Store()
    query = read_query("SELECT ?_value ?n WHERE { BIND(STRLEN(?_value) AS ?n) }")
    try:
        term = query.parameter("value").to_term(value)
    except QueryError:  # lone surrogates are not text an RDF literal can hold
        assert any(0xD800 <= ord(c) <= 0xDFFF for c in value)
        return
    rows = list(solutions(store.query(bind_values(query.text, {"_value": term}))))
    assert len(rows) == 1 and rows[0]["_value"] == Literal(value)
    assert len(store) == 0


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=40))
def test_any_iri_value_is_validated_or_bound_exactly(value):
    query = read_query("SELECT ?_thing_iri WHERE { }")
    try:
        term = query.parameter("thing").to_term("https://example.org/" + value)
    except QueryError as exc:
        assert "expects" in str(exc)
        return
    rows = list(solutions(Store().query(bind_values(query.text, {"_thing_iri": term}))))
    assert rows[0]["_thing_iri"] == term


def test_values_reach_union_branches_filters_and_sub_selects():
    store = Store()
    store.update("INSERT DATA { <http://e/a> <http://e/p> 1 . <http://e/b> <http://e/p> 2 }")
    query = read_query("""SELECT ?s WHERE {
      { ?s <http://e/p> ?n FILTER(?n = ?_n_integer) } UNION { ?s <http://e/q> ?_n_integer }
      { SELECT ?s WHERE { ?s <http://e/p> ?m FILTER(?m >= ?_n_integer) } }
    }""")
    term = query.parameter("n").to_term("2")
    rows = list(solutions(store.query(bind_values(query.text, {"_n_integer": term}))))
    assert [r["s"] for r in rows] == [NamedNode("http://e/b")]


@pytest.mark.parametrize(
    "text",
    [
        "SELECT ?s WHERE { ?s ?p ?o } GROUP BY ?s HAVING (COUNT(?o) > ?_n)",
        "SELECT (?_n + 1 AS ?m) WHERE { ?s ?p ?o }",
        "SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?_n",
        "CONSTRUCT WHERE { ?s ?p ?_n }",
    ],
)
def test_parameters_the_values_cannot_reach_are_refused(text):
    with pytest.raises(QueryError, match="parameter"):
        read_query(text)


def test_braces_in_strings_iris_and_comments_do_not_move_the_binding():
    text = (
        "SELECT ?s WHERE { # } {\n ?s <http://e/p#x> \"}{\" ; <http://e/q> '''}''' "
        "; <http://e/r> ?_v }"
    )
    bound = bind_values(text, {"_v": Literal("x")})
    assert bound.startswith('SELECT ?s WHERE { VALUES (?_v) { ("x") } ')
    assert list(solutions(Store().query(bound))) == []


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_queries_are_refused_before_they_run(engine, text):
    with pytest.raises(QueryError) as raised:
        engine.run(text)
    message = str(raised.value)
    assert "\n" not in message
    assert any(word in message for word in ("refused", "syntax error", "nested too deeply"))
