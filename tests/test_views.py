"""Every page of the explorer, run headless with AppTest on the seed graph."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

PAGES = ["overview", "network", "entity", "paths", "timeline", "claims", "map", "sources",
         "workbench", "export"]
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
    assert set(narrowed["event"]) == {"Capture"}


def test_claims_put_contested_groups_first(open_page):
    app = open_page("claims")
    labels = [e.label for e in app.expander]
    contested = [label.startswith("⚠️") for label in labels]
    assert contested[0] and contested == sorted(contested, reverse=True)


def test_map_lists_places_without_coordinates(open_page):
    app = open_page("map")
    assert app.get("deck_gl_json_chart")
    assert "no coordinates" in app.info[0].value


def test_sources_mark_mentions_in_the_article(open_page):
    app = open_page("sources")
    page = app.get("iframe")[0].proto.srcdoc
    assert page.count("<mark") > 20 and "<script" not in page


def test_export_offers_the_graph_as_turtle(open_page):
    app = open_page("export")
    assert app.get("download_button")
    assert "KiB" in app.caption[0].value


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
    app.text_input[0].set_value("id:person/valery-gerasimov")
    app.button[0].click().run()
    assert not app.exception and not app.error
    page = app.get("iframe")[0].proto.srcdoc
    assert "Russian General Staff" in page and "new vis.Network" in page


@pytest.mark.parametrize(("sparql", "message"), [
    ("SELECT * WHERE { ?s ?p }", "SPARQL syntax error at line 1"),
    ("DELETE WHERE { ?s ?p ?o }", "refused: DELETE WHERE is a SPARQL Update"),
])
def test_workbench_shows_a_bad_query_as_one_line(open_page, sparql, message):
    app = open_page("workbench")
    app.selectbox[0].set_value("").run()
    app.text_area[0].set_value(sparql)
    app.button[0].click().run()
    assert not app.exception and not app.dataframe
    assert len(app.error) == 1 and app.error[0].value.startswith(message)
    assert "\n" not in app.error[0].value


def test_workbench_stays_usable_after_a_timeout(open_page, monkeypatch):
    monkeypatch.setenv("KG_QUERY_TIMEOUT", "1")
    app = open_page("workbench")
    app.selectbox[0].set_value("").run()
    app.text_area[0].set_value("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }")
    app.button[0].click().run()
    assert "ran longer than 1 s" in app.error[0].value
    app.text_area[0].set_value("SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c }")
    app.button[0].click().run()
    assert not app.error and int(app.dataframe[0].value["n"][0]) > 1000


def test_pages_never_render_unsafe_html():
    for path in [ROOT / "app.py", *sorted((ROOT / "views").glob("*.py"))]:
        text = path.read_text(encoding="utf-8")
        assert "unsafe_allow_html" not in text and "st.html" not in text, path
