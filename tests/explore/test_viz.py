"""networkx -> PyVis HTML: escaping, caps, styles, physics and offline assets."""

from __future__ import annotations

import html
import json
import re
import time

import networkx as nx
import pytest

from graph.explore.network import CO_MENTION, RELATION
from graph.explore.viz import LABEL_CHARS, STYLES, assert_offline, render_network

HOSTILE = "<script>alert(1)</script>\"'\\"


def entity(
    g: nx.MultiDiGraph,
    iri: str,
    label: str,
    type_: str,
    mentions: int = 1,
    subtype: str = "",
    sentence: str = "",
    aliases: tuple[str, ...] = (),
) -> None:
    g.add_node(
        iri,
        label=label,
        type=type_,
        subtype=subtype,
        mentions=mentions,
        documents=1,
        aliases=aliases,
        sentence=sentence,
    )


def relation(g: nx.MultiDiGraph, a: str, b: str, label: str, sentence: str = "") -> None:
    g.add_edge(
        a,
        b,
        key="p:" + label,
        kind=RELATION,
        property="p:" + label,
        label=label,
        weight=1,
        sentence=sentence,
    )


def co_mention(g: nx.MultiDiGraph, a: str, b: str, weight: int) -> None:
    g.add_edge(
        a, b, key=CO_MENTION, kind=CO_MENTION, label="co-mentioned in a sentence", weight=weight
    )


def data_of(page: str) -> tuple[list[dict], list[dict]]:
    """The node and edge lists the page hands to vis-network."""
    nodes = re.search(r"var nodeList = (.*);\n", page)
    edges = re.search(r"var edgeList = (.*);\n", page)
    assert nodes and edges
    return json.loads(nodes.group(1)), json.loads(edges.group(1))


@pytest.fixture()
def hostile_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    entity(
        g,
        "e:evil",
        HOSTILE,
        "Person",
        3,
        sentence=f"He said {HOSTILE} twice.",
        aliases=(HOSTILE + "2",),
    )
    entity(g, "e:kyiv", "Kyiv", "Place", 2, subtype="Settlement")
    relation(g, "e:evil", "e:kyiv", HOSTILE, sentence=HOSTILE)
    co_mention(g, "e:evil", "e:kyiv", 2)
    return g


def test_hostile_label_is_never_raw_in_the_page(hostile_graph):
    page = render_network(hostile_graph).html
    assert HOSTILE not in page
    assert "<script>alert" not in page
    assert "</script>\"'" not in page
    # vis-network's own code builds one "<script>" string; the page has two script blocks.
    assert page.count("<script") == 3


def test_hostile_label_is_html_escaped_in_tooltips(hostile_graph):
    nodes, edges = data_of(render_network(hostile_graph).html)
    evil = next(n for n in nodes if n["id"] == "e:evil")
    escaped = html.escape(HOSTILE)
    assert f"<b>{escaped}</b>" in evil["title"]
    assert f"He said {escaped} twice." in evil["title"]
    assert html.escape(HOSTILE + "2") in evil["title"]
    assert "<script>" not in evil["title"]
    for edge in edges:
        assert escaped in edge["title"] and "<script>" not in edge["title"]


def test_canvas_labels_keep_the_exact_text(hostile_graph):
    # Labels are painted on a canvas, never parsed as HTML: escaping them would show
    # "&lt;" to the reader. They are escaped for the script block by tojson instead.
    nodes, edges = data_of(render_network(hostile_graph).html)
    assert next(n for n in nodes if n["id"] == "e:evil")["label"] == HOSTILE
    assert next(e for e in edges if e.get("arrows") == "to")["label"] == HOSTILE


def big_graph(n: int) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph()
    for i in range(n):
        entity(g, f"e:{i}", f"Entity {i}", "Person", mentions=n - i)
    for i in range(1, n):
        co_mention(g, f"e:{i - 1}", f"e:{i}", 1 + i % 5)
    return g


def test_cap_keeps_the_most_mentioned_and_says_how_many_were_shown():
    view = render_network(big_graph(500))
    assert (view.nodes_shown, view.nodes_total) == (300, 500)
    assert view.capped
    assert view.notice.startswith("Showing 300 of 500 entities")
    assert view.notice in view.html  # also inside the network's legend
    nodes, _ = data_of(view.html)
    assert {n["id"] for n in nodes} == {f"e:{i}" for i in range(300)}


def test_small_graph_is_not_capped_and_has_no_notice(hostile_graph):
    view = render_network(hostile_graph)
    assert (view.nodes_shown, view.nodes_total, view.edges_shown, view.edges_total) == (2, 2, 2, 2)
    assert not view.capped and view.notice == ""


def test_focus_entity_survives_the_cap_and_is_highlighted():
    view = render_network(big_graph(50), max_nodes=5, focus="e:49")
    nodes, _ = data_of(view.html)
    assert "e:49" in {n["id"] for n in nodes} and len(nodes) == 5
    assert next(n for n in nodes if n["id"] == "e:49")["borderWidth"] == 4


def test_edge_cap_keeps_relations_then_the_heaviest_co_mentions():
    g = nx.MultiDiGraph()
    for name in "abcd":
        entity(g, name, name.upper(), "Person")
    co_mention(g, "a", "b", 1)
    co_mention(g, "a", "c", 9)
    co_mention(g, "b", "c", 5)
    relation(g, "c", "d", "part of")
    view = render_network(g, max_edges=2)
    _, edges = data_of(view.html)
    assert {(e["from"], e["to"]) for e in edges} == {("c", "d"), ("a", "c")}
    assert (view.edges_shown, view.edges_total) == (2, 4)
    assert "2 of 4 links" in view.notice


def test_nodes_are_coloured_and_shaped_by_type_and_the_legend_lists_them():
    g = nx.MultiDiGraph()
    entity(g, "p", "Person A", "Person")
    entity(g, "c", "Country B", "Place", subtype="Country")
    entity(g, "u", "Unit C", "MilitaryUnit")
    view = render_network(g)
    nodes, _ = data_of(view.html)
    style = {n["id"]: (n["shape"], n["color"]["background"]) for n in nodes}
    assert style["p"] == (STYLES["Person"].shape, STYLES["Person"].color)
    assert style["c"] == (STYLES["Country"].shape, STYLES["Country"].color)
    assert style["u"] == (STYLES["MilitaryUnit"].shape, STYLES["MilitaryUnit"].color)
    assert len({s for s in style.values()}) == 3
    legend = view.html.split('<div id="legend">', 1)[1].split("</div>\n<script>", 1)[0]
    assert "person" in legend and "country" in legend and "military unit" in legend
    assert "organization" not in legend and "settlement" not in legend


def test_edges_are_labelled_relations_and_dashed_co_mentions(hostile_graph):
    _, edges = data_of(render_network(hostile_graph).html)
    typed = next(e for e in edges if e.get("arrows") == "to")
    co = next(e for e in edges if e.get("dashes"))
    assert typed["label"] == HOSTILE
    assert "2 sentences" in co["title"]


def test_physics_uses_barnes_hut_and_stops_after_150_iterations(hostile_graph):
    page = render_network(hostile_graph).html
    found = re.search(r"new vis.Network\([^,]+, data,\s*(\{.*?\})\);", page, re.S)
    assert found
    options = json.loads(found.group(1))
    assert options["physics"]["solver"] == "barnesHut"
    assert options["physics"]["stabilization"]["iterations"] == 150
    assert "setOptions({physics: {enabled: false}})" in page


def test_page_loads_nothing_from_a_cdn(hostile_graph):
    page = render_network(hostile_graph).html
    assert not re.search(r"<(script|link)[^>]+(src|href)\s*=\s*[\"']?(https?:)?//", page, re.I)
    assert not re.search(r"cdnjs|jsdelivr|unpkg", page, re.I)
    assert "vis.Network" in page and len(page) > 400_000  # vis-network is inlined


def test_assert_offline_fails_loudly_on_a_cdn_reference():
    with pytest.raises(RuntimeError, match="remote asset"):
        assert_offline('<link rel="stylesheet" href="https://cdn.example/x.css">')
    with pytest.raises(RuntimeError):
        assert_offline("<script src='//cdn.example/x.js'></script>")
    assert_offline('<a href="https://example.org">fine, a link is not an asset</a>')


def test_empty_graph_renders_a_message():
    view = render_network(nx.MultiDiGraph())
    assert "No entities to show." in view.html and view.nodes_total == 0


def test_rendering_a_large_uncapped_graph_is_not_quadratic():
    g = big_graph(3_000)
    for i in range(0, 3_000, 3):
        for j in (7, 11, 13):
            co_mention(g, f"e:{i}", f"e:{(i + j) % 3_000}", 2)
    started = time.perf_counter()
    view = render_network(g, max_nodes=3_000, max_edges=20_000)
    assert view.nodes_shown == 3_000 and view.edges_shown == g.number_of_edges()
    # Network.add_edge scans every edge per call: minutes here. Filled lists take well
    # under a second.
    assert time.perf_counter() - started < 10


def test_long_labels_are_shortened_on_the_canvas_but_whole_in_the_tooltip():
    g = nx.MultiDiGraph()
    long = "asserts: that Russian forces were already conducting operations inside Sumy"
    entity(g, "e:claim", long, "Claim")
    node = data_of(render_network(g).html)[0][0]
    assert node["label"].endswith("…") and len(node["label"]) == LABEL_CHARS
    assert long in node["title"]


def test_parallel_relations_bend_apart_and_a_lone_one_stays_straight():
    import json
    import re

    import networkx as nx

    from graph.explore.viz import render_network

    g = nx.MultiDiGraph()
    for node in ("a", "b", "c"):
        g.add_node(node, label=node.upper(), type="Place", mentions=1)
    g.add_edge("a", "b", key="state", kind="relation", label="belongs to state")
    g.add_edge("b", "a", key="leaderOf", kind="relation", label="leader of")
    g.add_edge("a", "b", key="partOf", kind="relation", label="part of")
    g.add_edge("a", "c", key="locatedIn", kind="relation", label="located in")
    page = render_network(g).html
    edges = json.loads(re.search(r"var edgeList = (.*);", page).group(1))  # type: ignore[union-attr]
    bends = {e["label"]: e["smooth"] for e in edges}
    assert bends["located in"] is False
    parallel = [
        json.dumps(bends[k], sort_keys=True) for k in ("belongs to state", "leader of", "part of")
    ]
    assert len(set(parallel)) == 3  # no two drawn along the same curve
    assert 'network.on("hoverEdge"' in page and "showLabels" in page
