"""Pages of the explorer run headless with AppTest on the seed graph, and the helpers
they share, tested one page module at a time."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


@pytest.fixture()
def open_page(built_data_dir, monkeypatch) -> Callable[..., AppTest]:
    """Run ``views/<name>.py`` in the app, with the given query parameters."""
    monkeypatch.setenv("KG_DATA", str(built_data_dir))
    monkeypatch.chdir(ROOT)

    def run(name: str, **query: str) -> AppTest:
        app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
        app.query_params.update(query)
        app.switch_page(f"views/{name}.py")
        return app.run()

    return run
