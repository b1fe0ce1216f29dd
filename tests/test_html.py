"""views/html.py: passages drawn as HTML, every value from the graph escaped."""

from __future__ import annotations

from graph import Passage, Span
from views.html import highlight_page

HOSTILE = '<img src=x onerror=alert(1)> "><script>alert(2)</script>'


def test_highlight_page_escapes_text_labels_and_headings():
    page = highlight_page(
        [
            Passage(
                HOSTILE,
                f"{HOSTILE} said",
                (Span(0, len(HOSTILE), "https://x.org/e", HOSTILE, "Person"),),
            )
        ]
    )
    assert "<script" not in page and "<img" not in page
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert 'title="&lt;img' in page and "&quot;&gt;&lt;script&gt;" in page
