"""The read side: what the explorer's pages and exports show, read through the query engine.

Every read is a named query in ``queries/`` run by :mod:`.sparql` through the one
:class:`~graph.store.engine.QueryEngine`. :mod:`.rows` holds the dataclasses the pages get;
:mod:`.documents`, :mod:`.events`, :mod:`.claims`, :mod:`.places` and :mod:`.entities` read
them; :mod:`.network` builds networkx graphs of the entities, :mod:`.subnetwork` and
:mod:`.paths` take parts of them; :mod:`.results` reads any query's result for the
workbench; :mod:`.viz` draws networks with PyVis; :mod:`.tables` writes CSV tables.
"""
