from graph.reference import Country, countries, settlements, spelling_key, surname_keys


def code(country: Country | None) -> str | None:
    return country.code if country else None


def test_country_names_demonyms_capitals_and_seats_of_power():
    table = countries()
    assert code(table.by_name("the U.S.")) == "US"
    assert code(table.by_name("Britain's")) == "GB"
    assert code(table.by_demonym("North Korean")) == "KP"
    assert code(table.by_capital("Pyongyang")) == "KP"
    assert code(table.by_capital("the Kremlin")) == "RU"
    assert code(table.by_capital("Washington")) == "US"


def test_transliteration_variants_find_the_same_settlement():
    assert spelling_key("Avdiivka") == spelling_key("Avdiyivka")
    assert spelling_key("Kostiantynivka") == spelling_key("Kostyantynivka")
    place = settlements().lookup("Sudzha")
    assert place is not None and place.country_code == "RU"
    # A final "h" for the Arabic ta marbuta, written by some and not by others.
    assert spelling_key("Hodeidah") == spelling_key("Hodeida") != spelling_key("Hodeid")
    port = settlements().lookup("Hodeidah")
    assert port is not None and port.country_code == "YE"


def test_preferred_country_disambiguates_a_shared_name():
    ukrainian = settlements().lookup("Donetsk")
    russian = settlements().lookup("Donetsk", frozenset({"RU"}))
    assert ukrainian is not None and ukrainian.country_code == "UA"
    assert russian is not None and russian.country_code == "RU"


def test_surname_keys_drop_arabic_particles():
    assert surname_keys("Abdel Fattah al-Burhan") == {"al-burhan", "burhan"}


def test_settlement_index_is_cached_and_reloads_identically(tmp_path, monkeypatch):
    from graph.reference import Settlements, _index_path

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    built = Settlements()
    assert _index_path(1000).exists()
    cached = Settlements()
    assert cached.lookup("Sudzha") == built.lookup("Sudzha")
    assert len(cached.by_id) == len(built.by_id)


def test_unreadable_cache_is_rebuilt(tmp_path, monkeypatch):
    from graph.reference import Settlements, _index_path

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    _index_path(1000).parent.mkdir(parents=True)
    _index_path(1000).write_bytes(b"not a pickle")
    assert Settlements().lookup("Kyiv") is not None


def test_populations_list_only_names_of_large_enough_settlements():
    from graph.reference import settlements

    large = settlements().populations(15_000)
    assert large["kharkiv"] > 1_000_000
    assert all(population >= 15_000 for population in large.values())
    assert "mirebalais" not in large  # about 12,000 inhabitants


def test_small_settlement_names_reach_below_a_thousand_people():
    from graph.reference import settlements, small_settlement_names

    assert "zorykivka" in small_settlement_names()  # about 800 inhabitants, not in cities1000
    assert settlements().lookup("Zorykivka") is None


def test_the_first_listed_demonym_is_the_label_form_and_norway_is_listed():
    table = countries()
    assert table.by_code["KG"].demonym == "Kyrgyz"
    assert table.by_demonym("Kirghiz") == table.by_code["KG"]
    # "NO" unquoted is YAML's false: the table must still know Norway's demonym
    assert table.by_demonym("Norwegian") == table.by_code["NO"]
