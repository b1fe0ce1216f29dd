"""Resolve: mentions from many documents -> one :class:`~graph.model.Entity` per real-world
entity.

Mentions whose identity the rules already know (countries, a state's armed forces, GeoNames
settlements, regions) are grouped by key. People are grouped by first and last name, and a
lone surname joins the one person of that surname in the same document (or, failing that,
in the corpus). Organizations and units join a longer name they begin ("the Carnegie
Endowment" -> "Carnegie Endowment for International Peace") and an acronym given in
parentheses or spelled by their initials. Each entity gets a canonical label, its aliases
(every other surface form, metonyms included) and a readable, collision-free slug.

- :mod:`.keys`: a mention's keys (given, after surnames, resolved) and the name tables;
- :mod:`.entities`: mentions merged into entities (partials and their tally), implied
  entities, regions and slugs;
- :mod:`.incremental`: :func:`update`, the incremental algorithm over the corpus index
  (:mod:`graph.pipeline.index`, which only stores rows), and :func:`resolve_entities`, the
  same update in memory;
- :mod:`.arguments`: the keys facts name, and what a fact's argument resolves to.
"""

from graph.pipeline.resolve.arguments import arg_key, fact_keys, relation_predicate
from graph.pipeline.resolve.incremental import (
    ReadExtraction,
    Update,
    full_resolution,
    resolution,
    resolve_entities,
    update,
)

__all__ = [
    "ReadExtraction",
    "Update",
    "arg_key",
    "fact_keys",
    "full_resolution",
    "relation_predicate",
    "resolution",
    "resolve_entities",
    "update",
]
