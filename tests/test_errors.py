"""graph.errors: one exception tree, each kind of failure with its own exit code."""

from __future__ import annotations

from graph.errors import InputError, KGError, ModelError, QueryError, QueryTimeout, StoreError


def test_every_error_is_a_kg_error_with_a_distinct_non_zero_exit_code():
    kinds = (InputError, StoreError, ModelError, QueryError)
    assert all(issubclass(kind, KGError) for kind in kinds)
    codes = [kind.exit_code for kind in (KGError, *kinds)]
    assert len(set(codes)) == len(codes) and 0 not in codes


def test_a_timeout_is_a_query_error_with_its_exit_code():
    assert issubclass(QueryTimeout, QueryError)
    assert QueryTimeout.exit_code == QueryError.exit_code
