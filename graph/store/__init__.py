"""The store: where the quads live and how they are read.

:mod:`.lifecycle` opens, writes and publishes stores on the three backends; :mod:`.engine`
is the one query engine (saved queries, parameter binding, safety checks, timeouts);
:mod:`.endpoint` serves it over the SPARQL protocol; :mod:`.validate` checks the SHACL shapes.
"""
