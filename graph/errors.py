"""One exception tree for the whole package.

Every error a user can cause is a ``KGError`` whose message is a single line that says what
went wrong and what to do next; the CLI prints it and exits non-zero, never a traceback.
"""

from __future__ import annotations


class KGError(Exception):
    """Base of every error the package raises on purpose."""

    exit_code = 1


class InputError(KGError):
    """A document, path or argument the user gave cannot be used."""

    exit_code = 2


class StoreError(KGError):
    """The persisted graph is missing, locked, corrupt or cannot be written."""

    exit_code = 3


class ModelError(KGError):
    """The spaCy pipeline cannot be loaded."""

    exit_code = 4


class QueryError(KGError):
    """A SPARQL query or its parameters are refused, fail, or run out of time."""

    exit_code = 5


class QueryTimeout(QueryError):
    """A query ran longer than the configured timeout and was stopped."""
