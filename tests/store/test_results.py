"""Results as the CLI prints them and the endpoint sends them."""

from __future__ import annotations

import json

from pyoxigraph import Literal, NamedNode, Triple

from graph.store.base import QueryResult
from graph.store.results import compact, format_result, format_table, serialize_result

ID = "https://w3id.org/newskg/id/"


def test_compact_writes_the_longest_namespace_as_a_prefix():
    assert compact(NamedNode(ID + "place/ukraine")) == "id:place/ukraine"
    assert compact(NamedNode("https://w3id.org/newskg/plover/ATTACK")) == "plover:ATTACK"
    assert compact(NamedNode("http://example.org/x")) == "http://example.org/x"
    assert compact(Literal("Kyiv", language="uk")) == "Kyiv" and compact(None) == ""


def test_table_aligns_columns_and_shortens_long_values():
    result = QueryResult(
        "select", ("place", "note"), ((NamedNode(ID + "place/kyiv"), Literal("x" * 80)),)
    )
    header, rule, row = format_table(result, width=13).splitlines()
    assert header.split() == ["Place", "Note"] and set(rule.replace(" ", "")) == {"-"}
    assert row.startswith("id:place/kyiv  ") and row.endswith("x" * 12 + "…")
    assert format_table(QueryResult("ask", boolean=True)) == "true\n"


def test_table_headers_are_the_variables_in_words():
    names = ("otherLabel", "state", "date_precision", "plover", "url")
    header = format_table(QueryResult("select", names, ())).splitlines()[0]
    # A variable named like a property ('state') is still the column's own name.
    assert header.split("  ") == ["Other label", "State", "Date precision", "PLOVER", "URL"]


def test_standard_formats_for_select_ask_and_graph_results():
    select = QueryResult("select", ("s",), ((NamedNode(ID + "a"),), (None,)))
    data = json.loads(serialize_result(select, "json"))
    assert data["head"]["vars"] == ["s"]
    assert data["results"]["bindings"] == [{"s": {"type": "uri", "value": ID + "a"}}, {}]
    assert serialize_result(select, "csv").decode().splitlines() == ["s", ID + "a", ""]
    assert json.loads(serialize_result(QueryResult("ask", boolean=False), "json")) == {
        "head": {},
        "boolean": False,
    }
    triple = Triple(NamedNode(ID + "a"), NamedNode(ID + "p"), Literal("x"))
    graph = QueryResult("graph", triples=(triple,))
    assert format_result(graph, "csv").decode().splitlines() == [
        "subject,predicate,object",
        "id:a,id:p,x",
    ]
    assert serialize_result(graph, "nt").decode().strip() == f'<{ID}a> <{ID}p> "x" .'
