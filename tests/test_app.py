"""The app as a whole, run headless with AppTest: navigation, first run, broken stores.
What each page shows is tested page by page in test_views.py."""

import re

from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT


def test_app_opens_on_the_overview_with_counts(built_data_dir, monkeypatch):
    monkeypatch.setenv("KG_DATA", str(built_data_dir))
    monkeypatch.chdir(ROOT)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120).run()
    assert not app.exception
    metrics = {m.label: m.value for m in app.metric}
    assert metrics["Documents"] == "1" and metrics["Person"] == "6"
    assert {
        "Documents",
        "Person",
        "Organization",
        "Military unit",
        "Place",
        "Contested claims",
    } == set(metrics)


def test_app_builds_the_graph_on_first_run(tmp_path, monkeypatch):
    monkeypatch.setenv("KG_DATA", str(tmp_path / "fresh"))
    monkeypatch.chdir(ROOT)
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300).run()
    assert not app.exception
    assert (tmp_path / "fresh" / "CURRENT").exists()


def test_network_page_embeds_an_offline_iframe(built_data_dir, monkeypatch):
    monkeypatch.setenv("KG_DATA", str(built_data_dir))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=120)
    app.switch_page("views/network.py")
    app.run()
    frames = app.get("iframe")
    assert len(frames) == 1
    page = frames[0].proto.srcdoc
    assert "new vis.Network" in page and "Kursk region" in page
    assert not re.search(r"<(script|link)[^>]+(src|href)\s*=\s*[\"']?(https?:)?//", page, re.I)


def test_app_shows_a_broken_store_as_an_error_not_a_traceback(tmp_path, monkeypatch):
    (tmp_path / "CURRENT").write_text("gone\n")
    monkeypatch.setenv("KG_DATA", str(tmp_path))
    app = AppTest.from_file(str(ROOT / "app.py"), default_timeout=60).run()
    assert not app.exception
    assert "kg build \\-\\-rebuild" in app.error[0].value  # escaped Markdown
    assert not app.get("iframe")


def test_app_never_renders_unsafe_html():
    # Entity names and sentences come from articles; they reach the page only through
    # escaped widgets and escaped pages in iframes.
    assert "unsafe_allow_html" not in (ROOT / "app.py").read_text(encoding="utf-8")


def test_streamlit_run_listens_on_this_machine_only_and_looks_up_nothing(built_data_dir, tmp_path):
    """``streamlit run app.py`` as a user types it (no address given): the project's
    .streamlit/config.toml binds it to 127.0.0.1, so it neither listens on every
    interface nor asks the internet for the machine's external IP."""
    import os
    import subprocess
    import sys
    import tomllib

    import psutil

    from tests.conftest import free_port, serving

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text())
    assert config["server"]["address"] == "127.0.0.1"
    assert config["browser"]["gatherUsageStats"] is False
    assert config["client"]["toolbarMode"] == "viewer"  # no "Deploy" button
    port = free_port()
    log = tmp_path / "streamlit.log"
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    env = {**os.environ, "KG_DATA": str(built_data_dir)}
    with (
        open(log, "wb") as out,
        serving(
            command,
            f"http://127.0.0.1:{port}/_stcore/health",
            "streamlit",
            timeout=90,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        ) as server,
    ):
        listening = [
            c.laddr
            for p in [psutil.Process(server.pid), *psutil.Process(server.pid).children(True)]
            for c in p.net_connections(kind="tcp")
            if c.status == psutil.CONN_LISTEN
        ]
    assert listening and all(address.ip == "127.0.0.1" for address in listening), listening
    text = log.read_text()
    assert f"URL: http://127.0.0.1:{port}" in text
    assert not re.search(r"External URL|Network URL|external IP", text), text
