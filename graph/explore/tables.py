"""Tables: the graph in the flat layouts analysts already use, read with SPARQL.

``events_table`` gives one row per event in the layout of political event datasets (ICEWS,
POLECAT, GDELT): date and its precision, event class, PLOVER category, CAMEO root, actor,
target, location with coordinates, source document and evidence sentence.
"""

from __future__ import annotations

import csv
import io

from graph.store.lifecycle import GraphStore

EVENT_COLUMNS = (
    "date",
    "date_precision",
    "event_class",
    "plover",
    "cameo",
    "actor",
    "target",
    "location",
    "latitude",
    "longitude",
    "document",
    "evidence",
)

EVENTS_QUERY = """
PREFIX kg: <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX nif: <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#>
PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX geo: <http://www.w3.org/2003/01/geo/wgs84_pos#>
PREFIX schema: <https://schema.org/>
SELECT ?event ?date ?date_precision ?event_class ?plover ?cameo
       (GROUP_CONCAT(DISTINCT ?actorLabel; separator="; ") AS ?actor)
       (GROUP_CONCAT(DISTINCT ?targetLabel; separator="; ") AS ?target)
       (SAMPLE(?placeLabel) AS ?location) (SAMPLE(?lat) AS ?latitude)
       (SAMPLE(?long) AS ?longitude) ?document ?evidence ?begin
WHERE {
  ?event a kg:Event ; kg:trigger ?trigger ; kg:ploverCategory ?ploverNode ;
         nif:referenceContext ?doc ; nif:beginIndex ?begin ; prov:wasDerivedFrom ?sentence .
  ?event a ?classNode . ?classNode rdfs:subClassOf kg:Event .
  BIND(STRAFTER(STR(?classNode), "#") AS ?event_class)
  ?ploverNode skos:prefLabel ?plover .
  ?sentence nif:anchorOf ?evidence .
  ?doc kg:documentId ?document .
  OPTIONAL { ?event kg:cameoCode ?cameo }
  OPTIONAL { ?event kg:date ?date ; kg:datePrecision ?date_precision }
  OPTIONAL { ?event kg:actor|kg:participant ?a . ?a rdfs:label ?actorLabel }
  OPTIONAL { ?event kg:target|kg:beneficiary ?t . ?t rdfs:label ?targetLabel }
  OPTIONAL { ?event kg:place ?p . ?p rdfs:label ?placeLabel .
             OPTIONAL { ?p geo:lat ?lat ; geo:long ?long } }
}
GROUP BY ?event ?date ?date_precision ?event_class ?plover ?cameo ?document ?evidence ?begin
ORDER BY ?document ?begin
"""


def events_table(store: GraphStore) -> list[dict[str, str]]:
    """One row per event, in document order."""
    rows = store.select(EVENTS_QUERY)
    return [{column: row.get(column, "") for column in EVENT_COLUMNS} for row in rows]


def events_csv(store: GraphStore) -> bytes:
    """The events table as UTF-8 CSV with a header row."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EVENT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(events_table(store))
    return out.getvalue().encode("utf-8")
