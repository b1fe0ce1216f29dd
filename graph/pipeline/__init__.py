"""The build side: articles in, quads out.

ingest (files -> :class:`~graph.model.Document`) -> nlp (spaCy) -> extract (mentions, events,
claims, relations, quantities) -> resolve (mentions -> entities, kept in the corpus index)
-> build (RDF quads) -> corpus (runs the stages and writes the store incrementally).
"""
