"""Entity: one entity's label, aliases, type, roles, properties, relations in both
directions, events on a small timeline, claims by and about it, and the sentences that
mention it with the mention marked."""

from __future__ import annotations

import streamlit as st

from graph import (
    EventRow,
    entity_choices,
    human_header,
    label_of,
    most_connected,
    one_per_sentence,
)
from views.charts import event_kind, events_chart
from views.common import (
    GraphRef,
    details_of,
    document_rows,
    load_graph,
    md,
    run_page,
    show_html,
    type_title,
)
from views.html import highlight_page


def event_table(rows: list[EventRow], iri: str, reported: tuple[str, ...]) -> list[dict[str, str]]:
    return [
        {
            "role": "; ".join(
                dict.fromkeys(
                    [p.role for p in e.participants if p.iri == iri]
                    + ["reported"] * (e.iri in reported)
                )
            ),
            "date": e.date,
            "precision": e.precision,
            "event": event_kind(e.event_class),
            "PLOVER": e.plover,
            "actors": e.labels("actor", "participant"),
            "targets": e.labels("target", "beneficiary"),
            "places": e.labels("place"),
            "evidence": e.evidence,
        }
        for e in rows
    ]


EVENT_COLUMNS = {
    "role": "Its role",
    "date": "Date",
    "precision": "Date precision",
    "event": "Event",
    "PLOVER": "PLOVER",
    "actors": "Actors",
    "targets": "Targets",
    "places": "Places",
    "evidence": "Evidence",
}
CLAIM_COLUMNS = {
    "claimant": "Claimant",
    "stance": "Stance",
    "content": "Content",
    "contested": "Contested",
}


def page(ref: GraphRef) -> None:
    g = load_graph(ref.data_dir, ref.version)
    choices = entity_choices(g)
    if not choices:
        st.info("The graph has no entities yet.")
        return
    wanted = st.query_params.get("entity", "")
    # Without a choice, open on the entity with the most neighbours, not the first by name.
    start = wanted if wanted in choices else most_connected(g, 1)[0][0]
    index = choices.index(start)
    iri = st.selectbox(
        "Entity",
        choices,
        index=index,
        format_func=lambda iri: f"{label_of(g, iri)} · {type_title(g.nodes[iri])}",
    )
    if iri != wanted:
        st.query_params["entity"] = iri
    details = details_of(ref.data_dir, ref.version, iri)

    st.header(md(details.label), anchor=False)
    kind = details.subtype or details.type
    facts = [
        ("Type", kind),
        ("Also called", ", ".join(details.aliases) or "—"),
        ("Roles", "; ".join(details.roles) or "—"),
    ]
    facts += [(human_header(name), value) for name, value in details.properties]
    if details.point is not None:
        facts.append(("Coordinates", f"{details.point.lat:.4f}, {details.point.lon:.4f}"))
    st.dataframe(
        [{"property": k, "value": v} for k, v in facts],
        hide_index=True,
        width="stretch",
        column_config={"property": "Property", "value": "Value"},
    )
    st.caption(f"IRI: {md(iri)}")
    if details.point is not None:
        st.page_link("views/map.py", label="Show on the map", query_params={"place": iri})

    st.subheader("Relations")
    if details.relations:
        st.dataframe(
            [
                {
                    "relation": (f"{details.label} → " if r.direction == "out" else "")
                    + r.relation
                    + ("" if r.direction == "out" else f" → {details.label}"),
                    "with": r.other_label,
                    "role": r.role,
                    "evidence": r.evidence,
                }
                for r in details.relations
            ],
            hide_index=True,
            width="stretch",
            column_config={
                "relation": "Relation",
                "with": "With",
                "role": "Role",
                "evidence": "Evidence",
            },
        )
    else:
        st.caption("No typed relations; see the network for who it is named with.")

    st.subheader("Events")
    if details.events:
        # Events read from one sentence are one row: the page never repeats a sentence.
        sentences = one_per_sentence(details.events)
        published = {d.iri: d.published for d in document_rows(ref.data_dir, ref.version)}
        chart = events_chart(sentences, published, row_height=26)
        if chart is not None:
            st.altair_chart(chart, width="stretch")
        st.dataframe(
            event_table(sentences, iri, details.reported),
            hide_index=True,
            width="stretch",
            column_config=EVENT_COLUMNS,
        )
    else:
        st.caption("Neither takes part in nor reports any event.")

    st.subheader("Claims")
    by, about = st.columns(2)
    for column, title, rows in (
        (by, "By it", details.claims_by),
        (about, "About its events", details.claims_about),
    ):
        column.markdown(f"**{title}**")
        if rows:
            column.dataframe(
                [
                    {
                        "claimant": c.claimant,
                        "stance": c.stance,
                        "content": c.content,
                        "contested": c.contested,
                    }
                    for c in rows
                ],
                hide_index=True,
                width="stretch",
                column_config=CLAIM_COLUMNS,
            )
        else:
            column.caption("None.")

    st.subheader("Evidence")
    if details.evidence:
        show_html(
            highlight_page(details.evidence, legend=False),
            min(90 + 70 * len(details.evidence), 700),
        )
    else:
        st.caption("No sentence mentions it.")


run_page("Entity", page)
