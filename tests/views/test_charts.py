"""The events chart of the Timeline and Entity pages: row labels whole, coarse dates as
light bands ended at publication."""

from __future__ import annotations

import json

import pandas as pd

from views.charts import event_kind, label_limit

KURSK_REGION = "https://w3id.org/newskg/id/place/kursk-region"


def test_label_limit_fits_the_longest_label_and_never_drops_below_the_theme():
    assert label_limit(pd.Series(["Aid decision"])) == 100
    assert label_limit(pd.Series(["Agreement or ceasefire", "Aid decision"])) == 165


def test_event_kinds_read_as_the_ontology_names_them():
    assert event_kind("Capture; AidDecision") == "Capture or recapture; aid decision"


def test_entity_page_draws_its_events_like_the_timeline_with_labels_whole(open_page):
    import pyarrow as pa

    app = open_page("entity", entity=KURSK_REGION)
    chart = app.get("vega_lite_chart")[0].proto
    spec = json.loads(chart.spec)
    (data,) = chart.datasets
    frame = pa.ipc.open_stream(data.data.data).read_all().to_pandas()
    assert "Deployment or mobilization" in set(frame["event"])
    marks = {layer["mark"]["type"]: layer for layer in spec["layer"]}
    # Labels whole (the theme cut them at 100 px: "Deployment or m…").
    for layer in marks.values():
        assert layer["encoding"]["y"]["axis"]["labelLimit"] >= 7.5 * frame["event"].str.len().max()
    # A year is a light band, never past the article's publication date (2025-04-19).
    assert marks["bar"]["mark"]["opacity"] < marks["point"]["mark"]["opacity"]
    assert frame["end"].max() <= "2025-04-19"
