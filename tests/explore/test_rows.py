"""graph.explore.rows: dates read at the precision the text gave."""

from __future__ import annotations

import datetime as dt

from graph.explore.rows import period


def test_period_spans_the_precision_of_the_date():
    assert period("2024-08-06") == (dt.date(2024, 8, 6), dt.date(2024, 8, 6))
    assert period("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert period("2025") == (dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert period("autumn") == (None, None)
