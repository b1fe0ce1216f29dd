"""Query workbench: run a saved query (its header explained, a form for its parameters) or
your own SPARQL, under the engine's timeout and row cap; see the result as a table, graph,
timeline or map (the query's ``#defaultView`` first) and download it as CSV or JSON."""

from __future__ import annotations

import altair as alt
import networkx as nx
import pandas as pd
import streamlit as st

from graph import (
    KGError,
    Parameter,
    QueryResult,
    SavedQuery,
    entity_choices,
    find_entity,
    format_result,
    label_of,
    load_settings,
    read_query,
    render_network,
    result_dates,
    result_graph,
    result_points,
    result_records,
    run_saved_query,
)
from views.common import (
    GraphRef,
    load_graph,
    md,
    query_engine,
    run_page,
    saved_queries,
    show_error,
    show_html,
)
from views.geo import place_map

VIEWS = ("Table", "Graph", "Timeline", "Map")
OWN = ""  # the picker's entry for a query of your own
DEFAULT_QUERY = "graph-overview"
GRAPH_HEIGHT = 520
HINTS = {
    "iri": "an IRI, e.g. id:person/valery-gerasimov",
    "integer": "a whole number",
    "decimal": "a number",
    "date": "a date, e.g. 2024-08-06",
    "boolean": "true or false",
    "string": "text",
}
OWN_TEXT = """\
PREFIX kg: <https://w3id.org/newskg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

SELECT ?person ?name WHERE { ?person a kg:Person ; rdfs:label ?name } ORDER BY ?name
"""


@st.cache_data(max_entries=32, show_spinner="Running the query…")
def run_query(
    data_dir: str,
    version: str,
    name: str,
    text: str,
    params: tuple[tuple[str, str], ...],
    timeout: float,
    max_rows: int,
) -> QueryResult:
    """A result, cached per graph version; failures raise and are never cached. A saved
    query with a plan of its own (connection-paths) runs it while its text is unedited."""
    return run_saved_query(
        query_engine(data_dir),
        read_query(text, name or "query"),
        dict(params),
        timeout=timeout,
        max_rows=max_rows,
    )


def parameter_input(parameter: Parameter, g: nx.MultiDiGraph) -> str:
    # Labels and help read Markdown, and a query of your own names its parameters.
    label = md(parameter.name) + ("" if parameter.required else " (optional)")
    if parameter.choices:
        choices = ["", *parameter.choices] if not parameter.needed else list(parameter.choices)
        start = choices.index(parameter.default) if parameter.default in choices else 0
        return str(st.selectbox(label, choices, index=start))
    if parameter.kind == "iri":  # pick an entity by name, or type a name or any IRI
        choices = ["", *entity_choices(g)]
        start = choices.index(parameter.default) if parameter.default in choices else 0
        typed = str(
            st.selectbox(
                label,
                choices,
                index=start,
                accept_new_options=True,
                format_func=lambda value: picked_label(g, value),
                help=md(f"?{parameter.variable}: an entity's name, or {HINTS['iri']}"),
            )
            or ""
        )
        # Enter on typed text keeps the text ("Add: Syrskyi"): it names an entity.
        return find_entity(g, typed) or typed if typed else ""
    return st.text_input(
        label,
        value=parameter.default or "",
        placeholder=HINTS.get(parameter.kind, "text"),
        help=md(f"?{parameter.variable}: {HINTS.get(parameter.kind, 'text')}"),
    )


def picked_label(g: nx.MultiDiGraph, value: str) -> str:
    """What an entity picker shows for a value: the entity's label, and for typed text
    the entity it finds (``Syrskyi → Oleksandr Syrskyi``)."""
    if not value or value in g:
        return label_of(g, value) if value else ""
    found = find_entity(g, value)
    return f"{value} → {label_of(g, found)}" if found else value


def show_table(result: QueryResult) -> None:
    st.dataframe(result_records(result), hide_index=True, width="stretch")


def table_instead(result: QueryResult, why: str) -> None:
    st.info(f"{why}; the table shows them.")
    show_table(result)


def show_graph(result: QueryResult, centre: str | None, entities: nx.MultiDiGraph) -> None:
    g = result_graph(result, centre, entities)
    if not g.number_of_edges():
        table_instead(
            result,
            "These rows declare no edges (columns subject, relation and object, numbered "
            "per hop; or other, around the entity a query is about), so there is no graph",
        )
        return
    view = render_network(g, height=GRAPH_HEIGHT, focus=centre if centre in g else None)
    show_html(view.html, GRAPH_HEIGHT + 4)
    if view.capped:
        st.warning(view.notice)


def show_timeline(result: QueryResult) -> None:
    rows = result_dates(result)
    if not rows:
        table_instead(result, "No column of these rows holds a date, so there is no timeline")
        return
    frame = pd.DataFrame(
        [
            {
                "what": r.label,
                "date": r.date,
                "start": r.start.isoformat(),
                "end": r.end.isoformat(),
            }
            for r in rows
        ]
    )
    base = alt.Chart(frame)
    chart = base.mark_bar(size=10, cornerRadius=3, opacity=0.55).encode(
        x=alt.X("start:T", title=None),
        x2="end:T",
        y=alt.Y("what:N", title=None, sort=None),
        tooltip=["date:N", "what:N"],
    ) + base.mark_point(filled=True, size=60).encode(
        x="start:T", y=alt.Y("what:N", sort=None), tooltip=["date:N", "what:N"]
    )
    st.altair_chart(
        chart.properties(height=40 + 22 * frame["what"].nunique()).interactive(bind_y=False),
        width="stretch",
    )
    show_table(result)


def show_map(result: QueryResult) -> None:
    points = result_points(result)
    if not points:
        table_instead(
            result, "No row has coordinates (lat/long columns or a WKT point), so there is no map"
        )
        return
    place_map(points, height=460)
    show_table(result)


def show_result(
    result: QueryResult, query: SavedQuery, centre: str | None, entities: nx.MultiDiGraph
) -> None:
    rows = "row" if result.form == "select" else "triple"
    st.caption(f"{len(result):,} {rows}{'s' * (len(result) != 1)} in {result.seconds:.2f} s.")
    if result.truncated:
        st.warning(
            f"Only the first {len(result):,} are shown: the row cap "
            "(KG_MAX_ROWS) cut the result. Add a LIMIT or narrow the query."
        )
    if result.form == "ask":
        st.metric("Answer", "yes" if result.boolean else "no")
        return
    csv, json, _ = st.columns([1, 1, 4])
    csv.download_button(
        "Download CSV", format_result(result, "csv"), file_name=f"{query.name}.csv", mime="text/csv"
    )
    json_type = (
        "application/ld+json" if result.form == "graph" else "application/sparql-results+json"
    )
    json.download_button(
        "Download JSON",
        format_result(result, "json"),
        file_name=f"{query.name}.json",
        mime=json_type,
    )
    view = st.radio("Show as", VIEWS, index=VIEWS.index(query.view), horizontal=True)
    {
        "Table": lambda: show_table(result),
        "Graph": lambda: show_graph(result, centre, entities),
        "Timeline": lambda: show_timeline(result),
        "Map": lambda: show_map(result),
    }[view]()


def page(ref: GraphRef) -> None:
    settings = load_settings(ref.data_dir)
    library = saved_queries(ref.data_dir)
    names = [OWN, *library]
    name = st.selectbox(
        "Query",
        names,
        index=names.index(DEFAULT_QUERY) if DEFAULT_QUERY in names else 0,
        format_func=lambda n: f"{n} — {library[n].summary}" if n else "Write your own SPARQL",
    )
    saved = library.get(name)
    if saved is not None:
        st.subheader(md(saved.summary or saved.name))
        if saved.description:
            st.caption(md(saved.description))
    # Each saved query keeps its own edits while you switch between them.
    with st.expander("SPARQL (edit it to change the query)", expanded=saved is None):
        text = st.text_area(
            "SPARQL", value=saved.text if saved else OWN_TEXT, height=300, key=f"sparql:{name}"
        )
    try:
        query = read_query(text, name or "query")
    except KGError as exc:
        show_error(exc)
        return
    g = load_graph(ref.data_dir, ref.version)
    with st.form("run"):
        values = {p.name: parameter_input(p, g) for p in query.parameters}
        run = st.form_submit_button("Run", type="primary")
    st.caption(
        f"Runs for at most {settings.query_timeout:g} s and returns at most "
        f"{settings.max_rows:,} rows (KG_QUERY_TIMEOUT, KG_MAX_ROWS); read-only."
    )
    given = tuple(sorted((k, v) for k, v in values.items() if v.strip()))
    key = (ref.version, text, given)
    if run:
        missing = [p.name for p in query.parameters if p.needed and not dict(given).get(p.name)]
        if missing:
            st.session_state.pop("workbench", None)
            show_error(f"Fill in {', '.join(missing)} to run this query.")
            return
        try:
            st.session_state["workbench"] = (
                key,
                run_query(
                    ref.data_dir,
                    ref.version,
                    name,
                    text,
                    given,
                    settings.query_timeout,
                    settings.max_rows,
                ),
            )
        except KGError as exc:
            st.session_state.pop("workbench", None)
            show_error(exc)
            return
    last = st.session_state.get("workbench")
    if last is not None and last[0] == key:
        # A query about one entity draws its rows around that entity.
        iris = [
            p.to_term(value).value
            for p in query.parameters
            if p.kind == "iri"
            for value in [dict(given).get(p.name)]
            if value
        ]
        show_result(last[1], query, iris[0] if len(iris) == 1 else None, g)


run_page("Query workbench", page)
