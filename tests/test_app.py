"""The Streamlit page, run headless with AppTest against a built data directory."""

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def test_app_shows_counts_table_and_network(built_data_dir, monkeypatch):
    monkeypatch.setenv("KG_DATA", str(built_data_dir))
    monkeypatch.chdir(ROOT)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Documents"] == "1" and metrics["Person"] == "6"
    assert "Ukraine" in app.dataframe[0].value["entity"].tolist()


def test_app_builds_the_graph_on_first_run(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_DATA", str(tmp_path / "fresh"))
    monkeypatch.chdir(ROOT)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300).run()
    assert not app.exception
    assert (tmp_path / "fresh" / "CURRENT").exists()
