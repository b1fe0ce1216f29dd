"""Names: the IRI a person means when they give a name where a query takes an IRI.

Takes a name as a user types it ("Volodymyr Zelensky", "Kyiv", "military unit") and gives
the IRI of the one entity or ontology class it names, looked up through the query engine:
entities the way the saved ``find-entity`` query finds them (label or alias containing the
name, any case), classes by their local name or ``rdfs:label``. A whole label wins over a
whole alias, which wins over a name that only contains the text, so "South Korea" is the
state even though "South Korean intelligence service" contains it. A name that fits
several equally well is refused with the candidates listed, never guessed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass

from pyoxigraph import NamedNode

from graph.errors import QueryError
from graph.store.base import QueryResult
from graph.store.results import compact
from graph.vocab import PREFIXES

# The candidates an ambiguous name lists; more would not fit on one line.
MAX_CANDIDATES = 8
_DECLARATIONS = "".join(
    f"PREFIX {name}: <{PREFIXES[name]}>\n" for name in ("kg", "rdfs", "skos", "owl")
)
# find-entity's matching (queries/find-entity.rq), with whether the name is a label.
ENTITY_NAMES = (
    _DECLARATIONS
    + """SELECT DISTINCT ?entity ?label ?type ?matched ?isLabel ?mentions WHERE {
  VALUES ?type { kg:Person kg:Place kg:Organization kg:MilitaryUnit }
  ?entity a ?type ; rdfs:label ?label ; rdfs:label|skos:altLabel ?name .
  BIND(STR(?name) AS ?matched)
  FILTER(CONTAINS(LCASE(?matched), LCASE(?_name)))
  BIND(EXISTS { ?entity rdfs:label ?name } AS ?isLabel)
  OPTIONAL { ?entity kg:mentionCount ?mentions }
}
ORDER BY DESC(?mentions) ?label ?entity"""
)
CLASS_NAMES = (
    _DECLARATIONS
    + """SELECT ?class ?label WHERE {
  ?class a owl:Class .
  FILTER(STRSTARTS(STR(?class), STR(kg:)))
  OPTIONAL { ?class rdfs:label ?label }
}"""
)

Run = Callable[[str, dict[str, str]], QueryResult]


@dataclass(frozen=True)
class NameMatch:
    """An entity or class a name may stand for, and how well it fits (0 is best)."""

    iri: str
    label: str
    fit: int  # 0: a whole label or class name, 1: a whole alias, 2: contains the name

    def describe(self) -> str:
        iri = compact_iri(self.iri)
        return f"{self.label} ({iri})" if self.label and self.label != iri else iri


def compact_iri(iri: str) -> str:
    return compact(NamedNode(iri))


def name_key(text: str) -> str:
    """What two names must share to be the same name: letters and digits, any case
    ("Kursk region", "kursk-region"; "MilitaryUnit", "military unit")."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def name_matches(run: Run, name: str) -> list[NameMatch]:
    """Every entity and class ``name`` may stand for, best fitting and most mentioned first.

    ``run`` runs a query with string parameters (:meth:`QueryEngine.run`)."""
    text = " ".join(name.split())
    key = name_key(text)
    if not text:
        return []
    found: dict[str, NameMatch] = {}

    def offer(match: NameMatch) -> None:
        if match.iri not in found or match.fit < found[match.iri].fit:
            found[match.iri] = match

    for row in run(CLASS_NAMES, {}).records():
        local = row["class"].rsplit("#", 1)[-1]
        if key in (name_key(local), name_key(row.get("label", ""))):
            offer(NameMatch(row["class"], local, 0))
    for row in run(ENTITY_NAMES, {"name": text}).records():
        whole = name_key(row["matched"]) == key
        fit = (0 if row["isLabel"] == "true" else 1) if whole else 2
        offer(NameMatch(row["entity"], row["label"], fit))
    order = {iri: i for i, iri in enumerate(found)}  # classes, then most mentioned
    return sorted(found.values(), key=lambda m: (m.fit, order[m.iri]))


def resolve_name(
    run: Run, name: str, *, allowed: Collection[str] | None = None, parameter: str = ""
) -> str:
    """The IRI of the one entity or class ``name`` stands for (only IRIs in ``allowed``
    when given); a QueryError that lists the candidates when it may stand for several,
    or says it names nothing."""
    matches = name_matches(run, name)
    if allowed is not None:
        matches = [m for m in matches if m.iri in allowed]
    about = f"parameter {parameter!r}: " if parameter else ""
    if not matches:
        if allowed is not None:
            choices = ", ".join(compact_iri(iri) for iri in allowed)
            raise QueryError(f"{about}must be one of: {choices} (got {name!r})")
        raise QueryError(
            f"{about}no entity or class is named {name!r}; look for one with: "
            "kg query find-entity -p name=TEXT"
        )
    best = [m for m in matches if m.fit == matches[0].fit]
    if len(best) == 1:
        return best[0].iri
    shown = "; ".join(m.describe() for m in best[:MAX_CANDIDATES])
    more = f"; and {len(best) - MAX_CANDIDATES} more" if len(best) > MAX_CANDIDATES else ""
    raise QueryError(
        f"{about}{name!r} could be any of {len(best)}: {shown}{more}. "
        "Give more of the name, or the IRI in brackets"
    )
