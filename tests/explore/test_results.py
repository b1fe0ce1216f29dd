"""graph.explore.results: any query's result read for the workbench's views."""

from __future__ import annotations

import datetime as dt
import re

import networkx as nx
import pytest
from pyoxigraph import Literal, NamedNode, Triple

from graph import QueryResult
from graph.explore.results import (
    edge_columns,
    result_dates,
    result_graph,
    result_points,
    result_records,
)
from tests.conftest import ROOT
from tests.explore.conftest import HOSTILE

ID = "https://w3id.org/newskg/id/"


def _select(variables: str, *rows: tuple[object, ...]) -> QueryResult:
    return QueryResult("select", tuple(variables.split()), tuple(rows))  # type: ignore[arg-type]


def test_result_records_compact_iris_and_leave_unbound_blank():
    result = _select(
        "entity label",
        (NamedNode(ID + "place/kursk"), Literal("Kursk")),
        (NamedNode(ID + "place/sudzha"), None),
    )
    assert result_records(result) == [
        {"entity": "id:place/kursk", "label": "Kursk"},
        {"entity": "id:place/sudzha", "label": ""},
    ]


def test_result_graph_draws_the_edges_rows_declare_per_hop():
    a, b, c = (NamedNode(ID + n) for n in ("person/a", "org/b", "place/c"))
    member = NamedNode("https://w3id.org/newskg/ontology#memberOf")
    result = _select(
        "subject1 subject1Label relation1 object1 subject2 relation2 object2",
        (a, Literal(HOSTILE), member, b, c, Literal("base of"), b),
        (a, Literal(HOSTILE), member, b, None, None, None),
    )
    g = result_graph(result)
    assert g.nodes[a.value]["label"] == HOSTILE and g.nodes[b.value]["label"] == "b"
    assert {(u, v, d["label"]) for u, v, d in g.edges(data=True)} == {
        (a.value, b.value, "member of"),
        (c.value, b.value, "base of"),
    }
    assert g.edges[a.value, b.value, "member of"]["property"] == member.value


def test_result_graph_links_single_iri_rows_to_the_centre_both_ways():
    centre, x, y = ID + "person/g", NamedNode(ID + "org/x"), NamedNode(ID + "org/y")
    result = _select(
        "direction relationLabel other",
        (Literal("out"), Literal("leads"), x),
        (Literal("in"), Literal("employs"), y),
    )
    g = result_graph(result, centre)
    assert {(u, v, d["label"]) for u, v, d in g.edges(data=True)} == {
        (centre, x.value, "leads"),
        (y.value, centre, "employs"),
    }


def test_result_graph_draws_known_entities_as_the_network_page_does():
    a, b = NamedNode(ID + "person/a"), NamedNode(ID + "org/b")
    entities = nx.MultiDiGraph()
    entities.add_node(a.value, label="Anna", type="Person", mentions=7)
    result = _select("subject subjectLabel object", (a, Literal("whatever"), b))
    g = result_graph(result, entities=entities)
    assert g.nodes[a.value] == {"label": "Anna", "type": "Person", "mentions": 7}
    assert g.nodes[b.value]["label"] == "b" and g.nodes[b.value]["type"] == ""


def test_result_graph_of_triples_uses_labels_and_skips_literal_objects():
    a, b = NamedNode(ID + "person/a"), NamedNode(ID + "org/b")
    label = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    result = QueryResult(
        "graph",
        triples=(
            Triple(a, NamedNode("https://w3id.org/newskg/ontology#memberOf"), b),
            Triple(a, label, Literal("Anna")),
        ),
    )
    g = result_graph(result)
    assert g.nodes[a.value]["label"] == "Anna" and g.number_of_edges() == 1


def test_result_points_read_lat_long_columns_or_a_wkt_point_and_skip_bad_ones():
    columns = _select(
        "place label lat long",
        (NamedNode(ID + "place/k"), Literal("Kursk"), Literal("51.7"), Literal("36.2")),
        (NamedNode(ID + "place/x"), Literal("X"), Literal("95"), Literal("0")),
    )
    assert [(p.label, p.lat, p.lon) for p in result_points(columns)] == [("Kursk", 51.7, 36.2)]
    wkt = _select("name coord", (Literal("Kyiv"), Literal("Point(30.5 50.45)")))
    assert [(p.label, p.lat, p.lon) for p in result_points(wkt)] == [("Kyiv", 50.45, 30.5)]


def test_result_dates_take_the_first_date_column_at_its_precision_in_order():
    result = _select(
        "date label",
        (Literal("2024"), Literal("a year")),
        (Literal("2024-08-06"), Literal("a day")),
        (Literal("soon"), Literal("no")),
    )
    assert [(r.label, r.start, r.end) for r in result_dates(result)] == [
        ("a day", dt.date(2024, 8, 6), dt.date(2024, 8, 6)),
        ("a year", dt.date(2024, 1, 1), dt.date(2024, 12, 31)),
    ]


SYRSKYI = ID + "person/oleksandr-syrskyi"
GERASIMOV = ID + "person/valery-gerasimov"
_HOP = re.compile(r" -(.+?)-> | <-(.+?)- ")


def _path_edges(path: str, iri_of: dict[str, str]) -> set[tuple[str, str, str]]:
    """The edges a path text of connection-paths states ('A -rel-> B <-rel- C'), as IRIs."""
    parts = _HOP.split(path)
    names = parts[0::3]
    edges = set()
    for i, (forward, backward) in enumerate(zip(parts[1::3], parts[2::3], strict=True)):
        a, b = iri_of[names[i]], iri_of[names[i + 1]]
        edges.add((a, b, forward) if forward else (b, a, backward))
    return edges


@pytest.mark.parametrize(
    ("source", "target", "hops"),
    [
        (SYRSKYI, GERASIMOV, {3}),
        (SYRSKYI, ID + "place/russia", {2}),
        (ID + "place/kursk-region", ID + "place/russia", {1, 2, 3}),
    ],
)
def test_connection_paths_graph_draws_exactly_the_paths_edges_and_endpoints(
    engine, source, target, hops
):
    from graph import entity_graph
    from graph.store.library import load_query

    query = load_query(ROOT / "queries" / "connection-paths.rq")
    result = engine.run(query, {"from": source, "to": target})
    assert hops <= {int(r["hops"]) for r in result_records(result)}
    entities = entity_graph(engine)
    g = result_graph(result, entities=entities)
    iri_of = {str(d["label"]): iri for iri, d in entities.nodes(data=True)}
    expected = set()
    for record in result_records(result):
        expected |= _path_edges(record["path"], iri_of)
    drawn = {(u, v, d["label"]) for u, v, d in g.edges(data=True)}
    assert drawn == expected
    assert {source, target} <= set(g.nodes)
    # Every drawn edge is a relation the graph asserts, read the way it is asserted.
    asserted = {
        (u, v, d["label"]) for u, v, d in entities.edges(data=True) if d["kind"] == "relation"
    }
    assert drawn <= asserted


def test_result_graph_draws_no_edge_a_row_does_not_declare():
    a, b, c = (NamedNode(ID + n) for n in ("person/a", "org/b", "place/c"))
    kind = NamedNode("https://w3id.org/newskg/ontology#Person")
    result = _select("person relation org place type", (a, Literal("member of"), b, c, kind))
    assert result_graph(result).number_of_edges() == 0
    # Around an entity, only the row's `other` is linked to it, never its class.
    around = _select("other otherLabel type", (b, Literal("B"), kind))
    g = result_graph(around, centre=a.value)
    assert {(u, v) for u, v in g.edges()} == {(a.value, b.value)}


def test_every_saved_graph_query_declares_how_its_rows_become_edges(engine):
    from graph.store.library import load_queries

    graph_queries = [q for q in load_queries(ROOT / "queries").values() if q.view == "Graph"]
    assert graph_queries
    for query in graph_queries:
        iris = [p for p in query.parameters if p.kind == "iri"]
        values = dict(zip((p.name for p in iris), (SYRSKYI, GERASIMOV), strict=False))
        result = engine.run(query, values)
        around = len(iris) == 1 and "other" in result.variables
        assert edge_columns(result.variables) or around, query.name
        centre = values[iris[0].name] if around else None
        assert result_graph(result, centre).number_of_edges(), query.name
