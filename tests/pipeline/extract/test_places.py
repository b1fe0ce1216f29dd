from graph.model import REGION


def regions(extraction):
    return {m.text: m for m in extraction.mentions if m.subtype == REGION}


def test_a_region_is_placed_in_the_country_the_document_names(extract_text):
    _, ex = extract_text(
        "Gunmen burned a market in the Centre department on Sunday, Haiti's police said."
    )
    centre = regions(ex)["Centre department"]
    assert centre.key == "region:centre" and centre.state == "HT"


def test_a_bare_division_name_of_the_documents_country_is_a_region(extract_text):
    _, ex = extract_text(
        "Floods cut roads in Norte de Santander on Tuesday, Colombia's disaster agency said."
    )
    norte = regions(ex)["Norte de Santander"]
    assert norte.key == "region:norte de santander" and norte.state == "CO"


def test_hyphenated_and_particle_region_names_are_whole(extract_text):
    _, ex = extract_text(
        "Fighting spread across Nord-Kivu province, Congo's army said. Aid reached "
        "Valle del Cauca department in Colombia."
    )
    found = regions(ex)
    assert found["Nord-Kivu province"].state == "CD"
    assert found["Valle del Cauca department"].state == "CO"


def test_a_lower_region_named_after_a_town_abroad_gets_no_foreign_country(extract_text):
    # Pende is a village in France; the document speaks only of Cameroon.
    _, ex = extract_text("Troops entered Pende district after clashes in Cameroon on Friday.")
    pende = regions(ex)["Pende district"]
    assert pende.state is None
