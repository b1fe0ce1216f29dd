import graph


def test_every_public_name_imports():
    for name in graph.__all__:
        assert getattr(graph, name) is not None, name


def test_the_type_checkers_view_of_the_facade_is_the_same_as_its_table():
    import ast
    from pathlib import Path

    tree = ast.parse(Path(graph.__file__).read_text(encoding="utf-8"))
    block = next(n for n in tree.body if isinstance(n, ast.If))  # if TYPE_CHECKING:
    typed = {
        (node.module, alias.name)
        for node in block.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    table = {(module, name) for module, names in graph._MODULES.items() for name in names}
    assert typed == table


def test_the_cli_starts_without_the_build_or_the_read_side():
    import subprocess
    import sys

    code = (
        "import sys, graph.cli; "
        "print(sorted(m for m in sys.modules if m.startswith(('graph.pipeline', 'spacy'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "[]", out.stderr
