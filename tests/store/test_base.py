"""What every backend gives: capped results that say when they were cut."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode, Store

from graph.store.base import BoundQuery, QueryResult, capped, pyoxigraph_result


def test_capped_reads_one_extra_item_only_to_say_it_cut():
    consumed: list[int] = []

    def numbers():
        for n in range(100):
            consumed.append(n)
            yield n

    assert capped(numbers(), 3) == ([0, 1, 2], True) and len(consumed) == 4
    assert capped(iter([1, 2]), 2) == ([1, 2], False)


def test_records_are_plain_strings_without_unbound_variables():
    rows = ((NamedNode("http://e/a"), None), (None, Literal("1")))
    result = QueryResult("select", ("a", "b"), rows)
    assert result.records() == [{"a": "http://e/a"}, {"b": "1"}] and len(result) == 2


def test_pyoxigraph_results_of_every_form():
    store = Store()
    store.update("INSERT DATA { <http://e/a> <http://e/p> 1 , 2 }")
    rows = pyoxigraph_result(store.query("SELECT ?o WHERE { ?s ?p ?o }"), 1, "test")
    assert rows.form == "select" and len(rows) == 1 and rows.truncated
    assert pyoxigraph_result(store.query("ASK { ?s ?p 2 }"), 1, "test").boolean
    graph = pyoxigraph_result(store.query("CONSTRUCT WHERE { ?s ?p ?o }"), 5, "test")
    assert graph.form == "graph" and len(graph.triples) == 2 and not graph.truncated
    assert BoundQuery("ASK {}", "ask").bound_text == "ASK {}"
