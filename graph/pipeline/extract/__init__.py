"""Extraction: one parsed document -> its mentions (:mod:`.entities`) and facts (:mod:`.facts`).

:mod:`.extractor` runs spaCy over documents and both readers over each parsed document.
:mod:`.facts` reads each sentence with one rule module per kind of fact: :mod:`.events`,
:mod:`.claims`, :mod:`.relations` and :mod:`.quantities`, over the shared parse context
(:mod:`.context`), argument readers (:mod:`.arguments`) and vocabulary (:mod:`.lexicon`,
read from ``graph/data/*.yaml``).
"""
