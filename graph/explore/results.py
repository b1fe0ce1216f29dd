"""Results: any query's result read for the workbench's table, graph, timeline and map.

Takes a :class:`~graph.store.base.QueryResult` and reads its columns by their names and
values, as the Wikidata Query Service does: ``xLabel`` names the IRIs of ``x``, columns
``subject``/``relation``/``object`` (numbered per hop) are the edges of the graph,
``lat``/``long`` or a WKT point place a row on the map, and the first date column puts it
on the timeline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import networkx as nx
from pyoxigraph import Literal, NamedNode

from graph.explore.network import RELATION
from graph.explore.rows import DatedRow, MapPoint, as_float, as_int, local_name, period
from graph.store.base import QueryResult, Term
from graph.store.engine import compact
from graph.vocab import human_label

_LABEL_SUFFIXES = ("Label", "_label")
_EDGE_COLUMNS = ("relation", "property", "predicate")
_LAT_COLUMNS = ("lat", "latitude")
_LON_COLUMNS = ("long", "lon", "longitude")
_WKT_POINT = re.compile(r"\s*point\s*\(\s*(\S+)\s+(\S+)\s*\)\s*", re.I)


def result_records(result: QueryResult) -> list[dict[str, str]]:
    """A result as rows of readable strings (prefixed IRIs), for tables: one column per
    variable (blank when unbound); subject, predicate, object for triples."""
    if result.form == "ask":
        return [{"answer": "true" if result.boolean else "false"}]
    if result.form == "graph":
        return [
            {
                "subject": compact(t.subject),
                "predicate": compact(t.predicate),
                "object": compact(t.object),
            }
            for t in result.triples
        ]
    return [
        {name: compact(term) for name, term in zip(result.variables, row, strict=True)}
        for row in result.rows
    ]


def _stem(name: str) -> str:
    """A column's name without a label suffix or a number: ``relation2Label`` -> relation."""
    for suffix in _LABEL_SUFFIXES:
        name = name.removesuffix(suffix)
    return name.rstrip("0123456789").lower()


def _label_column(variables: Sequence[str], column: str) -> str | None:
    return next(
        (column + suffix for suffix in _LABEL_SUFFIXES if column + suffix in variables), None
    )


def edge_columns(variables: Sequence[str]) -> list[tuple[str, str, str | None]]:
    """The edges a result's rows declare by their column names: (subject, object,
    relation column or None) for each ``subject``/``object`` pair, numbered per hop
    (``subject1`` ``relation1`` ``object1``, ``subject2`` ...), the relation in a
    ``relation``, ``predicate`` or ``property`` column of the same number (its label
    column first)."""
    names = set(variables)
    found = []
    for subject in variables:
        if _stem(subject) != "subject" or subject.endswith(_LABEL_SUFFIXES):
            continue
        number = subject.removeprefix("subject").removeprefix("Subject")
        target = next((o for o in (f"object{number}", f"Object{number}") if o in names), None)
        if target is None:
            continue
        relation = next(
            (
                column
                for stem in _EDGE_COLUMNS
                for column in (f"{stem}{number}{suffix}" for suffix in (*_LABEL_SUFFIXES, ""))
                if column in names
            ),
            None,
        )
        found.append((subject, target, relation))
    return found


def result_graph(
    result: QueryResult, centre: str | None = None, entities: nx.MultiDiGraph | None = None
) -> nx.MultiDiGraph:
    """A result as a network for :func:`graph.viz.render_network`, drawing only the edges
    the result declares, never links guessed from the order of its columns.

    Triples link their subject and object (IRIs), labelled by the predicate. Rows declare
    their edges by column names (see :func:`edge_columns`): ``subject`` -> ``object``,
    labelled by the ``relation`` column, numbered per hop for a path; a query about one
    entity (``centre``) links it to each row's ``other``, reversed when the row's
    ``direction`` is ``in``. A column ``xLabel`` names the IRIs of ``x``. Nodes that are
    in ``entities`` (the graph of :func:`graph.network.entity_graph`) take its label,
    type, counts and evidence, so they are drawn as on the network page. Relations are
    labelled with their human names (``kg:commanderOf`` -> commander of).
    """
    g = nx.MultiDiGraph()

    def node(iri: str, label: str | None = None) -> None:
        if iri not in g:
            g.add_node(iri, label=local_name(iri), type="", mentions=1)
            if entities is not None and iri in entities:
                g.nodes[iri].update(entities.nodes[iri])
                return
        if label and (entities is None or iri not in entities):
            g.nodes[iri]["label"] = label

    def edge(source: str, target: str, relation: Term | None) -> None:
        label = _relation_label(relation)
        if source != target and not g.has_edge(source, target, key=label):
            g.add_edge(source, target, key=label, kind=RELATION, label=label, weight=1, sentence="")
            if isinstance(relation, NamedNode):
                g.edges[source, target, label]["property"] = relation.value

    if result.form == "graph":
        for triple in result.triples:
            if isinstance(triple.subject, NamedNode) and isinstance(triple.object, NamedNode):
                node(triple.subject.value)
                node(triple.object.value)
                edge(triple.subject.value, triple.object.value, triple.predicate)
            elif isinstance(triple.subject, NamedNode) and local_name(triple.predicate.value) in (
                "label",
                "prefLabel",
                "name",
            ):
                node(triple.subject.value, compact(triple.object))
        return g
    variables = list(result.variables)
    hops = edge_columns(variables)
    around = "other" if centre and "other" in variables and not hops else None
    relation_column = next(
        (c for s in _EDGE_COLUMNS for c in (s + "Label", s + "_label", s) if c in variables), None
    )

    def iri_node(cells: dict[str, Term | None], column: str) -> str | None:
        term = cells[column]
        if not isinstance(term, NamedNode):
            return None
        label_column = _label_column(variables, column)
        node(term.value, compact(cells[label_column]) if label_column else None)
        return term.value

    for row in result.rows:
        cells = dict(zip(variables, row, strict=True))
        for subject_column, object_column, relation in hops:
            source, target = iri_node(cells, subject_column), iri_node(cells, object_column)
            if source and target:
                edge(source, target, cells[relation] if relation else None)
        if around and centre:
            other = iri_node(cells, around)
            if other:
                node(centre)
                inward = compact(cells.get("direction")) == "in"
                relation_term = cells[relation_column] if relation_column else None
                edge(*((other, centre) if inward else (centre, other)), relation_term)
    return g


def _relation_label(relation: Term | None) -> str:
    """How an edge is labelled: a label as given, an IRI by its human name."""
    if relation is None:
        return ""
    if isinstance(relation, NamedNode):
        return human_label(relation.value)
    return compact(relation)


def _row_label(variables: Sequence[str], cells: dict[str, Term | None], skip: Iterable[str]) -> str:
    """What a row is about: its ``label`` column, else its first literal, else first IRI."""
    if cells.get("label") is not None:
        return compact(cells["label"])
    rest = [v for v in variables if v not in set(skip) and cells[v] is not None]
    literal = next((v for v in rest if isinstance(cells[v], Literal)), None)
    return compact(cells[literal or rest[0]]) if literal or rest else ""


def result_points(result: QueryResult) -> list[MapPoint]:
    """Rows with coordinates (``lat``/``long`` columns, or a WKT ``Point(long lat)``)."""
    if result.form != "select":
        return []
    variables = list(result.variables)
    lat_column = next((v for v in variables if v.lower() in _LAT_COLUMNS), None)
    lon_column = next((v for v in variables if v.lower() in _LON_COLUMNS), None)
    points = []
    for row in result.rows:
        cells = dict(zip(variables, row, strict=True))
        lat = lon = None
        if lat_column and lon_column:
            lat, lon = as_float(compact(cells[lat_column])), as_float(compact(cells[lon_column]))
        else:
            for term in row:
                found = _WKT_POINT.fullmatch(compact(term)) if isinstance(term, Literal) else None
                if found:
                    lon, lat = as_float(found.group(1)), as_float(found.group(2))
                    break
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            continue
        iri = next((t.value for t in row if isinstance(t, NamedNode)), "")
        mentions = as_int(compact(cells["mentions"])) if cells.get("mentions") else 1
        points.append(MapPoint(iri, _row_label(variables, cells, ()), "", mentions, lat, lon))
    return points


def result_dates(result: QueryResult) -> list[DatedRow]:
    """Rows with a date (day, month or year; the first column holding one), in order."""
    if result.form != "select":
        return []
    variables = list(result.variables)
    rows = []
    for row in result.rows:
        cells = dict(zip(variables, row, strict=True))
        for name in variables:
            term = cells[name]
            if not isinstance(term, Literal):
                continue
            start, end = period(term.value)
            if start is not None and end is not None:
                rows.append(DatedRow(_row_label(variables, cells, (name,)), term.value, start, end))
                break
    return sorted(rows, key=lambda r: (r.end, r.start, r.label))
