"""The store: where the quads live and how they are read, one module per job.

- :mod:`.lifecycle`: the current store, atomic builds under a lock, publishing, opening a
  backend;
- :mod:`.base`: what every backend takes and gives (``BoundQuery``, ``QueryResult``);
- :mod:`.oxigraph`, :mod:`.memory`, :mod:`.remote`: the three backends;
- :mod:`.sparql`: where a query is made safe (read-only, no SERVICE or outside FROM) and
  where values are bound into it;
- :mod:`.library`: the saved ``.rq`` queries, their headers and parameters;
- :mod:`.engine`: the one query engine every read runs through (timeout, row cap);
- :mod:`.worker`: the process embedded queries run in, killed when they overrun;
- :mod:`.results`: results as tables and standard formats;
- :mod:`.endpoint`: the engine served over the SPARQL protocol; :mod:`.validate`: SHACL.
"""
