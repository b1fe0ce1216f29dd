"""Relations: who is whose leader, member, part, backer; what lies where; who fought whom.

Two sources give relations between entities, each rule yielding nothing when the parse is
unsure. The parse around a name, one module per family of rules (``data/relations.yaml``,
``data/leaders.yaml``):

- :mod:`.state_roles`: a person's office in a state ("U.S. President Donald Trump" ->
  leaderOf, "Peru's foreign minister, X" -> ministerOf);
- :mod:`.group_roles`: a person's place in a group ("X, a Sudan analyst at Chatham House" ->
  memberOf, "the SAF, led by General Burhan" -> commanderOf, "X, a spokesman for Y");
- :mod:`.membership`: membership verbs, composition and alliances ("A and B belong to Y",
  "the Alliance, made up of A and B");
- :mod:`.bodies`: a national or civil body's state ("the Haitian National Police");
- :mod:`.family`: relatives and birthplace;
- :mod:`.forces`: part of, owned by, based in, backed by;
- :mod:`.locations`: what place lies in what.

And the events of the sentence (:mod:`.from_events`): an assault makes foughtAgainst, a
deployment deployedTo, a meeting metWith, an aid decision aidTo, a capture controls.
:mod:`.sentence` runs them all in the order that decides which duplicate is kept;
:mod:`.phrases` and :mod:`.story` hold what several families read.
"""

from graph.pipeline.extract.relations.sentence import sentence_relations, unique_relations
from graph.pipeline.extract.relations.state_roles import role_relations

__all__ = ["role_relations", "sentence_relations", "unique_relations"]
