"""Places: every place as a map point, most mentioned first.

Takes the query engine and gives :class:`MapPoint`\\ s; a place whose coordinates are
missing or out of range keeps ``lat``/``lon`` None, so a page can list it apart.
"""

from __future__ import annotations

from collections import defaultdict

from graph.explore.rows import MapPoint, as_float, as_int, entity_type, local_name
from graph.explore.sparql import select
from graph.store.engine import QueryEngine


def places(engine: QueryEngine) -> list[MapPoint]:
    """Every place, most mentioned first; those without coordinates have ``lat`` None."""
    classes: dict[str, set[str]] = defaultdict(set)
    rows: dict[str, dict[str, str]] = {}
    for row in select(engine, "places"):
        classes[row["place"]].add(row["class"])
        rows.setdefault(row["place"], row)
    points = []
    for iri, row in rows.items():
        lat, lon = as_float(row.get("lat")), as_float(row.get("long"))
        if lat is None or lon is None or not (-90 <= lat <= 90 and -180 <= lon <= 180):
            lat = lon = None
        points.append(
            MapPoint(
                iri,
                row.get("label") or local_name(iri),
                entity_type(classes[iri])[1],
                as_int(row.get("mentions")),
                lat,
                lon,
            )
        )
    return sorted(points, key=lambda p: (-p.mentions, p.label.casefold()))
