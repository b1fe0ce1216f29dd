"""graph.explore.reads: the rows the explorer's pages show, on the seed graph and by hand."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest
from pyoxigraph import Literal, NamedNode, Triple

from graph import GraphStore, InputError, QueryResult, load_settings
from graph.explore.reads import (
    ClaimRow,
    NetworkFilter,
    Passage,
    Span,
    claims,
    dated_events,
    document_passage,
    documents,
    entity_details,
    events,
    filter_network,
    filtered_network,
    group_claims,
    highlight_page,
    iri_values,
    path_hops,
    period,
    places,
    result_dates,
    result_graph,
    result_points,
    result_records,
    search_entities,
    segments,
    subgraph_quads,
)

GERASIMOV = "https://w3id.org/newskg/id/person/valery-gerasimov"
HOSTILE = '<img src=x onerror=alert(1)> "><script>alert(2)</script>'


@pytest.fixture(scope="module")
def store(built_data_dir):
    return GraphStore.open(load_settings(built_data_dir))


def _claim(iri: str, *, about=(), contests=(), contested=False, begin=0) -> ClaimRow:
    return ClaimRow(
        iri=iri,
        claimant_iri="",
        claimant="X",
        stance="asserts",
        verb="say",
        content=iri,
        date="",
        precision="",
        contested=contested,
        about=tuple(about),
        contests=tuple(contests),
        document="d",
        document_title="",
        evidence="",
        begin=begin,
    )


def test_iri_values_rejects_an_iri_that_would_break_out_of_the_query():
    assert iri_values("e", ["https://x.org/a#b"]) == "VALUES ?e { <https://x.org/a#b> }"
    with pytest.raises(InputError):
        iri_values("e", ["https://x.org/a> } ; DROP ALL ; { <x"])
    with pytest.raises(InputError):
        iri_values("e }", ["https://x.org/a"])


def test_period_spans_the_precision_of_the_date():
    assert period("2024-08-06") == (dt.date(2024, 8, 6), dt.date(2024, 8, 6))
    assert period("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert period("2025") == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert period("autumn") == (None, None)


def test_segments_skip_overlapping_and_out_of_range_spans():
    spans = [
        Span(0, 5, "a", "A", "Person"),
        Span(3, 8, "b", "B", "Place"),
        Span(6, 99, "c", "C", "Place"),
    ]
    assert segments("Alice met", spans) == [("Alice", spans[0]), (" met", None)]


def test_highlight_page_escapes_text_labels_and_headings():
    page = highlight_page(
        [
            Passage(
                HOSTILE,
                f"{HOSTILE} said",
                (Span(0, len(HOSTILE), "https://x.org/e", HOSTILE, "Person"),),
            )
        ]
    )
    assert "<script" not in page and "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert 'title="&lt;img' in page and "&quot;&gt;&lt;script&gt;" in page


def test_group_claims_joins_shared_events_and_answers_and_puts_contested_first():
    rows = [
        _claim("a", about=[("e1", "strike")]),
        _claim("b", contests=["c"], begin=1),
        _claim("c", contests=["b"], contested=True, begin=2),
        _claim("d", about=[("e1", "strike")], begin=3),
        _claim("lonely", begin=4),
    ]
    groups = group_claims(rows)
    assert [[c.iri for c in g.claims] for g in groups] == [["b", "c"], ["a", "d"], ["lonely"]]
    assert groups[0].contested and groups[1].topic == "strike"


def test_documents_have_their_front_matter(store):
    (seed,) = documents(store)
    assert seed.published == "2025-04-19" and seed.date_inferred and seed.title


def test_dated_events_are_in_order_with_their_precision(store):
    rows = dated_events(events(store))
    assert rows and all(r.precision in {"day", "month", "year"} for r in rows)
    ends = [r.end for r in rows]
    assert ends == sorted(ends)  # type: ignore[type-var]


def test_claims_are_contested_first(store):
    rows = claims(store)
    flags = [c.contested for c in rows]
    assert any(flags) and flags == sorted(flags, reverse=True)


def test_places_without_coordinates_are_kept_apart(store):
    rows = places(store)
    assert any(p.lat is None for p in rows) and any(p.lat is not None for p in rows)
    ukraine = next(p for p in rows if p.label == "Ukraine")
    assert ukraine.lat is not None and ukraine.mentions > 10


def test_entity_details_has_roles_relations_and_marked_evidence(store):
    details = entity_details(store, GERASIMOV)
    assert details.type == "Person" and "Gerasimov" in details.aliases
    assert any("Chief of General Staff" in role for role in details.roles)
    assert {r.other_label for r in details.relations} >= {"Russian General Staff", "Russia"}
    passage = details.evidence[0]
    (span,) = passage.spans
    assert "Gerasimov" in passage.text[span.begin : span.end]
    with pytest.raises(InputError):
        entity_details(store, "https://w3id.org/newskg/id/person/nobody")


def test_document_passage_marks_mentions_at_their_offsets(store):
    (seed,) = documents(store)
    passage = document_passage(store, seed.iri)
    kursk = [s for s in passage.spans if s.label == "Kursk region"]
    assert kursk and all(passage.text[s.begin : s.end].startswith("Kursk") for s in kursk)


def test_filter_network_keeps_kinds_and_relations():
    g = nx.MultiDiGraph()
    g.add_node("p", label="Pat", type="Person", subtype="", aliases=("P",), mentions=1)
    g.add_node("c", label="Chad", type="Place", subtype="Country", aliases=(), mentions=3)
    g.add_node("o", label="Org", type="Organization", subtype="", aliases=(), mentions=2)
    g.add_edge("p", "c", key="s", kind="relation", label="state")
    g.add_edge("p", "o", key="m", kind="relation", label="member of")
    assert set(filter_network(g, kinds=["Person", "Country"])) == {"p", "c"}
    assert filter_network(g, relations=["state"]).number_of_edges() == 1
    assert search_entities(g, "p") == ["p"]
    (hop,) = path_hops(g, ["c", "p"])
    assert (hop.source, hop.relation, hop.target) == ("p", "state", "c")


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


KG = "https://w3id.org/newskg/ontology#"
GENERAL_STAFF = "https://w3id.org/newskg/id/unit/russian-general-staff"


def _subgraph(store, chosen: NetworkFilter):
    from graph import entity_documents, entity_graph

    g = entity_graph(store)
    sub = filtered_network(g, chosen, entity_documents(store))
    return g, sub, subgraph_quads(store, g, sub)


def test_subgraph_quads_keep_only_relations_inside_the_filter(store):
    g, sub, quads = _subgraph(store, NetworkFilter(kinds=("Person",)))
    entities = {q.subject.value for q in quads if q.subject.value in g}
    assert entities == set(sub) and GERASIMOV in entities
    assert not [
        q
        for q in quads
        if q.object.value in g and q.object.value not in sub and q.subject.value in sub
    ]  # no link out to a unit or a place


def test_subgraph_quads_carry_each_relation_with_its_assertion_evidence_and_labels(store):
    _, _, quads = _subgraph(store, NetworkFilter(kinds=("Person", "MilitaryUnit")))
    chief_of = NamedNode(KG + "chiefOf")
    assert (GERASIMOV, GENERAL_STAFF) in {
        (q.subject.value, q.object.value) for q in quads if q.predicate == chief_of
    }
    rdf = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
    assertions = {
        q.subject
        for q in quads
        if q.predicate == NamedNode(rdf + "predicate") and q.object == chief_of
    }
    sources = {
        q.object
        for q in quads
        if q.subject in assertions and q.predicate.value.endswith("wasDerivedFrom")
    }
    anchor = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#anchorOf"
    evidence = [
        q.object.value for q in quads if q.subject in sources and q.predicate.value == anchor
    ]
    assert any("Gerasimov" in text for text in evidence)
    assert any(q.subject == chief_of and q.predicate.value.endswith("#label") for q in quads)
    # Graph names are kept, so TriG can keep the documents' graphs apart.
    assert len({q.graph_name for q in quads}) > 2


def test_subgraph_quads_export_as_parsable_turtle(store):
    import io

    import rdflib

    _, _, quads = _subgraph(store, NetworkFilter(focus=GERASIMOV, depth=1))
    out = io.BytesIO()
    store.export("turtle", out, quads)
    parsed = rdflib.Graph().parse(data=out.getvalue(), format="turtle")
    assert len(parsed) == len({q.triple for q in quads})
