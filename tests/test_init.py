import graph


def test_every_public_name_imports():
    for name in graph.__all__:
        assert getattr(graph, name) is not None, name
