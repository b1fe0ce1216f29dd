from graph.divisions import Divisions, divisions, name_key


def test_a_division_is_found_by_its_name_with_or_without_its_kind_word():
    table = divisions()
    norte = table.lookup("Norte de Santander")
    assert norte is not None and norte.country_code == "CO" and norte.kind == "department"
    assert table.lookup("Norte de Santander department") == norte
    assert norte.lat is not None and 7 < norte.lat < 9  # the centroid of its towns
    shan = table.lookup("Shan State")
    assert shan is not None and shan.country_code == "MM" and shan.kind == "state"


def test_compass_words_and_hyphens_are_spelled_one_way():
    assert name_key("Nord-Kivu") == name_key("North Kivu province") == "north kivu"
    kivu = divisions().lookup("North Kivu")
    assert kivu is not None and kivu.country_code == "CD"


def test_a_shared_division_name_goes_to_the_documents_country():
    table = divisions()
    haiti = table.lookup("Centre", frozenset({"HT"}))
    assert haiti is not None and haiti.country_code == "HT"
    cameroon = table.lookup("Centre", frozenset({"CM"}))
    assert cameroon is not None and cameroon.country_code == "CM"


def test_settlements_know_their_division():
    from graph.reference import settlements

    town = settlements().lookup("Mirebalais")
    assert town is not None
    division = divisions().of_settlement(town)
    assert division is not None and division.name == "Centre"


def test_division_table_is_cached_and_reloads_identically(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    built = Divisions()
    assert list((tmp_path / "newskg").glob("divisions-*.pickle"))
    cached = Divisions()
    assert cached.by_code == built.by_code
    assert cached.lookup("Sughd") == built.lookup("Sughd")


def test_name_keys_hold_bare_division_names():
    keys = divisions().name_keys()
    assert {"amhara", "tigray", "north kivu"} <= keys
