"""Extraction: one parsed document -> its mentions (:mod:`.entities`) and facts (:mod:`.facts`).

:mod:`.extractor` runs spaCy over documents and both readers over each parsed document.
"""
