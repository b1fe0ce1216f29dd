from graph.reference import countries, settlements, spelling_key, surname_keys


def test_country_names_demonyms_capitals_and_seats_of_power():
    table = countries()
    assert table.by_name("the U.S.").code == "US"
    assert table.by_name("Britain's").code == "GB"
    assert table.by_demonym("North Korean").code == "KP"
    assert table.by_capital("Pyongyang").code == "KP"
    assert table.by_capital("the Kremlin").code == "RU"
    assert table.by_capital("Washington").code == "US"


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
    assert settlements().lookup("Donetsk").country_code == "UA"
    assert settlements().lookup("Donetsk", frozenset({"RU"})).country_code == "RU"


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
