"""``kg queries`` and ``kg query`` run as a user runs them (subprocesses)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.store.test_engine import NEVER_ENDING, quads_hash

KG = [sys.executable, "-m", "graph.cli"]


def kg(*args: str, data: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "KG_DATA": str(data)}
    return subprocess.run(
        [*KG, *args], capture_output=True, text=True, env=env, cwd=ROOT, timeout=timeout
    )


def one_line_error(result: subprocess.CompletedProcess[str], code: int = 5) -> str:
    assert result.returncode == code, result.stderr
    assert result.stderr.startswith("kg: error: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr and result.stdout == ""
    return result.stderr


def test_queries_lists_every_saved_query_with_its_summary(built_data_dir):
    result = kg("queries", data=built_data_dir)
    assert result.returncode == 0, result.stderr
    names = {line.split()[0] for line in result.stdout.splitlines()}
    assert names == {p.stem for p in (ROOT / "queries").glob("*.rq")}
    assert "connection-paths" in result.stdout and "from to max_hops=3" in result.stdout
    detail = kg("queries", "timeline", data=built_data_dir)
    assert "--param from=" in detail.stdout and "view: Timeline" in detail.stdout


def test_query_by_name_in_every_format(built_data_dir):
    table = kg("query", "timeline", data=built_data_dir)
    assert table.returncode == 0, table.stderr
    assert table.stdout.splitlines()[2].startswith("2024-08-06")
    assert "rows in" in table.stderr and "oxigraph" in table.stderr
    csv = kg("query", "timeline", "--format", "csv", data=built_data_dir)
    assert csv.stdout.splitlines()[1].startswith("2024-08-06,day,")
    tsv = kg("query", "timeline", "-f", "tsv", data=built_data_dir)
    assert tsv.stdout.splitlines()[1].startswith(
        '"2024-08-06"^^<http://www.w3.org/2001/XMLSchema#date>\t'
    )
    data = json.loads(kg("query", "timeline", "-f", "json", data=built_data_dir).stdout)
    assert data["results"]["bindings"][0]["date"]["value"] == "2024-08-06"


def test_query_parameters_and_files(built_data_dir, tmp_path):
    result = kg(
        "query", "aliases", "--param", "entity=id:place/russia", "-f", "csv", data=built_data_dir
    )
    assert result.returncode == 0 and "Kremlin" in result.stdout
    saved = tmp_path / "mine.rq"
    saved.write_text(
        "#+ summary: mine\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?label WHERE { ?_thing_iri rdfs:label ?label }\n"
    )
    result = kg(
        "query", str(saved), "-p", "thing=id:person/donald-trump", "-f", "csv", data=built_data_dir
    )
    assert result.stdout.splitlines() == ["label", "Donald Trump"]


def test_entity_and_class_parameters_take_names(built_data_dir):
    zelensky = ("query", "events-of-entity", "-p")
    by_name = kg(*zelensky, "entity=Volodymyr Zelensky", data=built_data_dir)
    assert by_name.returncode == 0, by_name.stderr
    by_iri = kg(*zelensky, "entity=id:person/volodymyr-zelensky", data=built_data_dir)
    assert by_name.stdout == by_iri.stdout and len(by_name.stdout.splitlines()) > 2
    people = kg("query", "entities-by-type", "-p", "type=person", "-f", "csv", data=built_data_dir)
    assert people.returncode == 0, people.stderr
    assert "Volodymyr Zelensky" in people.stdout and "Ukraine" not in people.stdout
    units = kg("query", "entities-by-type", "-p", "type=military unit", data=built_data_dir)
    assert "Russian armed forces" in units.stdout and "Zelensky" not in units.stdout


@pytest.mark.parametrize("fmt", ["table", "csv", "tsv"])
def test_select_star_prints_columns_in_the_query_order(built_data_dir, fmt):
    star = "SELECT * WHERE { ?s ?p ?o } LIMIT 1"
    result = kg("query", "--sparql", star, "-f", fmt, data=built_data_dir)
    header = result.stdout.splitlines()[0].replace(",", " ").replace("?", "").lower().split()
    assert header == ["s", "p", "o"]
    data = json.loads(kg("query", "--sparql", star, "-f", "json", data=built_data_dir).stdout)
    assert data["head"]["vars"] == ["s", "p", "o"]


def test_entities_by_type_prints_a_class_only_where_it_is_more_specific(built_data_dir):
    rows = kg("query", "entities-by-type", "-f", "csv", data=built_data_dir).stdout.splitlines()
    assert rows[0] == "entity,label,type,class,mentions"
    unit = next(r.split(",") for r in rows if ",Ukrainian armed forces," in r)
    assert unit[2].endswith("#MilitaryUnit") and unit[3] == ""


def test_ad_hoc_sparql_and_the_row_cap(built_data_dir):
    result = kg(
        "query",
        "--sparql",
        "SELECT ?s WHERE { ?s ?p ?o }",
        "--max-rows",
        "3",
        "-f",
        "csv",
        data=built_data_dir,
    )
    assert result.returncode == 0 and len(result.stdout.splitlines()) == 4
    assert result.stderr.startswith("kg: warning: truncated: only the first 3 rows")
    ask = kg(
        "query",
        "--sparql",
        "ASK { ?s a <https://w3id.org/newskg/ontology#Person> }",
        data=built_data_dir,
    )
    assert ask.stdout == "true\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["query", "nope"], "no saved query 'nope'"),
        (["query", "aliases"], "aliases needs entity"),
        (["query", "aliases", "-p", "entity=not a name"], "no entity or class is named"),
        (["query", "aliases", "-p", "entity=Korea"], "'Korea' could be any of 4: North Korea"),
        (["query", "entities-by-type", "-p", "type=Country"], "must be one of: kg:Person"),
        (["query", "aliases", "-p", "entity"], "--param takes NAME=VALUE"),
        (["query", "timeline", "-p", "from=yesterday"], "expects a date"),
        (["query", "--sparql", "DROP ALL"], "refused: DROP is a SPARQL Update"),
        (["query", "--sparql", "LOAD <http://example.org/x>"], "refused: LOAD"),
        (
            ["query", "--sparql", "SELECT * WHERE { SERVICE <http://example.org/s> { ?s ?p ?o } }"],
            "refused: SERVICE",
        ),
        (["query", "--sparql", "SELECT * WHERE { ?s ?p"], "SPARQL syntax error"),
        (["query"], "give a saved query name"),
        (["query", "--timeout", "0", "timeline"], "bad value '0' for --timeout"),
    ],
)
def test_query_errors_are_one_line(built_data_dir, args, message):
    result = kg(*args, data=built_data_dir)
    code = 2 if message.startswith(("--param", "give", "bad value")) else 5
    assert message in one_line_error(result, code)


def test_a_never_ending_query_is_cut_off_and_the_graph_is_unchanged(built_data_dir):
    before = quads_hash(built_data_dir)
    started = time.monotonic()
    result = kg(
        "query", "--timeout", "1", "--sparql", NEVER_ENDING, data=built_data_dir, timeout=60
    )
    assert "longer than 1 s and was stopped" in one_line_error(result)
    assert time.monotonic() - started < 15
    assert kg("query", "--sparql", "ASK {}", data=built_data_dir).stdout == "true\n"
    assert quads_hash(built_data_dir) == before


def test_query_on_the_rdflib_backend(built_data_dir):
    result = kg(
        "query",
        "find-entity",
        "-p",
        "name=kremlin",
        "--backend",
        "rdflib",
        "-f",
        "csv",
        data=built_data_dir,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1].startswith("https://w3id.org/newskg/id/place/russia,")
