"""Viz: a networkx entity graph -> a self-contained PyVis (vis-network) HTML page.

Takes a graph from :mod:`graph.explore.network` and gives a :class:`NetworkView`: the HTML, plus how
many nodes and edges were drawn of how many, since big graphs are capped to the most
mentioned entities (a browser lays out a few hundred nodes in a second, not thousands).
The page works offline: vis-network's script and styles are inlined from the PyVis package,
and rendering fails loudly if anything would still load from the network.

Everything from articles is untrusted. Tooltips are HTML, so every value in them is
``html.escape``-d in Python before the page turns them into DOM nodes. Node and edge labels
are drawn as text on a canvas, never parsed as HTML, so they stay unescaped (escaping would
show ``&amp;`` to the reader); like all data they reach the page through Jinja's ``tojson``,
which escapes ``<``, ``>``, ``&`` and quotes so no value can close the ``<script>`` block.
"""

from __future__ import annotations

import html
import importlib.util
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment
from markupsafe import Markup

from graph.explore.network import CO_MENTION, RELATION

DEFAULT_MAX_NODES = 300
DEFAULT_MAX_EDGES = 2000
SENTENCE_CHARS = 280
LABEL_CHARS = 48  # on the canvas; the tooltip has the whole label
ALIASES_SHOWN = 6


@dataclass(frozen=True)
class NodeStyle:
    """How one entity type is drawn, and named in the legend."""

    name: str
    color: str
    shape: str


# Keyed by place subtype or entity type; every shape is one that puts the label below it,
# so labels line up whatever the type.
STYLES = {
    "Person": NodeStyle("person", "#4e79a7", "dot"),
    "Organization": NodeStyle("organization", "#f28e2b", "square"),
    "MilitaryUnit": NodeStyle("military unit", "#e15759", "triangle"),
    "Country": NodeStyle("country", "#2f7d32", "diamond"),
    "Region": NodeStyle("region", "#59a14f", "hexagon"),
    "Settlement": NodeStyle("settlement", "#17a2b8", "star"),
    "Facility": NodeStyle("facility", "#9c755f", "triangleDown"),
    "Place": NodeStyle("place", "#8cd17d", "dot"),
}
OTHER_STYLE = NodeStyle("other", "#9d9d9d", "dot")
RELATION_COLOR = "#4d4d4d"
CO_MENTION_COLOR = "#c4c4c4"

# The legend draws each vis-network shape as a 14x14 SVG polygon (None: a circle).
_SVG_POINTS: dict[str, str | None] = {
    "dot": None,
    "square": "2,2 12,2 12,12 2,12",
    "triangle": "7,1 13,13 1,13",
    "triangleDown": "1,1 13,1 7,13",
    "diamond": "7,0 14,7 7,14 0,7",
    "hexagon": "7,0.5 12.6,3.8 12.6,10.2 7,13.5 1.4,10.2 1.4,3.8",
    "star": "7,0.5 8.6,5 13.5,5 9.6,8 11,13 7,10 3,13 4.4,8 0.5,5 5.4,5",
}

PHYSICS: dict[str, Any] = {
    "solver": "barnesHut",
    "barnesHut": {
        "gravitationalConstant": -8000,
        "centralGravity": 0.35,
        "springLength": 150,
        "springConstant": 0.04,
        "damping": 0.35,
        "avoidOverlap": 0.2,
    },
    # Lay out before the first paint, then stop (see the template): the graph appears
    # settled instead of drifting, and an idle page uses no CPU.
    "stabilization": {"enabled": True, "iterations": 150, "updateInterval": 25, "fit": True},
    "minVelocity": 1.0,
    "timestep": 0.5,
}
OPTIONS: dict[str, Any] = {
    "physics": PHYSICS,
    "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": True},
    "nodes": {
        "borderWidth": 1,
        "font": {"size": 14, "face": "sans-serif", "strokeWidth": 3, "strokeColor": "#ffffff"},
        "scaling": {"min": 10, "max": 36, "label": {"enabled": False}},
    },
    "edges": {
        "font": {
            "size": 11,
            "face": "sans-serif",
            "color": "#333333",
            "strokeWidth": 4,
            "strokeColor": "#ffffff",
            "align": "horizontal",
        },
        "selectionWidth": 2,
    },
}


@dataclass(frozen=True)
class NetworkView:
    """A rendered network and what the cap left out."""

    html: str
    nodes_shown: int
    nodes_total: int
    edges_shown: int
    edges_total: int

    @property
    def capped(self) -> bool:
        return self.nodes_shown < self.nodes_total or self.edges_shown < self.edges_total

    @property
    def notice(self) -> str:
        """One line for the reader when the cap hid something, else ``""``."""
        if not self.capped:
            return ""
        return (
            f"Showing {self.nodes_shown:,} of {self.nodes_total:,} entities (the most "
            f"mentioned) and {self.edges_shown:,} of {self.edges_total:,} links."
        )


def style_of(data: dict[str, Any]) -> NodeStyle:
    return STYLES.get(data.get("subtype") or "", STYLES.get(data.get("type", ""), OTHER_STYLE))


def render_network(
    g: nx.MultiDiGraph,
    *,
    max_nodes: int = DEFAULT_MAX_NODES,
    max_edges: int = DEFAULT_MAX_EDGES,
    height: int = 600,
    focus: str | None = None,
) -> NetworkView:
    """The graph as an offline HTML page, capped to the ``max_nodes`` most mentioned
    entities (``focus`` always kept and highlighted) and ``max_edges`` links among them
    (typed relations first, then the co-mentions seen in most sentences)."""
    nodes = _top_nodes(g, max_nodes, focus)
    kept = set(nodes)
    edges = [(u, v, d) for u, v, d in g.edges(data=True) if u in kept and v in kept]
    edges.sort(key=lambda e: (e[2].get("kind") != RELATION, -e[2].get("weight", 1)))
    shown_edges = edges[: max(max_edges, 0)]

    # The node and edge dicts PyVis's Network would hold, made directly: its add_node and
    # add_edge scan lists for duplicates (quadratic), get_network_data only hands these
    # lists back, and importing pyvis.network imports IPython (a quarter second of every
    # cold start of the Network page).
    view_nodes = [_node(iri, g.nodes[iri], iri == focus) for iri in nodes]
    view_edges = [_edge(g, u, v, d) for u, v, d in shown_edges]
    _bend_parallel(view_edges)

    legend = [_legend_item(style) for style in _styles_in(g, nodes)]
    kinds = {d.get("kind") for _, _, d in shown_edges}
    page = _template().render(
        nodes=view_nodes,
        edges=view_edges,
        options=OPTIONS,
        height=f"{height}px",
        width="100%",
        legend=legend,
        show_relations=RELATION in kinds,
        show_co_mentions=CO_MENTION in kinds,
        vis_js=Markup(_asset("vis-network.min.js")),
        vis_css=Markup(_asset("vis-network.css")),
        notice=_notice(len(nodes), g.number_of_nodes(), len(shown_edges), g.number_of_edges()),
    )
    assert_offline(page)
    return NetworkView(
        html=page,
        nodes_shown=len(nodes),
        nodes_total=g.number_of_nodes(),
        edges_shown=len(shown_edges),
        edges_total=g.number_of_edges(),
    )


def _notice(nodes_shown: int, nodes_total: int, edges_shown: int, edges_total: int) -> str:
    return NetworkView("", nodes_shown, nodes_total, edges_shown, edges_total).notice


def _top_nodes(g: nx.MultiDiGraph, limit: int, focus: str | None) -> list[str]:
    ranked = sorted(
        g.nodes,
        key=lambda n: (
            n != focus,
            -g.nodes[n].get("mentions", 0),
            str(g.nodes[n].get("label", n)).casefold(),
            n,
        ),
    )
    return ranked[: max(limit, 0)]


def _styles_in(g: nx.MultiDiGraph, nodes: Iterable[str]) -> list[NodeStyle]:
    used = {style_of(g.nodes[n]) for n in nodes}
    return [s for s in (*STYLES.values(), OTHER_STYLE) if s in used]


def _legend_item(style: NodeStyle) -> dict[str, str | None]:
    return {"name": style.name, "color": style.color, "points": _SVG_POINTS.get(style.shape)}


def _node(iri: str, data: dict[str, Any], focus: bool) -> dict[str, Any]:
    style = style_of(data)
    label = str(data.get("label") or iri)
    node: dict[str, Any] = {
        "id": iri,
        "label": _shorten(label, LABEL_CHARS),
        "title": _node_tooltip(label, data, style),
        "shape": style.shape,
        "value": max(int(data.get("mentions", 0)), 1),
        "color": {
            "background": style.color,
            "border": "#ffffff" if not focus else "#000000",
            "highlight": {"background": style.color, "border": "#000000"},
            "hover": {"background": style.color, "border": "#000000"},
        },
    }
    if focus:
        node["borderWidth"] = 4
        node["font"] = {"size": 18}
    return node


def _node_tooltip(label: str, data: dict[str, Any], style: NodeStyle) -> str:
    e = html.escape
    mentions, documents = int(data.get("mentions", 0)), int(data.get("documents", 0))
    parts = [
        f"<b>{e(label)}</b>",
        f"<div>{e(style.name)} · {mentions} mention{'s' * (mentions != 1)} in "
        f"{documents} article{'s' * (documents != 1)}</div>",
    ]
    aliases = [a for a in data.get("aliases", ()) if a != label]
    if aliases:
        more = len(aliases) - ALIASES_SHOWN
        shown = ", ".join(e(a) for a in aliases[:ALIASES_SHOWN]) + (f" +{more}" if more > 0 else "")
        parts.append(f"<div>also: {shown}</div>")
    if data.get("sentence"):
        parts.append(f"<blockquote>{e(_shorten(data['sentence']))}</blockquote>")
    return "".join(parts)


def _edge(g: nx.MultiDiGraph, u: str, v: str, data: dict[str, Any]) -> dict[str, Any]:
    e = html.escape
    source, target = str(g.nodes[u].get("label", u)), str(g.nodes[v].get("label", v))
    if data.get("kind") == CO_MENTION:
        weight = int(data.get("weight", 1))
        # Bowed, so that a co-mention never hides a relation between the same two nodes.
        return {
            "from": u,
            "to": v,
            "arrows": "",
            "dashes": True,
            "color": CO_MENTION_COLOR,
            "smooth": {"enabled": True, "type": "curvedCW", "roundness": 0.2},
            "width": 1 + min(math.log2(weight), 4),
            "title": f"<b>{e(source)}</b> and <b>{e(target)}</b> are named together in "
            f"{weight} sentence{'s' * (weight != 1)}",
        }
    label = str(data.get("label", ""))
    title = f"<b>{e(source)}</b> {e(label)} <b>{e(target)}</b>"
    if data.get("sentence"):
        title += f"<blockquote>{e(_shorten(data['sentence']))}</blockquote>"
    return {
        "from": u,
        "to": v,
        "label": label,
        "title": title,
        "arrows": "to",
        "color": RELATION_COLOR,
        "width": 1.5,
        "smooth": False,
    }


def _bend_parallel(edges: list[dict[str, Any]]) -> None:
    """Relations between the same two entities (either way) bend apart, each by a
    different roundness, so neither their lines nor their labels lie on top of each
    other; a lone relation stays straight."""
    seen: dict[frozenset[str], int] = {}
    for edge in edges:
        if edge.get("dashes"):
            continue
        pair = frozenset((edge["from"], edge["to"]))
        seen[pair] = seen.get(pair, 0) + 1
    drawn: dict[frozenset[str], int] = {}
    for edge in edges:
        pair = frozenset((edge["from"], edge["to"]))
        if edge.get("dashes") or seen[pair] < 2:
            continue
        index = drawn[pair] = drawn.get(pair, 0) + 1
        # Alternate sides, as seen from a fixed end, farther out for each pair drawn.
        clockwise = (index % 2 == 1) == (edge["from"] == min(pair))
        edge["smooth"] = {
            "enabled": True,
            "type": "curvedCW" if clockwise else "curvedCCW",
            "roundness": 0.15 + 0.2 * ((index - 1) // 2),
        }


def _shorten(text: str, limit: int = SENTENCE_CHARS) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


_REMOTE = re.compile(
    r"<(?:script|link|img|iframe)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*"
    r"(?:https?:)?//",
    re.IGNORECASE,
)


def assert_offline(page: str) -> None:
    """Raise if the page would load anything from the network (a CDN script or style)."""
    found = _REMOTE.search(page)
    if found:
        raise RuntimeError(
            f"network page would load a remote asset ({found.group(0)!r}); "
            "it must work offline, so inline the asset instead"
        )


@cache
def _asset(name: str) -> str:
    """A vis-network file shipped inside the PyVis package, to inline in the page."""
    spec = importlib.util.find_spec("pyvis")  # found, not imported (see render_network)
    if spec is None or spec.origin is None:
        raise RuntimeError("the pyvis package, which ships vis-network, is not installed")
    path = Path(spec.origin).parent / "templates" / "lib" / "vis-9.1.2" / name
    text = path.read_text(encoding="utf-8")
    if "</script" in text.lower() or "</style" in text.lower():
        raise RuntimeError(f"{path} cannot be inlined: it would close its own tag")
    return text


@lru_cache(maxsize=1)
def _template() -> Any:
    return Environment(autoescape=True).from_string(TEMPLATE)


# Our own page rather than PyVis's template.html, which links Bootstrap from a CDN even in
# "in_line" mode, prints its heading unescaped and shows tooltips as plain text unless some
# tooltip happens to contain "href". Autoescaping is on: only the vis assets are Markup.
TEMPLATE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<style>{{ vis_css }}</style>
<script>{{ vis_js }}</script>
<style>
  html, body { margin: 0; padding: 0; font-family: sans-serif; background: #ffffff; }
  #network { width: {{ width }}; height: calc({{ height }} - 34px); position: relative; }
  /* A strip above the drawing, never over a node or its label. */
  #legend { display: flex; flex-wrap: wrap; gap: 2px 14px; padding: 4px 8px;
            height: 26px; overflow: hidden; box-sizing: border-box;
            border-bottom: 1px solid #eeeeee; font-size: 12px; color: #333333;
            line-height: 1.5; }
  #legend svg { vertical-align: middle; margin-right: 4px; }
  #legend .notice { color: #8a5300; max-width: 260px; }
  #empty { position: absolute; top: 45%; width: 100%; text-align: center; color: #777777; }
  div.vis-tooltip { max-width: 380px; white-space: normal; font-family: sans-serif;
                    font-size: 13px; line-height: 1.35; padding: 8px; }
  div.vis-tooltip blockquote { margin: 6px 0 0 0; padding-left: 8px;
                               border-left: 3px solid #cccccc; color: #444444;
                               font-style: italic; }
</style>
</head>
<body>
<div id="legend">
  {% for item in legend %}
  <div><svg width="14" height="14" viewBox="0 0 14 14" aria-hidden="true">
    {% if item.points %}<polygon points="{{ item.points }}" fill="{{ item.color }}"/>
    {% else %}<circle cx="7" cy="7" r="6" fill="{{ item.color }}"/>{% endif %}
  </svg>{{ item.name }}</div>
  {% endfor %}
  {% if show_relations %}
  <div><svg width="22" height="10" aria-hidden="true"><line x1="0" y1="5" x2="16" y2="5"
    stroke="#4d4d4d" stroke-width="2"/><polygon points="16,1 22,5 16,9" fill="#4d4d4d"/>
  </svg>relation</div>
  {% endif %}
  {% if show_co_mentions %}
  <div><svg width="22" height="10" aria-hidden="true"><line x1="0" y1="5" x2="22" y2="5"
    stroke="#aaaaaa" stroke-width="2" stroke-dasharray="4 3"/></svg>named in the same
    sentence</div>
  {% endif %}
  {% if notice %}<div class="notice">{{ notice }}</div>{% endif %}
</div>
<div id="network"></div>
{% if not nodes %}<div id="empty">No entities to show.</div>{% endif %}
<script>
  (function () {
    // Tooltips arrive as HTML whose every value was escaped in Python; vis-network shows
    // a string tooltip as plain text, so hand it an element instead.
    function tip(markup) {
      var element = document.createElement("div");
      element.innerHTML = markup;
      return element;
    }
    var nodeList = {{ nodes|tojson }};
    var edgeList = {{ edges|tojson }};
    nodeList.forEach(function (n) { if (n.title) { n.title = tip(n.title); } });
    edgeList.forEach(function (e) { if (e.title) { e.title = tip(e.title); } });
    var data = {nodes: new vis.DataSet(nodeList), edges: new vis.DataSet(edgeList)};
    var network = new vis.Network(document.getElementById("network"), data,
                                  {{ options|tojson }});
    network.once("stabilizationIterationsDone", function () {
      network.setOptions({physics: {enabled: false}});
      document.body.setAttribute("data-stabilized", "true");
    });
    // Relation labels are drawn when zoomed in enough to read them, and on the edge
    // under the pointer; zoomed out they would pile up in the middle.
    var LABEL_SCALE = 0.9, LABEL_SIZE = {{ options.edges.font.size }};
    var labelsShown = null;
    function showLabels(scale) {
      var show = scale >= LABEL_SCALE;
      if (show === labelsShown) { return; }
      labelsShown = show;
      data.edges.update(data.edges.getIds().map(function (id) {
        return {id: id, font: {size: show ? LABEL_SIZE : 0}};
      }));
    }
    network.on("zoom", function (params) { showLabels(params.scale); });
    network.on("hoverEdge", function (params) {
      data.edges.update({id: params.edge, font: {size: LABEL_SIZE}});
    });
    network.on("blurEdge", function (params) {
      data.edges.update({id: params.edge, font: {size: labelsShown ? LABEL_SIZE : 0}});
    });
    network.once("stabilizationIterationsDone", function () {
      showLabels(network.getScale());
    });
    window.network = network;
  })();
</script>
</body>
</html>
"""


__all__ = ["DEFAULT_MAX_NODES", "STYLES", "NetworkView", "assert_offline", "render_network"]
