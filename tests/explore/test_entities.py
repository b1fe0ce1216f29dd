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
