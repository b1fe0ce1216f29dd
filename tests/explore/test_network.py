"""RDF -> networkx views: entity nodes, typed and co-mention edges, ego networks, paths."""

from __future__ import annotations

import random
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pyoxigraph import Literal, NamedNode, Quad, RdfFormat, Store

from graph.config import load_settings
from graph.errors import InputError
from graph.explore.network import (
    CO_MENTION,
    RELATION,
    ego_graph,
    entity_graph,
    most_mentioned,
    shortest_paths,
    type_counts,
)
from graph.pipeline.build import ontology_quads
from graph.store.base import QueryResult
from graph.store.engine import QueryEngine
from graph.store.lifecycle import write_store
from graph.vocab import ONTOLOGY_GRAPH

ID = "https://w3id.org/newskg/id/"
KG = "https://w3id.org/newskg/ontology#"
PREFIXES = f"""
@prefix kg: <{KG}> .
@prefix id: <{ID}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#> .
@prefix itsrdf: <http://www.w3.org/2005/11/its/rdf#> .
"""


def store_from(turtle: str, ontology_extra: str = "") -> QueryEngine:
    """A query engine on a store holding the project ontology plus the given Turtle."""
    store = Store()
    store.extend(ontology_quads())
    if ontology_extra:
        store.load(
            (PREFIXES + ontology_extra).encode(),
            RdfFormat.TURTLE,
            to_graph=NamedNode(str(ONTOLOGY_GRAPH)),
        )
    store.load(
        (PREFIXES + turtle).encode(),
        RdfFormat.TURTLE,
        to_graph=NamedNode("https://w3id.org/newskg/graph/test"),
    )
    settings = load_settings(Path(tempfile.mkdtemp(prefix="kg-network-")))
    write_store(settings, store.quads_for_pattern(None, None, None, None))
    engine = QueryEngine(settings)
    _ENGINES.append(engine)
    return engine


_ENGINES: list[QueryEngine] = []


@pytest.fixture(scope="module", autouse=True)
def _stop_engines() -> Iterator[None]:
    yield
    while _ENGINES:
        _ENGINES.pop().close()


def sentence(doc: str, index: int, text: str, *entities: str) -> str:
    """Turtle for one sentence and a mention of each entity in it."""
    lines = [
        f'<{ID}document/{doc}#sentence-{index}> nif:anchorOf "{text}" ; kg:sentenceIndex {index} .'
    ]
    for n, entity in enumerate(entities):
        lines.append(
            f"<{ID}document/{doc}#char={index * 100 + n},{index * 100 + n + 1}> "
            f"itsrdf:taIdentRef id:{entity} ; "
            f"nif:sentence <{ID}document/{doc}#sentence-{index}> ."
        )
    return "\n".join(lines) + "\n"


ENTITIES = """
id:alice a kg:Person ; rdfs:label "Alice"@en ; kg:mentionCount 5 ; kg:documentCount 2 ;
    skos:altLabel "Al"@en, "A."@en .
id:bob a kg:Person ; rdfs:label "Bob"@en ; kg:mentionCount 3 .
id:acme a kg:Organization ; rdfs:label "Acme"@en ; kg:mentionCount 3 .
id:brigade a kg:MilitaryUnit, kg:Organization ; rdfs:label "1st Brigade"@en ;
    kg:mentionCount 1 .
id:paris a kg:Place, kg:Settlement ; rdfs:label "Paris"@en ; kg:mentionCount 2 .
id:france a kg:Place, kg:Country ; rdfs:label "France"@en ; kg:mentionCount 4 .
id:doc a kg:Document ; rdfs:label "An article"@en .
id:paris kg:locatedIn id:france .
id:brigade kg:state id:france ; prov:wasDerivedFrom id:doc .
"""


@pytest.fixture(scope="module")
def small():
    turtle = (
        ENTITIES
        + sentence("d1", 10, "Alice met Bob at Acme.", "alice", "bob", "acme")
        + sentence("d1", 9, "Alice and Bob again.", "alice", "bob")
        + sentence("d1", 2, "Alice went to Paris.", "alice", "paris")
        + sentence("d2", 0, "Bob works at Acme.", "bob", "acme", "bob")
    )
    return entity_graph(store_from(turtle))


@pytest.fixture(scope="module")
def seed_graph(built_data_dir: Path):
    with QueryEngine(load_settings(built_data_dir)) as engine:
        return entity_graph(engine)


def edges_of(g, kind):
    return {(u, v): d for u, v, d in g.edges(data=True) if d["kind"] == kind}


def test_nodes_carry_label_type_subtype_counts_and_aliases(small):
    alice = small.nodes[ID + "alice"]
    assert (alice["label"], alice["type"], alice["subtype"]) == ("Alice", "Person", "")
    assert (alice["mentions"], alice["documents"]) == (5, 2)
    assert alice["aliases"] == ("A.", "Al")
    assert small.nodes[ID + "paris"]["type"] == "Place"
    assert small.nodes[ID + "paris"]["subtype"] == "Settlement"
    assert small.nodes[ID + "france"]["subtype"] == "Country"


def test_unit_typed_also_as_organization_is_a_military_unit(small):
    assert small.nodes[ID + "brigade"]["type"] == "MilitaryUnit"


def test_documents_are_not_entity_nodes(small):
    assert ID + "doc" not in small
    assert small.number_of_nodes() == 6


def test_evidence_sentence_is_the_earliest_in_its_article_by_number(small):
    # Index 9 beats index 10 (numeric, not string order); index 2 beats both.
    assert small.nodes[ID + "alice"]["sentence"] == "Alice went to Paris."
    assert small.nodes[ID + "bob"]["sentence"] == "Bob works at Acme."
    assert small.nodes[ID + "brigade"]["sentence"] == ""


def test_co_mention_edges_count_sentences_once_each(small):
    co = edges_of(small, CO_MENTION)
    assert co[(ID + "alice", ID + "bob")]["weight"] == 2
    # Bob is named twice in the d2 sentence: still one sentence.
    assert co[(ID + "acme", ID + "bob")]["weight"] == 2
    assert co[(ID + "alice", ID + "paris")]["weight"] == 1
    assert (ID + "bob", ID + "paris") not in co and (ID + "paris", ID + "bob") not in co
    assert all(d["label"] == "co-mentioned in a sentence" for d in co.values())


def test_relations_are_typed_directed_and_labelled_from_the_ontology(small):
    rel = edges_of(small, RELATION)
    assert set(rel) == {(ID + "paris", ID + "france"), (ID + "brigade", ID + "france")}
    assert rel[(ID + "paris", ID + "france")]["label"] == "located in"
    assert rel[(ID + "brigade", ID + "france")]["label"] == "belongs to state"
    assert rel[(ID + "brigade", ID + "france")]["property"] == KG + "state"


def test_a_new_ontology_property_becomes_an_edge_with_its_label():
    extra = 'kg:commands a owl:ObjectProperty ; rdfs:label "commands"@en, "kommandiert"@de .'
    g = entity_graph(store_from(ENTITIES + "id:alice kg:commands id:brigade .\n", extra))
    rel = edges_of(g, RELATION)
    assert rel[(ID + "alice", ID + "brigade")]["label"] == "commands"


def test_relation_to_a_non_entity_is_dropped():
    g = entity_graph(store_from(ENTITIES + "id:alice kg:state id:doc .\n"))
    assert not list(g.out_edges(ID + "alice"))


def test_relation_evidence_is_a_sentence_of_its_assertion():
    turtle = (
        ENTITIES
        + sentence("d1", 0, "The 1st Brigade of France.", "brigade")
        + f"""
    <{ID}brigade/assertion/1> a kg:Assertion ;
        <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> id:brigade ;
        <http://www.w3.org/1999/02/22-rdf-syntax-ns#predicate> kg:state ;
        <http://www.w3.org/1999/02/22-rdf-syntax-ns#object> id:france ;
        prov:wasDerivedFrom <{ID}document/d1#char=0,1> .
    """
    )
    g = entity_graph(store_from(turtle))
    assert g[ID + "brigade"][ID + "france"][KG + "state"]["sentence"] == (
        "The 1st Brigade of France."
    )


def test_empty_store_gives_an_empty_graph():
    g = entity_graph(store_from(""))
    assert g.number_of_nodes() == 0 and type_counts(g) == {}


class CountingEngine:
    """A query engine that counts the queries sent to it."""

    def __init__(self, engine: QueryEngine) -> None:
        self.engine, self.queries = engine, 0

    def run(self, *args: Any, **kwargs: Any) -> QueryResult:
        self.queries += 1
        return self.engine.run(*args, **kwargs)


def test_query_count_does_not_grow_with_the_number_of_entities():
    def counted(n: int) -> int:
        turtle = "".join(
            f'id:e{i} a kg:Person ; rdfs:label "E{i}"@en ; kg:mentionCount 1 .\n' for i in range(n)
        )
        turtle += "".join(sentence("d", i, "x", f"e{i}", f"e{(i + 1) % n}") for i in range(n))
        engine = CountingEngine(store_from(turtle))
        assert entity_graph(engine).number_of_nodes() == n  # type: ignore[arg-type]
        return engine.queries

    # Texts are read in chunks of 5,000 sentences: one query more per chunk, not per entity.
    assert counted(3) == counted(300) <= 7


def test_ego_graph_follows_edges_both_ways_up_to_depth(small):
    assert set(ego_graph(small, ID + "paris", 0)) == {ID + "paris"}
    # Paris -> France is outgoing, Alice -- Paris a co-mention stored as alice -> paris.
    assert set(ego_graph(small, ID + "paris", 1)) == {ID + "paris", ID + "france", ID + "alice"}
    two = ego_graph(small, ID + "paris", 2)
    assert {ID + "brigade", ID + "bob", ID + "acme"} <= set(two)
    assert two.nodes[ID + "paris"]["label"] == "Paris"
    assert two is not small


def test_ego_graph_of_an_unknown_entity_is_an_input_error(small):
    with pytest.raises(InputError, match="no entity"):
        ego_graph(small, ID + "nobody", 1)
    with pytest.raises(InputError, match="depth"):
        ego_graph(small, ID + "alice", -1)


def test_shortest_paths_ignore_direction_and_respect_the_limit(small):
    # France <- Paris <- Alice (co-mention) : direction is ignored.
    assert shortest_paths(small, ID + "france", ID + "alice") == [
        (ID + "france", ID + "paris", ID + "alice")
    ]
    assert len(shortest_paths(small, ID + "paris", ID + "brigade", limit=1)) == 1
    assert shortest_paths(small, ID + "paris", ID + "brigade", limit=0) == []


def test_shortest_paths_over_relations_only_skip_co_mentions(small):
    assert shortest_paths(small, ID + "paris", ID + "brigade", relations_only=True) == [
        (ID + "paris", ID + "france", ID + "brigade")
    ]
    assert shortest_paths(small, ID + "alice", ID + "france", relations_only=True) == []


def test_shortest_paths_between_unknown_entities_is_an_input_error(small):
    with pytest.raises(InputError):
        shortest_paths(small, ID + "alice", ID + "nobody")


def test_most_mentioned_ranks_by_mentions_then_label(small):
    rows = most_mentioned(small, 4)
    assert [r.label for r in rows] == ["Alice", "France", "Acme", "Bob"]
    alice = rows[0]
    assert (alice.type, alice.mentions, alice.documents) == ("Person", 5, 2)
    assert alice.connections == 3  # Bob, Acme, Paris


def test_type_counts_follow_the_display_order(small):
    assert list(type_counts(small).items()) == [
        ("Person", 2),
        ("Organization", 1),
        ("MilitaryUnit", 1),
        ("Place", 2),
    ]


def test_seed_graph_has_the_kursk_entities_and_their_relations(seed_graph):
    ukraine = seed_graph.nodes[ID + "place/ukraine"]
    assert (ukraine["type"], ukraine["subtype"]) == ("Place", "Country")
    assert ukraine["mentions"] > 10 and "Ukrain" in ukraine["sentence"]
    assert "Gerasimov" in seed_graph.nodes[ID + "person/valery-gerasimov"]["sentence"]
    rel = edges_of(seed_graph, RELATION)
    assert (
        rel[(ID + "person/oleksandr-syrskyi", ID + "place/ukraine")]["label"] == "belongs to state"
    )
    assert rel[(ID + "place/kursk-region", ID + "place/russia")]["label"] == "located in"
    assert edges_of(seed_graph, CO_MENTION)
    assert set(type_counts(seed_graph)) == {"Person", "Organization", "MilitaryUnit", "Place"}


def synthetic_quads(
    entities: int, documents: int, sentences: int, per_sentence: int, seed: int = 1
) -> Iterator[Quad]:
    """A corpus-shaped graph: typed entities with some relations, and sentences whose
    mentions follow a long-tailed popularity, as in news."""
    rnd = random.Random(seed)
    rdf_type = NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    label = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    nif = "http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#"
    ta_ident = NamedNode("http://www.w3.org/2005/11/its/rdf#taIdentRef")
    yield from ontology_quads()
    graph = NamedNode("https://w3id.org/newskg/graph/entities")
    classes = ["Person", "Organization", "MilitaryUnit", "Place"]
    nodes = [NamedNode(f"{ID}x/e{i}") for i in range(entities)]
    for i, node in enumerate(nodes):
        yield Quad(node, rdf_type, NamedNode(KG + classes[i % 4]), graph)
        yield Quad(node, label, Literal(f"Entity {i}", language="en"), graph)
        yield Quad(node, NamedNode(KG + "mentionCount"), Literal(str(rnd.randint(1, 99))), graph)
        if i % 3 == 0:
            yield Quad(node, NamedNode(KG + "state"), rnd.choice(nodes[: i + 1]), graph)
    weights = [1 / (i + 1) for i in range(entities)]
    for d in range(documents):
        doc_graph = NamedNode(f"https://w3id.org/newskg/graph/document/d{d}")
        for s in range(sentences):
            node = NamedNode(f"{ID}document/d{d}#sentence-{s}")
            yield Quad(
                node, NamedNode(nif + "anchorOf"), Literal(f"Sentence {s} of {d}."), doc_graph
            )
            yield Quad(node, NamedNode(KG + "sentenceIndex"), Literal(s), doc_graph)
            for k in range(per_sentence):
                entity = rnd.choices(nodes, weights)[0] if k == 0 else rnd.choice(nodes)
                mention = NamedNode(f"{ID}document/d{d}#char={s * 100 + k},{s * 100 + k + 1}")
                yield Quad(mention, ta_ident, entity, doc_graph)
                yield Quad(mention, NamedNode(nif + "sentence"), node, doc_graph)


@pytest.mark.benchmark
def test_entity_graph_of_20k_entities_reads_in_seconds(tmp_path):
    settings = load_settings(tmp_path)
    write_store(settings, synthetic_quads(20_000, 2_000, 25, 3))
    with QueryEngine(settings) as engine:
        started = time.perf_counter()
        g = entity_graph(engine)
        seconds = time.perf_counter() - started
    print(
        f"\nentity_graph: {g.number_of_nodes():,} nodes, {g.number_of_edges():,} edges "
        f"in {seconds:.1f} s"
    )
    assert g.number_of_nodes() == 20_000
    # Generous for a 2-core CI machine (about 6 s here); grouping co-mentions inside the
    # engine, as a first version did, took over four minutes.
    assert seconds < 60
