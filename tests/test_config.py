from pathlib import Path

from graph.config import load_settings


def test_data_dir_precedence(monkeypatch):
    monkeypatch.setenv("KG_DATA", "/tmp/from-env")
    assert load_settings("explicit").data_dir == Path("explicit")
    assert load_settings().data_dir == Path("/tmp/from-env")
    monkeypatch.delenv("KG_DATA")
    assert load_settings().data_dir == Path(".kg")
