"""The query engine: values bound and checked, hostile queries refused, the graph left alone.

Safety tests try what a hostile or careless user would: updates, LOAD, SERVICE, remote
FROM, injection through parameter values, a query that never ends; the graph's quads hash
the same before and after. The constants here are shared by the other query tests.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pyoxigraph import Store

from graph.config import load_settings
from graph.errors import QueryError
from graph.store.base import plain_value
from graph.store.engine import QueryEngine
from graph.store.lifecycle import GraphStore, current_store_path
from tests.conftest import ROOT

# Parameters that make every saved query answer something on the seed graph.
SEED_PARAMS = {
    "aliases": {"entity": "id:place/russia"},
    "co-occurring-entities": {"entity": "id:person/volodymyr-zelensky"},
    "connection-paths": {"from": "id:person/oleksandr-syrskyi", "to": "id:place/russia"},
    "entity-neighbourhood": {"entity": "id:place/ukraine"},
    "events-of-entity": {"entity": "id:place/north-korea"},
    "find-entity": {"name": "kyiv"},
    "mentions-of-entity": {"entity": "id:person/valery-gerasimov"},
}
NEVER_ENDING = (
    "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
)
HOSTILE = [
    "INSERT DATA { <http://x.org/a> <http://x.org/b> <http://x.org/c> }",
    "insert data { graph <https://w3id.org/newskg/graph/entities> { <a:b> <a:c> <a:d> } }",
    "DELETE WHERE { ?s ?p ?o }",
    "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "LOAD <http://example.org/data.ttl>",
    "LOAD <file:///etc/passwd> INTO GRAPH <https://w3id.org/newskg/graph/entities>",
    "CLEAR ALL",
    "DROP ALL",
    "DROP GRAPH <https://w3id.org/newskg/graph/entities>",
    "CREATE GRAPH <http://example.org/g>",
    "COPY DEFAULT TO <http://example.org/g>",
    "# SELECT * WHERE { ?s ?p ?o }\nCLEAR DEFAULT",
    "SELECT * WHERE { ?s ?p ?o } ; DROP ALL",
    "SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { ?s ?p ?o OPTIONAL { SERVICE SILENT <http://127.0.0.1:9/> { ?s ?q ?r } } }",
    "SELECT * FROM <http://example.org/remote.ttl> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "(" * 2000,
]


def quads_hash(data_dir: Path) -> str:
    """SHA-256 of every quad of the current store, in a canonical order."""
    store = GraphStore.open(load_settings(data_dir))
    lines = sorted(str(quad) for quad in store.quads())
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("aliases", {}, "aliases needs entity"),
        ("aliases", {"entity": "Atlantis"}, "no entity or class is named 'Atlantis'"),
        ("aliases", {"entity": "http://exa mple.org/x"}, "expects"),
        ("aliases", {"entity": "id:place/russia", "colour": "red"}, "no parameter 'colour'"),
        ("timeline", {"from": "August 2024"}, "expects a date like 2024-08-06"),
        ("timeline", {"from": "2024-02-30"}, "expects a date"),
        (
            "connection-paths",
            {"from": "id:place/russia", "to": "id:place/ukraine", "max_hops": "5"},
            "must be one of: 1, 2, 3",
        ),
        (
            "connection-paths",
            {"from": "id:place/russia", "to": "id:place/ukraine", "max_hops": "two"},
            "expects a whole number",
        ),
        ("claims-and-disputes", {"contested": "maybe"}, "expects true or false"),
        ("entities-by-type", {"type": "kg:Event"}, "must be one of"),
    ],
)
def test_bad_parameter_values_get_a_clear_error(engine, library, name, params, message):
    with pytest.raises(QueryError, match=message):
        engine.run(library[name], params)


def test_graph_is_unchanged_after_hostile_queries_and_values(built_data_dir, library):
    before = quads_hash(built_data_dir)
    with QueryEngine(load_settings(built_data_dir)) as engine:
        for text in HOSTILE:
            with pytest.raises(QueryError):
                engine.run(text)
        injected = engine.run(
            library["find-entity"],
            {"name": '") } } ; DROP ALL ; INSERT DATA { <a:b> <a:c> <a:d> } #'},
        )
        assert len(injected) == 0
        assert len(engine.run("SELECT * WHERE { ?s ?p ?o }", max_rows=100_000)) > 1000
    assert quads_hash(built_data_dir) == before


def test_row_cap_truncates_and_says_so(engine):
    result = engine.run("SELECT ?s ?p ?o WHERE { ?s ?p ?o }", max_rows=7)
    assert len(result) == 7 and result.truncated
    exact = engine.run(
        "SELECT ?s WHERE { ?s a <https://w3id.org/newskg/ontology#Person> }", max_rows=6
    )
    assert len(exact) == 6 and not exact.truncated


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { ?s ?p ?o } LIMIT 3",
        "SELECT DISTINCT * WHERE { ?s ?p ?o . FILTER(isIRI(?o)) } LIMIT 3",
        "SELECT * WHERE { { SELECT ?s (COUNT(*) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s } }",
    ],
)
def test_select_star_keeps_the_order_variables_appear_in(engine, text):
    result = engine.run(text, max_rows=3)
    order = [v for v in ("s", "p", "o", "n") if v in result.variables]
    assert list(result.variables) == order and len(result) == 3
    assert result.records()[0] == dict(zip(order, map(plain_value, result.rows[0]), strict=True))


def test_a_projection_keeps_its_order(engine):
    result = engine.run("SELECT ?o ?s ?p WHERE { ?s ?p ?o } LIMIT 1")
    assert result.variables == ("o", "s", "p")


def test_other_result_forms(engine):
    assert engine.run("ASK { ?s a <https://w3id.org/newskg/ontology#Country> }").boolean
    graph = engine.run("CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } LIMIT 5")
    assert graph.form == "graph" and len(graph.triples) == 5


def test_a_rebuilt_store_is_picked_up_by_a_running_engine(built_data_dir, tmp_path):
    data = tmp_path / "copy"
    shutil.copytree(built_data_dir, data)
    settings = load_settings(data)
    with QueryEngine(settings) as engine:
        assert engine.run("ASK { ?s a <https://w3id.org/newskg/ontology#Person> }").boolean
        old = current_store_path(settings)
        assert old is not None
        empty = settings.store_dir / "empty"
        Store(str(empty)).flush()
        (data / "CURRENT").write_text("empty\n")
        assert not engine.run("ASK { ?s a <https://w3id.org/newskg/ontology#Person> }").boolean


def test_query_modules_start_without_spacy_and_the_api_is_complete():
    import graph

    assert set(graph.__all__) == set(graph._ORIGIN)
    code = "import sys, graph.store.engine, graph.cli; print('spacy' in sys.modules)"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert out.stdout.strip() == "False", out.stderr


def test_bind_rows_opens_the_where_clause_with_one_row_per_term():
    from pyoxigraph import NamedNode

    from graph.store.engine import bind_rows

    text = 'SELECT ?e WHERE { ?e ?p "WHERE {" } # WHERE {'
    bound = bind_rows(text, "e", [NamedNode("https://x.org/a"), NamedNode("https://x.org/b")])
    assert bound == (
        'SELECT ?e WHERE { VALUES ?e { <https://x.org/a> <https://x.org/b> }  ?e ?p "WHERE {" }'
        " # WHERE {"
    )
    with pytest.raises(QueryError, match="variable"):
        bind_rows(text, "e } DROP ALL {", [])
    with pytest.raises(QueryError, match="WHERE"):
        bind_rows("ASK { ?s ?p ?o }", "s", [])


def test_rows_bound_by_the_engine_reach_the_query(engine):
    from pyoxigraph import NamedNode

    text = (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> "
        "SELECT ?node ?label WHERE { ?node rdfs:label ?label }"
    )
    gerasimov = NamedNode("https://w3id.org/newskg/id/person/valery-gerasimov")
    result = engine.run(text, values={"node": [gerasimov, NamedNode("https://x.org/none")]})
    assert result.records() == [{"node": gerasimov.value, "label": "Valery Gerasimov"}]
