"""The parse context every fact rule reads: one parsed chunk and the mentions inside it.

A document is parsed in chunks (``(offset, Doc)``); mentions carry document offsets. A
:class:`Chunk` maps each token to the mention covering it, so the rules in :mod:`.events`,
:mod:`.claims`, :mod:`.relations` and :mod:`.quantities` can go from the parse to the
entities and back without offset arithmetic of their own.
"""

from __future__ import annotations

import bisect
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from graph.model import Mention, TimeValue


@dataclass(frozen=True)
class Chunk:
    """One parsed chunk at document offset ``offset``, with its token -> mention map."""

    doc: Doc
    offset: int
    text: str  # ``doc.text`` builds the string on every access: read it once
    token_mention: Mapping[int, int]  # token index -> index into the document's mentions
    starts: Sequence[int]  # document offset of every token, for bisecting

    @classmethod
    def of(cls, doc: Doc, offset: int, mentions: Sequence[Mention]) -> Chunk:
        """The chunk ``doc`` at ``offset``, with the tokens of every mention it covers."""
        token_mention: dict[int, int] = {}
        starts = [token.idx + offset for token in doc]
        end = offset + (doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0)
        for index, mention in enumerate(mentions):
            if mention.end <= offset or mention.start >= end:
                continue
            i = bisect.bisect_left(starts, mention.start)
            while i < len(starts) and starts[i] < mention.end:
                token_mention[i] = index
                i += 1
        return cls(doc, offset, doc.text, token_mention, starts)

    def char(self, token: Token) -> int:
        """The document offset of a token."""
        return self.offset + token.idx

    def token_at(self, char: int) -> Token | None:
        """The token covering a document offset (or the next one)."""
        i = bisect.bisect_right(self.starts, char) - 1
        if i >= 0 and char < self.starts[i] + len(self.doc[i]):
            return self.doc[i]
        return self.doc[i + 1] if i + 1 < len(self.doc) else None


@dataclass(frozen=True)
class SentenceDate:
    """A date phrase of the sentence (the span the parse hangs it on) and its value."""

    span: Span
    value: TimeValue
