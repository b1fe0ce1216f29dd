"""The parse context: tokens of a chunk map to the mentions they belong to, by offset."""

import spacy

from graph.model import Mention
from graph.pipeline.extract.context import Chunk


def test_tokens_of_a_mention_in_a_later_chunk_map_to_it():
    doc = spacy.blank("en")("Russian forces took Avdiivka.")
    offset = 100  # the chunk starts at character 100 of the document
    mentions = [
        Mention(0, 10, "Kyiv said", 0, "place", "Kyiv"),  # in an earlier chunk
        Mention(120, 128, "Avdiivka", 3, "place", "Avdiivka"),
    ]
    chunk = Chunk.of(doc, offset, mentions)
    assert dict(chunk.token_mention) == {3: 1}
    assert chunk.char(doc[3]) == 120
    first, space = chunk.token_at(121), chunk.token_at(107)
    assert first is not None and first.i == 3
    assert space is not None and space.i == 1  # the space after "Russian": the next token
