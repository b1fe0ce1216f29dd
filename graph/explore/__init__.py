"""The read side: what the explorer's pages and exports show, read through the query engine.

:mod:`.reads` gives the rows of each page; :mod:`.network` builds networkx graphs of the
entities; :mod:`.viz` draws them with PyVis; :mod:`.tables` writes CSV tables.
"""
