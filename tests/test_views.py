"""Every page of the explorer, run headless with AppTest on the seed graph."""

from __future__ import annotations

import json
import re
import shutil

import pytest
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.element_tree import FileUploader

from tests.conftest import ROOT

PAGES = [
    "overview",
    "network",
    "entity",
    "paths",
    "timeline",
    "claims",
    "map",
    "sources",
    "workbench",
    "add",
    "export",
]
GERASIMOV = "https://w3id.org/newskg/id/person/valery-gerasimov"
NORTH_KOREAN_FORCES = "https://w3id.org/newskg/id/unit/north-korean-armed-forces"


@pytest.fixture()
def open_page(built_data_dir, monkeypatch):
    monkeypatch.setenv("KG_DATA", str(built_data_dir))
    monkeypatch.chdir(ROOT)

    def run(name: str, **query: str) -> AppTest:
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        app.query_params.update(query)
        app.switch_page(f"views/{name}.py")
        return app.run()

    return run


def shown(markdown: str) -> str:
    """Markdown a widget got, as the reader sees it (backslash escapes undone)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def _nodes_drawn(app: AppTest) -> int:
    page = app.get("iframe")[0].proto.srcdoc
    return len(re.findall(r'"shape": "', page))


@pytest.mark.parametrize("name", PAGES)
def test_every_page_renders_without_an_error(open_page, name):
    app = open_page(name)
    assert not app.exception, app.exception[0].value if app.exception else ""
    assert not app.error
    assert app.title


def test_overview_shows_counts_articles_and_contested_claims(open_page):
    app = open_page("overview")
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Documents"] == "1" and metrics["Person"] == "6"
    assert int(metrics["Contested claims"]) > 0
    assert "Ukraine" in app.dataframe[1].value["entity"].tolist()


def test_overview_titles_articles_in_full_and_shows_no_none(open_page):
    app = open_page("overview")
    articles = app.dataframe[0].value
    assert not articles["title"].str.endswith("…").any()
    assert "url" not in articles.columns  # no article has one: no column of "None"
    assert "None" not in articles.astype(str).to_numpy().ravel().tolist()


def test_network_type_filter_narrows_the_network(open_page):
    app = open_page("network")
    everything = _nodes_drawn(app)
    app.multiselect[0].set_value(["Person"]).run()
    assert not app.exception
    people = _nodes_drawn(app)
    assert 0 < people < everything
    assert "Showing 6 of 6 entities" in " ".join(c.value for c in app.caption)


def test_network_search_centres_on_the_ego_network(open_page):
    app = open_page("network")
    app.text_input[0].set_value("Gerasimov").run()
    assert app.selectbox[0].value == GERASIMOV
    page = app.get("iframe")[0].proto.srcdoc
    assert "Valery Gerasimov" in page and "Sudan" not in page
    assert _nodes_drawn(app) < _nodes_drawn(open_page("network"))


def test_network_cap_says_how_many_are_shown(open_page):
    app = open_page("network")
    app.number_input[0].set_value(10).run()
    assert _nodes_drawn(app) == 10
    assert any("Showing 10 of" in w.value for w in app.warning)


def test_entity_page_shows_roles_relations_and_evidence(open_page):
    app = open_page("entity", entity=GERASIMOV)
    assert app.header[0].value == "Valery Gerasimov"
    facts = app.dataframe[0].value
    assert "Chief of General Staff" in " ".join(facts["value"])
    relations = app.dataframe[1].value
    assert "Russian General Staff" in relations["with"].tolist()
    assert "Gerasimov" in app.get("iframe")[0].proto.srcdoc


def test_entity_page_opens_on_the_most_connected_entity_with_headed_facts(open_page):
    app = open_page("entity")
    assert app.header[0].value == "Kursk region"  # not Avdiivka, the first by name
    shown_names = " ".join(app.dataframe[0].value["property"])
    assert "Mention count" in shown_names and "mentionCount" not in shown_names


def test_entity_page_shows_reported_events_and_each_sentence_once(open_page):
    app = open_page("entity", entity="https://w3id.org/newskg/id/person/oleksandr-syrskyi")
    events = app.dataframe[2].value
    assert "reported" in events["role"].tolist()
    assert "Not a participant" not in " ".join(c.value for c in app.caption)
    russia = open_page("entity", entity="https://w3id.org/newskg/id/place/russia")
    evidence = russia.dataframe[2].value["evidence"].tolist()
    assert len(evidence) == len(set(evidence)) > 3


def test_path_finder_connects_gerasimov_to_north_korean_troops(open_page):
    app = open_page("paths")
    app.selectbox[0].set_value(GERASIMOV)
    app.selectbox[1].set_value(NORTH_KOREAN_FORCES).run()
    assert not app.exception
    assert "North Korean armed forces" in app.markdown[0].value
    hops = app.dataframe[0].value
    assert hops["evidence"].str.len().min() > 0


def test_timeline_lists_dated_events_with_precision_and_filters_by_type(open_page):
    app = open_page("timeline")
    table = app.dataframe[0].value
    assert set(table["precision"]) <= {"day", "month", "year"} and len(table) > 3
    app.multiselect[1].set_value(["Capture"]).run()
    narrowed = app.dataframe[0].value
    assert 0 < len(narrowed) < len(table)
    assert set(narrowed["event"]) == {"Capture or recapture"}  # the ontology's label


def test_timeline_draws_coarse_dates_as_light_bands_ending_at_publication(open_page):
    app = open_page("timeline")
    import pyarrow as pa

    chart = app.get("vega_lite_chart")[0].proto
    spec = json.loads(chart.spec)
    assert "Date precision" in chart.spec and "Date known to the" not in chart.spec
    marks = {layer["mark"]["type"]: layer["mark"] for layer in spec["layer"]}
    assert marks["bar"]["opacity"] < marks["point"]["opacity"]
    (data,) = chart.datasets
    frame = pa.ipc.open_stream(data.data.data).read_all().to_pandas()
    coarse = frame[frame["precision"] != "day"]
    assert len(coarse) and set(coarse["lane"]) == {"month or year"}
    # No band runs past the seed article's publication date (2025-04-19).
    ends = frame["end"].tolist()
    assert ends and max(ends) <= "2025-04-19"


def test_claims_put_contested_groups_first(open_page):
    app = open_page("claims")
    labels = [e.label for e in app.expander]
    contested = [label.startswith("⚠️") for label in labels]
    assert contested[0] and contested == sorted(contested, reverse=True)


def test_map_draws_every_place_of_the_seed_regions_included(open_page):
    app = open_page("map")
    assert app.get("deck_gl_json_chart")
    assert not app.info  # no list of places without coordinates
    located, total = (int(n) for n in re.findall(r"\d+", app.caption[0].value)[:2])
    assert located == total > 5


def test_map_draws_labelled_places_over_country_outlines_with_no_tile_server(open_page):
    app = open_page("map")
    deck = json.loads(app.get("deck_gl_json_chart")[0].proto.json)
    layers = {layer["id"]: layer for layer in deck["layers"]}
    assert len(layers["countries"]["data"]) > 1000  # every country's rings
    labels = {row["label"] for row in layers["labels"]["data"]}
    assert {"Kursk region", "Sumy region", "Ukraine", "Sudzha"} <= labels
    # No base-map provider: Streamlit's sentinel makes it fetch no carto style.
    assert deck["mapStyle"] == "__MAP_STYLE__" and "mapProvider" not in deck


def test_sources_mark_mentions_in_the_article(open_page):
    app = open_page("sources")
    page = app.get("iframe")[0].proto.srcdoc
    assert page.count("<mark") > 20 and "<script" not in page


def test_export_offers_the_graph_as_turtle(open_page):
    app = open_page("export")
    assert app.get("download_button")
    assert "KiB" in app.caption[-1].value and app.radio[0].disabled


def _uploader(app: AppTest) -> FileUploader:
    found = app.get("file_uploader")[0]
    assert isinstance(found, FileUploader)
    return found


def _kib(app: AppTest) -> int:
    found = re.match(r"([\d,]+) KiB", app.caption[-1].value)
    assert found is not None, app.caption[-1].value
    return int(found.group(1).replace(",", ""))


def test_export_offers_the_network_as_filtered_on_the_network_page(open_page):
    app = open_page("network")
    app.multiselect[0].set_value(["Person"]).run()
    app.switch_page("views/export.py").run()
    assert not app.exception and not app.error
    assert app.radio[0].value.startswith("The network as filtered")
    assert "types\\: Person" in app.caption[-1].value
    assert app.get("download_button")[0].label == "Download network.ttl"
    part = _kib(app)
    app.radio[0].set_value("The whole graph").run()
    assert 0 < part < _kib(app)


def test_workbench_runs_a_saved_query_and_shows_rows(open_page):
    app = open_page("workbench")
    assert "census" in app.caption[0].value  # the header's description
    app.button[0].click().run()
    assert not app.exception and not app.error
    table = app.dataframe[0].value
    assert len(table) > 20 and "kg:Person" in table["term"].tolist()
    assert [b.label for b in app.get("download_button")] == ["Download CSV", "Download JSON"]


def test_workbench_fills_parameters_and_draws_the_default_graph_view(open_page):
    app = open_page("workbench")
    app.selectbox[0].set_value("entity-neighbourhood").run()
    app.selectbox[1].set_value(GERASIMOV)
    app.button[0].click().run()
    assert not app.exception and not app.error
    page = app.get("iframe")[0].proto.srcdoc
    assert "Russian General Staff" in page and "new vis.Network" in page


def test_workbench_map_view_draws_places_over_country_outlines(open_page):
    app = open_page("workbench")
    app.selectbox[0].set_value("places-map").run()
    app.button[0].click().run()
    assert not app.exception and not app.error
    deck = json.loads(app.get("deck_gl_json_chart")[0].proto.json)
    layers = {layer["id"]: layer for layer in deck["layers"]}
    assert len(layers["countries"]["data"]) > 1000
    assert "Kursk region" in {row["label"] for row in layers["labels"]["data"]}
    assert deck["mapStyle"] == "__MAP_STYLE__"  # no tile server


def _edges_drawn(app: AppTest) -> set[tuple[str, str, str]]:
    """The relations the page's network draws, as (from label, relation, to label)."""
    page = app.get("iframe")[0].proto.srcdoc
    nodes = json.loads(re.search(r"var nodeList = (.*);", page).group(1))  # type: ignore[union-attr]
    edges = json.loads(re.search(r"var edgeList = (.*);", page).group(1))  # type: ignore[union-attr]
    label = {n["id"]: n["label"] for n in nodes}
    return {(label[e["from"]], e.get("label", ""), label[e["to"]]) for e in edges}


def test_workbench_draws_exactly_the_edges_of_connection_paths(open_page):
    # Typing names into the pickers is the browser test's (AppTest cannot type).
    app = open_page("workbench")
    app.selectbox[0].set_value("connection-paths").run()
    app.selectbox[1].set_value("https://w3id.org/newskg/id/person/oleksandr-syrskyi")
    app.selectbox[2].set_value(GERASIMOV)
    app.button[0].click().run()
    assert not app.exception and not app.error
    drawn = _edges_drawn(app)
    assert drawn == {
        ("Oleksandr Syrskyi", "belongs to state", "Ukraine"),
        ("Oleksandr Syrskyi", "commander of", "Ukrainian armed forces"),
        ("Russia", "fought against", "Ukraine"),
        ("Russia", "fought against", "Ukrainian armed forces"),
        ("Valery Gerasimov", "belongs to state", "Russia"),
    }


@pytest.mark.parametrize(
    ("sparql", "message"),
    [
        ("SELECT * WHERE { ?s ?p }", "SPARQL syntax error at line 1"),
        ("DELETE WHERE { ?s ?p ?o }", "refused: DELETE WHERE is a SPARQL Update"),
    ],
)
def test_workbench_shows_a_bad_query_as_one_line(open_page, sparql, message):
    app = open_page("workbench")
    app.selectbox[0].set_value("").run()
    app.text_area[0].set_value(sparql)
    app.button[0].click().run()
    assert not app.exception and not app.dataframe
    assert len(app.error) == 1 and shown(app.error[0].value).startswith(message)
    assert "\n" not in app.error[0].value


def test_workbench_error_quoting_a_value_shows_it_as_text(open_page):
    app = open_page("workbench")
    app.selectbox[0].set_value("timeline").run()
    app.text_input[0].set_value("![x](http://example.invalid/x.png)")
    app.button[0].click().run()
    assert "\\!\\[x\\]\\(http\\:" in app.error[0].value  # no image, no link
    assert "expects a date like 2024-08-06" in shown(app.error[0].value)


def test_workbench_stays_usable_after_a_timeout(open_page, monkeypatch):
    monkeypatch.setenv("KG_QUERY_TIMEOUT", "1")
    app = open_page("workbench")
    app.selectbox[0].set_value("").run()
    app.text_area[0].set_value("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    app.button[0].click().run()
    assert "ran longer than 1 s" in shown(app.error[0].value)
    app.text_area[0].set_value("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c }")
    app.button[0].click().run()
    assert not app.error and int(app.dataframe[0].value["n"][0]) > 1000


@pytest.fixture()
def own_data_dir(built_data_dir, tmp_path, monkeypatch):
    """A copy of the seed graph that a test may add to."""
    data = tmp_path / "kg"
    shutil.copytree(built_data_dir, data)
    monkeypatch.setenv("KG_DATA", str(data))
    monkeypatch.chdir(ROOT)
    return data


def _add_page() -> AppTest:
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    app.switch_page("views/add.py")
    return app.run()


def test_add_page_builds_a_pasted_article_and_every_page_shows_it(own_data_dir):
    app = _add_page()
    app.radio[0].set_value("Paste an article").run()
    app.text_input[0].set_value("Border guards <b>close</b> crossing")
    app.text_area[0].set_value(
        "Polish border guards closed the Terespol crossing with "
        "Belarus on Monday, the Polish Interior Ministry said."
    )
    app.button[0].click().run()
    assert not app.exception and not app.error, app.error
    assert "2 article(s)" in app.success[0].value
    assert len(list((own_data_dir / "uploads").glob("*.md"))) == 1
    app.switch_page("views/overview.py").run()
    assert {m.label: m.value for m in app.metric}["Documents"] == "2"
    titles = app.dataframe[0].value["title"].tolist()
    assert "Border guards <b>close</b> crossing" in titles  # shown as text, by a table


def test_add_page_builds_an_uploaded_file(own_data_dir):
    app = _add_page()
    _uploader(app).upload(
        "kursk.txt", b"Ukrainian forces entered the Kursk region in August 2024.", "text/plain"
    )
    app.button[0].click().run()
    assert not app.exception and not app.error, app.error
    assert "Added kursk\\.txt" in app.success[0].value
    assert [p.name[:6] for p in (own_data_dir / "uploads").iterdir()] == ["kursk-"]


@pytest.mark.parametrize(
    ("name", "raw", "message"),
    [
        ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "photo.txt: binary file (a PNG image)"),
        ("empty.md", b"  \n", "empty.md: document is empty"),
        ("huge.txt", b"word " * 300, "huge.txt: 1,500 characters is too large"),
    ],
)
def test_add_page_refuses_bad_files_in_one_line_and_writes_nothing(
    own_data_dir, monkeypatch, name, raw, message
):
    monkeypatch.setenv("KG_MAX_DOCUMENT_CHARS", "1000")
    before = sorted(p.name for p in own_data_dir.rglob("*"))
    app = _add_page()
    _uploader(app).upload(name, raw, "text/plain")
    app.button[0].click().run()
    assert not app.exception and not app.success
    assert len(app.error) == 1 and shown(app.error[0].value).startswith(message)
    assert sorted(p.name for p in own_data_dir.rglob("*")) == before


def test_add_page_refuses_an_empty_paste(own_data_dir):
    app = _add_page()
    app.radio[0].set_value("Paste an article").run()
    app.text_input[0].set_value("A title only")
    app.button[0].click().run()
    assert shown(app.error[0].value).endswith("document is empty")
    assert not (own_data_dir / "uploads").exists()


def test_add_page_clears_the_paste_form_and_names_the_article_not_a_file(own_data_dir):
    app = _add_page()
    app.radio[0].set_value("Paste an article").run()
    app.text_input[0].set_value("Border guards close crossing")
    app.text_area[0].set_value("Polish border guards closed the Terespol crossing with Belarus.")
    app.button[0].click().run()
    assert not app.exception and not app.error, app.error
    message = shown(app.success[0].value)
    assert "Border guards close crossing" in message and ".md" not in message, message
    assert app.text_input[0].value == "" and app.text_area[0].value == ""


def test_add_page_clears_the_uploader_after_adding_and_names_the_chosen_file(own_data_dir):
    app = _add_page()
    _uploader(app).upload("kursk.txt", b"Ukrainian forces entered the Kursk region.", "text/plain")
    app.button[0].click().run()
    assert not app.exception and not app.error, app.error
    assert shown(app.success[0].value).startswith("Added kursk.txt")
    assert not _uploader(app).value


def test_add_page_keeps_the_text_when_adding_fails(own_data_dir):
    app = _add_page()
    app.radio[0].set_value("Paste an article").run()
    app.text_input[0].set_value("A title only")
    app.button[0].click().run()
    assert app.error and app.text_input[0].value == "A title only"


def test_pages_never_render_unsafe_html():
    for path in [ROOT / "app.py", *sorted((ROOT / "views").glob("*.py"))]:
        text = path.read_text(encoding="utf-8")
        assert "unsafe_allow_html" not in text and "st.html" not in text, path


# Raw names a page must not show: a prefixed kg: term, or an ontology term in CamelCase.
RAW_NAMES = re.compile(
    r"kg:\w|\b(?:"
    + "|".join(t for t in __import__("graph.vocab").vocab.KG_TERMS if re.search(r"[a-z][A-Z]", t))
    + r")\b"
)


def _texts(node) -> list[str]:
    """Every text an element tree shows: widgets' labels, values and options, and the
    cells and headers of data frames."""
    out: list[str] = []
    children = getattr(node, "children", None)
    for child in children.values() if isinstance(children, dict) else children or []:
        if getattr(child, "type", "") == "dataframe":
            frame = child.value
            out += [str(c) for c in frame.columns] + [str(child.proto.columns)]
            out += [str(v) for v in frame.astype(str).to_numpy().ravel()]
        else:
            # A picker shows its formatted options; its value is what the code gets.
            shown_attrs = (
                ("label", "options") if hasattr(child, "options") else ("value", "label", "body")
            )
            for attr in shown_attrs:
                try:
                    value = getattr(child, attr)
                except Exception:  # an element without it
                    continue
                if isinstance(value, str | list | tuple):
                    out.append(str(value))
        out += _texts(child)
    return out


@pytest.mark.parametrize("name", PAGES)
def test_no_page_shows_a_raw_class_or_property_name(open_page, name):
    app = open_page(name)
    raw = sorted({m.group(0) for t in _texts(app._tree) for m in RAW_NAMES.finditer(t)})
    assert not raw, f"{name} shows {raw}"
