"""graph.explore.results: any query's result read for the workbench's views."""

from __future__ import annotations

import datetime as dt

import networkx as nx
from pyoxigraph import Literal, NamedNode, Triple

from graph import QueryResult
from graph.explore.results import result_dates, result_graph, result_points, result_records
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


def test_result_graph_links_a_rows_iris_labelled_by_its_relation_column():
    a, b, c = (NamedNode(ID + n) for n in ("person/a", "org/b", "place/c"))
    result = _select(
        "person personLabel relation org place", (a, Literal(HOSTILE), Literal("member of"), b, c)
    )
    g = result_graph(result)
    assert g.nodes[a.value]["label"] == HOSTILE and g.nodes[b.value]["label"] == "b"
    assert {(u, v, d["label"]) for u, v, d in g.edges(data=True)} == {
        (a.value, b.value, "member of"),
        (b.value, c.value, "member of"),
    }


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
    g = result_graph(_select("a aLabel b", (a, Literal("whatever"), b)), entities=entities)
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
