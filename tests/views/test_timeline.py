"""Timeline: the chart's row labels (event kinds) are shown in full."""

from __future__ import annotations

import json


def test_timeline_rows_are_labelled_in_full_not_cut_at_100_pixels(open_page):
    import pyarrow as pa

    app = open_page("timeline")
    chart = app.get("vega_lite_chart")[0].proto
    spec = json.loads(chart.spec)
    (data,) = chart.datasets
    kinds = pa.ipc.open_stream(data.data.data).read_all().to_pandas()["event"]
    assert "Agreement or ceasefire" in set(kinds)
    for layer in spec["layer"]:
        limit = layer["encoding"]["y"]["axis"]["labelLimit"]
        # Streamlit's theme cut labels at 100 px ("Agreement or cea…"); a label of the
        # chart's size takes under 7.5 px a character.
        assert limit >= 7.5 * kinds.str.len().max() > 100
