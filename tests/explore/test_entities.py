"""graph.explore.entities: everything the entity page shows about one entity."""

from __future__ import annotations

import pytest

from graph import InputError
from graph.explore.entities import entity_details
from tests.explore.conftest import GERASIMOV


def test_entity_details_has_roles_relations_and_marked_evidence(engine):
    details = entity_details(engine, GERASIMOV)
    assert details.type == "Person" and "Gerasimov" in details.aliases
    assert any("Chief of General Staff" in role for role in details.roles)
    assert {r.other_label for r in details.relations} >= {"Russian General Staff", "Russia"}
    passage = details.evidence[0]
    (span,) = passage.spans
    assert "Gerasimov" in passage.text[span.begin : span.end]
    with pytest.raises(InputError):
        entity_details(engine, "https://w3id.org/newskg/id/person/nobody")


def test_find_entity_takes_a_partial_name_an_alias_or_an_iri(engine):
    from graph import entity_graph
    from graph.explore.entities import find_entity

    g = entity_graph(engine)
    syrskyi = "https://w3id.org/newskg/id/person/oleksandr-syrskyi"
    assert find_entity(g, "Syrskyi") == syrskyi
    assert find_entity(g, "  oleksandr   SYRSKYI ") == syrskyi
    assert find_entity(g, "Gerasimov") == GERASIMOV
    assert find_entity(g, GERASIMOV) == GERASIMOV
    assert find_entity(g, "Kursk") == "https://w3id.org/newskg/id/place/kursk-region"
    assert find_entity(g, "nobody of that name") is None
    assert find_entity(g, "https://w3id.org/newskg/id/person/nobody") is None


def test_entity_details_lists_the_events_its_claims_report(engine):
    syrskyi = "https://w3id.org/newskg/id/person/oleksandr-syrskyi"
    details = entity_details(engine, syrskyi)
    assert details.claims_by and details.reported
    reported = [e for e in details.events if e.iri in details.reported]
    assert reported and all(not e.involves(syrskyi) for e in reported)
    about = {event for c in details.claims_by for event, _ in c.about}
    assert about <= {e.iri for e in details.events}
