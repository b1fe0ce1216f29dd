"""Overview: every column header of its tables is a word people read whole."""

from __future__ import annotations

import json


def test_overview_heads_the_most_mentioned_table_in_words_with_room_for_them(open_page):
    app = open_page("overview")
    mentioned, connected = app.dataframe[1], app.dataframe[2]
    headers = [
        config["label"]
        for config in json.loads(mentioned.proto.columns).values()
        if "label" in config
    ]
    assert headers == ["Entity", "Type", "Mentions", "Articles", "Connections"]
    assert len(connected.value.columns) == 3
    # The five-column table gets 3 parts of the width, the three-column one 2: at
    # halves the first scrolled sideways and cut "Connections" to "Connectio…" (the
    # browser test checks that no overview table scrolls sideways).
    assert [c.weight for c in app.columns][-2:] == [0.6, 0.4]
