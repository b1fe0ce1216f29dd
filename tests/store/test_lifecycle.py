"""The store's lifecycle: builds are serialized by a lock, a build publishes to the remote
endpoint and incremental builds keep it equal to the store; and the settings that choose
the backend."""

from __future__ import annotations

import shutil
import threading
import time
from dataclasses import replace

import pytest
from pyoxigraph import Literal, NamedNode, Quad

from graph.config import ENVIRONMENT, load_settings
from graph.errors import InputError, StoreError
from graph.store.base import BoundQuery
from graph.store.library import load_queries
from graph.store.lifecycle import GraphStore, build_lock
from graph.store.remote import RemoteBackend
from graph.vocab import GRAPHS
from tests.conftest import ROOT


def test_build_publishes_to_the_remote_endpoint(built_data_dir, remote_settings, tmp_path):
    """write_store with the remote backend loads the new graph into the endpoint."""
    from graph.store.lifecycle import write_store

    data = tmp_path / "data"
    shutil.copytree(built_data_dir, data)
    settings = replace(remote_settings, data_dir=data)
    local = list(GraphStore.open(settings).quads())
    marker = Quad(
        NamedNode("http://e/marker"),
        NamedNode("http://e/p"),
        Literal("x"),
        NamedNode(f"{GRAPHS}document/marker"),
    )
    write_store(settings, [*local, marker])
    remote = RemoteBackend.from_settings(settings)
    assert remote.run(BoundQuery("ASK { <http://e/marker> ?p ?o }", "ask"), 1).boolean
    write_store(settings, local)  # the marker's graph is gone again
    assert not remote.run(BoundQuery("ASK { <http://e/marker> ?p ?o }", "ask"), 1).boolean


def test_incremental_builds_keep_the_remote_endpoint_equal_to_the_store(oxigraph_server, tmp_path):
    from graph.pipeline.corpus import build_corpus, remove_documents

    settings = load_settings(
        tmp_path / "data",
        backend="remote",
        endpoint=f"{oxigraph_server}/query",
        store_endpoint=f"{oxigraph_server}/store",
    )
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Russian forces shelled Kharkiv, Ukraine's army said.", encoding="utf-8")
    b.write_text("President Volodymyr Zelensky visited Kharkiv.", encoding="utf-8")
    remote = RemoteBackend.from_settings(settings)

    def same() -> bool:
        return set(remote.quads()) == set(GraphStore.open(settings).quads())

    build_corpus(settings, [a])
    assert build_corpus(settings, [b]).incremental and same()
    remove_documents(settings, ["a"])
    assert same()
    assert f"{GRAPHS}document/a" not in remote.graph_names()


def test_settings_come_from_options_then_environment_then_defaults(tmp_path):
    env = {
        "KG_BACKEND": "rdflib",
        "KG_QUERY_TIMEOUT": "2.5",
        "KG_MAX_ROWS": "50",
        "KG_ALLOW_REMOTE": "1",
        "KG_QUERIES": str(tmp_path),
    }
    settings = load_settings(tmp_path, environ=env, max_rows="7")
    assert (settings.backend, settings.query_timeout, settings.max_rows) == ("rdflib", 2.5, 7)
    assert settings.allow_remote and settings.queries_dir == tmp_path
    default = load_settings(tmp_path, environ={})
    assert (default.backend, default.query_timeout, default.max_rows) == ("oxigraph", 10.0, 10_000)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"KG_BACKEND": "fuseki"}, "expected one of oxigraph, rdflib, remote"),
        ({"KG_QUERY_TIMEOUT": "0"}, "above 0"),
        ({"KG_QUERY_TIMEOUT": "soon"}, "KG_QUERY_TIMEOUT"),
        ({"KG_MAX_ROWS": "-5"}, "above 0"),
        ({"KG_BACKEND": "remote"}, "needs a SPARQL endpoint"),
        ({"KG_BACKEND": "remote", "KG_ENDPOINT": "file:///etc/passwd"}, "http:// or https://"),
        ({"KG_ALLOW_REMOTE": "perhaps"}, "expected 1 or 0"),
    ],
)
def test_bad_settings_are_refused_with_the_variable_named(tmp_path, env, message):
    with pytest.raises(InputError, match=message):
        load_settings(tmp_path, environ=env)


def test_readme_documents_every_setting_and_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for variable in ENVIRONMENT.values():
        assert variable in readme, variable
    for command in ("kg queries", "kg query", "kg serve", "kg publish"):
        assert command in readme, command
    for name in load_queries(ROOT / "queries"):
        assert name in readme, name


def test_a_second_build_waits_for_the_lock_and_says_so(tmp_path, capsys):
    settings = load_settings(tmp_path / "data", environ={})
    order: list[str] = []
    with build_lock(settings):
        waiter = threading.Thread(target=lambda: _hold(settings, order))
        waiter.start()
        time.sleep(0.3)
        order.append("first done")
    waiter.join(timeout=10)
    assert order == ["first done", "second"]
    assert "waiting for another build" in capsys.readouterr().err


def _hold(settings, order: list[str]) -> None:
    with build_lock(settings):
        order.append("second")


def test_a_data_directory_that_is_a_file_is_one_clear_error(tmp_path):
    target = tmp_path / "file"
    target.write_text("x")
    lock = build_lock(load_settings(target, environ={}))
    with pytest.raises(StoreError, match="cannot write to data directory"), lock:
        pass


@pytest.mark.parametrize("fmt", ["turtle", "trig"])
def test_an_export_writes_names_without_escapes_and_reads_back(built_data_dir, fmt):
    import io

    from rdflib import Dataset, Graph
    from rdflib.compare import isomorphic

    from graph.store.validate import to_rdflib

    store = GraphStore.open(load_settings(built_data_dir))
    out = io.BytesIO()
    store.export(fmt, out)
    text = out.getvalue().decode()
    assert "\\/" not in text and "\\#" not in text and "\\." not in text
    assert "place:russia" in text and "person:volodymyr-zelensky" in text
    # A document's sentences and assertions under a prefix of their own document.
    assert "@prefix doc-000-06a881ff5254c041: <https://w3id.org/newskg/id/document/" in text
    assert "doc-000-06a881ff5254c041:sentence-1 " in text
    if fmt == "turtle":
        assert isomorphic(Graph().parse(data=text, format="turtle"), to_rdflib(store))
    else:
        dataset = Dataset()
        dataset.parse(data=text, format="trig")
        assert len(dataset) == len(list(store.quads()))


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_file_written_atomically_has_the_mode_open_gives(tmp_path, umask, mode):
    import os
    import stat

    from graph.store.lifecycle import write_atomic

    old = os.umask(umask)
    try:
        write_atomic(tmp_path / "new.ttl", b"x")
        (tmp_path / "kept.ttl").write_bytes(b"old")
        (tmp_path / "kept.ttl").chmod(0o640)
        write_atomic(tmp_path / "kept.ttl", b"new")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.ttl").stat().st_mode) == mode
    # Replacing a file keeps its mode, as writing it with open() would.
    assert stat.S_IMODE((tmp_path / "kept.ttl").stat().st_mode) == 0o640
    assert (tmp_path / "kept.ttl").read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["kept.ttl", "new.ttl"]


def test_names_that_need_escapes_are_written_in_full_and_strings_left_alone():
    import io

    from pyoxigraph import RdfFormat, Store, parse
    from rdflib import Graph

    base = "https://w3id.org/newskg/id/"
    odd = [
        base + "document/a_b#char=1,5",
        base + "place/st.",
        base + "place/k%C3%A9/x",
        base + "person/zo\u00eb",
        base + "unit/x#y",
    ]
    store = Store()
    label = NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
    text = 'id:document\\/x "quoted" place:a\\. <b> \\'
    store.extend(Quad(NamedNode(iri), label, Literal(text)) for iri in odd)
    store.add(Quad(NamedNode(base + "place/ukraine"), label, Literal("Ukraine")))
    out = io.BytesIO()
    GraphStore(store).export("turtle", out)
    data = out.getvalue()
    assert b"place:ukraine" in data and b"doc-a_b:char" not in data
    subjects = [line.split(" ", 1)[0] for line in data.decode().splitlines()]
    assert subjects and not any("\\" in subject for subject in subjects)
    parsed = {(t.subject.value, t.object.value) for t in parse(data, format=RdfFormat.TURTLE)}
    assert parsed == {(iri, text) for iri in odd} | {(base + "place/ukraine", "Ukraine")}
    assert len(Graph().parse(data=data, format="turtle")) == len(odd) + 1
