"""The saved-query library: headers and parameters of the ``.rq`` files, and what each
saved query answers on the seed graph (rows a reader of the seed article expects)."""

from __future__ import annotations

import pytest

from graph.config import load_settings
from graph.errors import QueryError
from graph.store.library import VIEWS, parameters_in, read_query
from graph.store.lifecycle import GraphStore
from tests.store.test_engine import SEED_PARAMS

ID = "https://w3id.org/newskg/id/"
KG = "https://w3id.org/newskg/ontology#"


def run(engine, library, name, **params):
    return engine.run(library[name], params or SEED_PARAMS.get(name, {})).records()


def test_library_has_at_least_twelve_documented_queries(library):
    assert len(library) >= 12
    for name, query in library.items():
        assert query.summary and query.description and query.tags, name
        assert query.view in VIEWS, name
        assert query.text.lstrip().startswith("#+ summary:"), name
        assert f"#defaultView:{query.view}" in query.text, name


def test_headers_use_defaults_and_enumerate(library):
    paths = library["connection-paths"].parameter("max_hops")
    assert paths.default == "3" and paths.choices == ("1", "2", "3")
    kinds = library["entities-by-type"].parameter("type")
    assert kinds.kind == "iri" and not kinds.required and len(kinds.choices or ()) == 4


def test_parameters_are_read_from_variable_names():
    found = parameters_in(
        "SELECT * WHERE { ?s ?p ?_entity_iri ; ?q ?__from_date . "
        "FILTER(?x > ?_min_integer) ?s ?r '?_not_a_parameter' } # ?_nor"
    )
    assert [(p.name, p.kind, p.required) for p in found] == [
        ("entity", "iri", True),
        ("from", "date", False),
        ("min", "integer", True),
    ]


def test_header_mistakes_are_reported_with_the_file_name():
    with pytest.raises(QueryError, match="bad: unknown header key"):
        read_query("#+ summary: x\n#+ sumary: y\nSELECT * WHERE { ?s ?p ?o }", "bad")
    with pytest.raises(QueryError, match="names parameter 'nope'"):
        read_query("#+ defaults:\n#+   - nope: 1\nSELECT * WHERE { ?s ?p ?o }", "bad")
    with pytest.raises(QueryError, match="expects a whole number"):
        read_query("#+ defaults:\n#+   - n: many\nSELECT * WHERE { ?s ?p ?_n_integer }")
    with pytest.raises(QueryError, match="#defaultView"):
        read_query("#defaultView:Pie\nSELECT * WHERE { ?s ?p ?o }")


def test_timeline_lists_the_august_2024_incursion_first(engine, library):
    rows = run(engine, library, "timeline")
    assert rows[0]["date"] == "2024-08-06" and rows[0]["class"] == "Offensive"
    assert rows[0]["actors"] == "Ukrainian armed forces" and "Kursk" in rows[0]["places"]
    assert "August 6, 2024" in rows[0]["evidence"]
    ends = [r["date"] for r in rows]
    assert ends.index("2024-09") < ends.index("2024") < ends.index("2025-04-19")


def test_timeline_between_two_dates_keeps_overlapping_periods(engine, library):
    rows = run(engine, library, "timeline", **{"from": "2025-02-01", "to": "2025-02-28"})
    dates = {r["date"] for r in rows}
    assert "2025-02-28" in dates and "2025-02" in dates and "2025" in dates
    assert "2024-08-06" not in dates and "2025-03-11" not in dates


def test_people_and_roles(engine, library):
    rows = run(engine, library, "people-and-roles")
    syrskyi = [r for r in rows if r["name"] == "Oleksandr Syrskyi"]
    assert {"relation": "commander of", "role": "top commander"}.items() <= next(
        r for r in syrskyi if r["relation"] == "commander of"
    ).items()
    assert {r["role"] for r in syrskyi if r["relation"] == "job title"} >= {"General"}
    gerasimov = next(
        r for r in rows if r["name"] == "Valery Gerasimov" and r["relation"] == "chief of"
    )
    assert gerasimov["organizationLabel"] == "Russian General Staff"
    assert "Gerasimov" in gerasimov["evidence"]


def test_units_by_state(engine, library):
    rows = run(engine, library, "units-by-state")
    states = {r["unitLabel"]: r.get("stateLabel") for r in rows}
    assert states["Ukrainian armed forces"] == "Ukraine"
    assert states["North Korean armed forces"] == "North Korea"
    guard = next(r for r in rows if r["unitLabel"] == "Russian border guard")
    assert guard["stateLabel"] == "Russia" and "partOfLabel" not in guard
    russian = run(engine, library, "units-by-state", state="id:place/russia")
    assert russian and {r["stateLabel"] for r in russian} == {"Russia"}


def test_entity_neighbourhood_has_relations_both_ways(engine, library):
    rows = run(engine, library, "entity-neighbourhood")
    edges = {(r["direction"], r["relationLabel"], r["otherLabel"]) for r in rows}
    assert ("in", "belongs to state", "Ukrainian armed forces") in edges
    assert ("in", "located in", "Donetsk") in edges
    assert ("out", "altLabel", "Kyiv") in edges
    assert any(d == "in" and rel == "actor" for d, rel, _ in edges)


def test_connection_paths_give_evidence_for_every_hop(engine, library):
    rows = run(
        engine,
        library,
        "connection-paths",
        **{"from": "id:person/volodymyr-zelensky", "to": "id:place/united-states"},
    )
    path = next(r for r in rows if r["relation2"] == KG + "leaderOf")
    assert path["hops"] == "2" and path["object1"] == ID + "person/donald-trump"
    assert path["path"] == (
        "Volodymyr Zelensky -met with-> Donald Trump -leader of-> United States"
    )
    assert "February 28, 2025" in path["evidence1"] and "Trump" in path["evidence2"]
    longer = run(engine, library, "connection-paths")
    assert {r["hops"] for r in longer} >= {"2", "3"}
    assert all(
        r["path"].startswith("Oleksandr Syrskyi") and r["path"].endswith("Russia") for r in longer
    )
    assert all("evidence3" in r for r in longer if r["hops"] == "3")
    short = run(
        engine, library, "connection-paths", max_hops="2", **SEED_PARAMS["connection-paths"]
    )
    assert short and {r["hops"] for r in short} == {"2"}


def test_claims_and_who_disputes_them(engine, library):
    rows = run(engine, library, "claims-and-disputes")
    reclaimed = next(r for r in rows if "fully reclaimed" in r["content"])
    assert reclaimed["claimants"] == "Russia" and reclaimed["stance"] == "asserts"
    assert reclaimed["contested"] == "true" and "Ukraine disputes" in reclaimed["disputedBy"]
    russia = run(
        engine, library, "claims-and-disputes", claimant="id:place/russia", contested="false"
    )
    assert russia and all("Russia" in r["claimants"] and r["contested"] == "false" for r in russia)


def test_quantities_by_type_with_their_claimants(engine, library):
    rows = run(engine, library, "quantities")
    killed = next(r for r in rows if r["counts"] == "killed")
    assert killed["value"] == "300"
    assert killed["claimantLabel"] == "South Korean intelligence service"
    area = {(r["value"], r.get("claimantLabel")) for r in rows if r["counts"] == "area"}
    assert ("1300", "Oleksandr Syrskyi") in area and ("90", "Valery Gerasimov") in area
    soldiers = run(engine, library, "quantities", counts="soldiers")
    assert {r["counts"] for r in soldiers} == {"soldiers"}
    assert any(r.get("minValue") == "10000" and r.get("maxValue") == "12000" for r in soldiers)


def test_places_with_coordinates_for_a_map(engine, library):
    rows = {r["label"]: r for r in run(engine, library, "places-map")}
    assert rows["Sudzha"]["coord"] == "Point(35.271 51.191)"
    assert rows["Sudzha"]["withinLabel"] == "Kursk region"
    assert rows["Russia"]["class"] == "Country"
    assert rows["Kursk region"]["class"] == "Region"  # a region at the centroid of its towns


def test_mentions_of_an_entity(engine, library):
    rows = run(engine, library, "mentions-of-entity")
    assert [r["surface"] for r in rows] == ["Valery Gerasimov", "Gerasimov"]
    assert all(r["surface"] in r["sentence"] and r["published"] == "2025-04-19" for r in rows)
    moscow = run(engine, library, "mentions-of-entity", entity="id:place/russia")
    assert any(r["surface"] == "Moscow" and r["metonym"] == "true" for r in moscow)


def test_entities_co_occurring_with_one(engine, library):
    rows = run(engine, library, "co-occurring-entities")
    trump = next(r for r in rows if r["otherLabel"] == "Donald Trump")
    assert trump["sentences"] == "1" and "Zelensky and U.S. President" in trump["example"]
    assert "Volodymyr Zelensky" not in {r["otherLabel"] for r in rows}


def test_aliases_of_an_entity(engine, library):
    rows = {r["name"]: r for r in run(engine, library, "aliases")}
    assert rows["Russia"]["label"] == "1"
    assert (
        rows["Moscow"]["alias"] == "1"
        and rows["Moscow"]["asMetonym"] == rows["Moscow"]["mentions"] != "0"
    )
    assert "Kremlin" in rows


def test_entities_by_type_and_find_entity(engine, library):
    rows = run(engine, library, "entities-by-type")
    assert {r["label"] for r in rows[:2]} == {"Ukraine", "Russia"}
    assert "Russian General Staff" not in {r["label"] for r in rows}  # 0 mentions
    people = run(engine, library, "entities-by-type", type="kg:Person", min_mentions="0")
    assert people and {r["type"] for r in people} == {KG + "Person"}
    # A column for the more specific class only where there is one, not the type again.
    assert all("class" not in r for r in people)
    classes = {r["label"]: r.get("class") for r in rows}
    assert classes["Ukraine"] == KG + "Country" and classes["Ukrainian armed forces"] is None
    found = run(engine, library, "find-entity")
    assert found == [
        {
            "entity": ID + "place/ukraine",
            "label": "Ukraine",
            "type": KG + "Place",
            "matched": "Kyiv",
            "mentions": "22",
        }
    ]


def test_events_of_an_entity(engine, library):
    rows = run(engine, library, "events-of-entity")
    assert rows and all(r["role"] for r in rows)
    send = next(r for r in rows if r["label"] == "send (Deployment)")
    assert send["role"] == "actor" and "Russia" in send["others"]
    dated = [r.get("date") is not None for r in rows]
    assert dated == sorted(dated, reverse=True)  # undated events come last


def test_graph_overview_counts_classes_and_properties(engine, library, built_data_dir):
    rows = run(engine, library, "graph-overview")
    counts = {(r["kind"], r["term"]): int(r["count"]) for r in rows}
    stats = GraphStore.open(load_settings(built_data_dir)).stats()
    assert counts[("class", KG + "Person")] == stats.by_class["Person"]
    assert counts[("property", "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")] > 100
    assert next(r for r in rows if r["term"] == KG + "Person")["label"] == "person"
