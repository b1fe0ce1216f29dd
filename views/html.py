"""HTML the pages draw themselves: passages with their entity mentions marked.

Every label, sentence and heading comes from the graph, built from articles anyone could
have written: each is ``html.escape``-d, and the pages have no script.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

from graph import Passage, segments, style_of


def highlight_page(passages: Sequence[Passage], *, legend: bool = True) -> str:
    """A small HTML page showing passages with their mentions marked in the colours of
    the network view. Every piece of text is ``html.escape``-d; the page has no script."""
    e = html.escape
    used: dict[str, str] = {}
    body = []
    for passage in passages:
        parts = []
        for text, span in segments(passage.text, passage.spans):
            if span is None:
                parts.append(e(text))
                continue
            style = style_of({"type": span.type, "subtype": span.subtype})
            used[style.name] = style.color
            parts.append(
                f'<mark style="background:{e(style.color)}33;'
                f'border-bottom:2px solid {e(style.color)}" '
                f'title="{e(span.label)} ({e(style.name)})">{e(text)}</mark>'
            )
        heading = f"<h4>{e(passage.heading)}</h4>" if passage.heading else ""
        body.append(f"<section>{heading}<p>{''.join(parts)}</p></section>")
    keys = "".join(
        f'<span class="key" style="border-bottom:3px solid {e(color)}">{e(name)}</span>'
        for name, color in sorted(used.items())
    )
    top = f'<div class="legend">{keys}</div>' if legend and keys else ""
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><style>'
        "body{font-family:sans-serif;font-size:15px;line-height:1.6;color:#222;margin:8px}"
        "p{white-space:pre-wrap;margin:0 0 12px 0}h4{margin:10px 0 2px 0;color:#555;"
        "font-size:13px;font-weight:600}mark{color:inherit;padding:0 1px;"
        "border-radius:2px}.legend{font-size:12px;color:#444;margin-bottom:8px}"
        ".key{margin-right:12px;padding-bottom:1px}"
        f"</style></head><body>{top}{''.join(body)}</body></html>"
    )
