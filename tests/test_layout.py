"""The package layout stays true: imports flow one way, with no circles.

Reads every import of ``graph/``, ``views/`` and ``app.py`` with :mod:`ast` (function-level
and ``TYPE_CHECKING`` imports included: a lazy import is still a dependency) and checks:

- no import circle between the package's modules;
- no module imports a later layer (see ``LAYERS``): the shared leaves import only leaves,
  the store knows nothing of the build or the read side, the build side nothing of the
  read side, and nothing but the facade and the CLI sits on top;
- the views, the app and the CLI use only the public facade ``graph``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import networkx as nx
import pytest

from tests.conftest import ROOT

# Layers from the bottom up, by module-name prefix (the longest prefix wins). A module may
# import its own layer or a lower one. Within a layer, the no-circle rule still holds.
LAYERS: list[tuple[str, ...]] = [
    ("graph.errors",),
    ("graph.config", "graph.model"),
    ("graph.vocab", "graph.reference"),
    ("graph.divisions",),
    ("graph.dates",),
    ("graph.store",),
    ("graph.pipeline.ingest",),
    ("graph.pipeline.nlp", "graph.pipeline.patterns"),
    ("graph.pipeline.extract",),
    ("graph.pipeline.index", "graph.pipeline.resolve"),
    ("graph.pipeline.build",),
    ("graph.pipeline.executor",),
    ("graph.pipeline.corpus", "graph.pipeline"),
    ("graph.explore",),
    ("graph.cli", "graph"),
]
FACADE_ONLY = ("views", "app", "graph.cli")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def source_files() -> Iterator[Path]:
    yield ROOT / "app.py"
    for folder in ("graph", "views"):
        yield from sorted((ROOT / folder).rglob("*.py"))


def imports_of(path: Path) -> Iterator[tuple[str, int]]:
    """(imported module, line) for every import in the file, relative ones resolved."""
    name = module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:  # a submodule, or a name of the module (the facade's)
                candidate = f"{base}.{alias.name}"
                yield (candidate if candidate in MODULES else base), node.lineno


MODULES = {module_name(p) for p in source_files()}


def own(module: str) -> str | None:
    """The package module an import names (a submodule or the module itself), if any."""
    while module and module not in MODULES:
        module = module.rpartition(".")[0]
    return module or None


def layer(module: str) -> int:
    best = max(
        (
            (len(prefix), rank)
            for rank, names in enumerate(LAYERS)
            for prefix in names
            if module == prefix or module.startswith(prefix + ".")
        ),
        default=None,
    )
    if best is None:
        raise AssertionError(f"{module} is in no layer: add it to LAYERS in {__file__}")
    return best[1]


def import_graph() -> nx.DiGraph:
    g = nx.DiGraph()
    for path in source_files():
        source = module_name(path)
        g.add_node(source)
        for target, line in imports_of(path):
            target_module = own(target)
            if target_module and target_module != source:
                g.add_edge(source, target_module, where=f"{path.relative_to(ROOT)}:{line}")
    return g


def test_every_package_module_has_a_layer():
    for module in MODULES:
        if module.startswith("graph"):
            layer(module)


def test_no_import_circles():
    g = import_graph()
    # The facade imports every public module lazily; it is the top, not part of a circle.
    g.remove_node("graph")
    circles = list(nx.simple_cycles(g))
    assert not circles, "import circles: " + "; ".join(" -> ".join(c) for c in circles)


def test_no_module_imports_a_later_layer():
    backward = [
        f"{data['where']}: {source} imports {target}"
        for source, target, data in import_graph().edges(data=True)
        if source.startswith("graph")
        and target.startswith("graph")
        and layer(target) > layer(source)
    ]
    assert not backward, "backward imports:\n" + "\n".join(backward)


@pytest.mark.parametrize("prefix", FACADE_ONLY)
def test_views_app_and_cli_use_only_the_facade(prefix):
    inside = [
        f"{data['where']}: {source} imports {target}"
        for source, target, data in import_graph().edges(data=True)
        if (source == prefix or source.startswith(prefix + ".")) and target.startswith("graph.")
    ]
    assert not inside, "imports around the facade:\n" + "\n".join(inside)


def test_the_checker_sees_a_circle_and_a_backward_import(tmp_path):
    """The rules above would catch what they are for (a test that cannot fail is none)."""
    g = nx.DiGraph(
        [
            ("graph.pipeline.build", "graph.pipeline.resolve"),
            ("graph.pipeline.resolve", "graph.pipeline.build"),
        ]
    )
    assert list(nx.simple_cycles(g))
    assert layer("graph.explore.reads") > layer("graph.store.engine")
    assert layer("graph.pipeline.corpus") > layer("graph.pipeline.extract.facts")
