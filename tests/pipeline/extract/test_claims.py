"""Claim rules: claimants, stances and the claims that contest each other."""

from tests.pipeline.extract.helpers import names


def test_claims_with_stance_and_the_dispute_they_start(extract_text):
    _, ex = extract_text(
        "Israel announced that its forces had destroyed the tunnel network. "
        "Hezbollah denied the claim."
    )
    claims = ex.facts.claims
    assert [(c.stance, [names(ex, a) for a in c.claimants]) for c in claims] == [
        ("asserts", ["Israel"]),
        ("denies", ["Hezbollah"]),
    ]
    assert claims[1].refers_to == 0 and claims[0].contests == (1,)


def test_demonym_officials_speak_for_their_state(extract_text):
    _, ex = extract_text("Sudanese officials said the RSF had withdrawn from the city.")
    assert [names(ex, a) for a in ex.facts.claims[0].claimants] == ["country:SD"]


def test_differing_casualty_figures_contest_each_other(extract_text):
    _, ex = extract_text(
        "Lebanon's health ministry estimated 40 people killed, while "
        "Israeli officials put the number of dead much lower."
    )
    claims = ex.facts.claims
    assert len(claims) == 2 and claims[0].contests == (1,)


def test_denial_answered_by_another_claimant_is_contested(extract_text):
    _, ex = extract_text(
        "Tehran denied directing Hezbollah's operations, but Israeli Defense "
        "Minister Yoav Gallant warned that Iran would pay for arming "
        "Hezbollah."
    )
    stances = [(c.stance, c.contests) for c in ex.facts.claims]
    assert ("denies", (1,)) in stances and ("asserts", (0,)) in stances


def test_a_year_that_names_a_thing_does_not_move_the_story(extract_text):
    _, ex = extract_text(
        "On March 3, 2026, officials said the 2011 accord had collapsed. "
        "The rebels said on March 5 that they would return to talks."
    )
    assert [c.date.value if c.date else None for c in ex.facts.claims][-1] == "2026-03-05"


def test_according_to_names_the_source_of_the_clause(extract_text):
    doc, ex = extract_text(
        "Gunmen burned two villages near the lake on Sunday, according to Amnesty International."
    )
    (claim,) = ex.facts.claims
    assert (claim.verb, [names(ex, a) for a in claim.claimants]) == (
        "according to",
        ["Amnesty International"],
    )
    assert doc.text[claim.content_start : claim.content_end] == (
        "Gunmen burned two villages near the lake on Sunday"
    )


def test_bare_he_said_is_the_speaker_named_before(extract_text):
    _, ex = extract_text(
        'Paulo Mendes is the army\'s spokesman. "We held the bridge all night," he said.'
    )
    assert [names(ex, a) for a in ex.facts.claims[-1].claimants] == ["Paulo Mendes"]


def test_a_spokesman_for_a_body_speaks_for_it(extract_text):
    _, ex = extract_text(
        "A spokesman for the World Food Programme said the convoys had reached Goma."
    )
    assert [names(ex, a) for a in ex.facts.claims[0].claimants] == ["World Food Programme"]


def test_the_body_named_before_speaks_as_the_police(extract_text):
    _, ex = extract_text(
        "The Kenya Police Service arrested 14 people in Mombasa on Sunday. "
        "Two officers were injured, the police said."
    )
    assert [names(ex, a) for a in ex.facts.claims[-1].claimants] == ["Kenya Police Service"]


def test_told_reporters_claims_the_clause_not_the_listeners(extract_text):
    doc, ex = extract_text("Amina Yusuf told reporters the bridge had been destroyed.")
    (claim,) = ex.facts.claims
    assert [names(ex, a) for a in claim.claimants] == ["Amina Yusuf"]
    assert doc.text[claim.content_start : claim.content_end] == "the bridge had been destroyed"


def test_saying_speaks_for_the_reporting_verb_above_it(extract_text):
    _, ex = extract_text(
        "General Tomas Varga denied that any soldier had deserted, "
        "saying the unit had only moved to the river."
    )
    assert [(c.stance, [names(ex, a) for a in c.claimants]) for c in ex.facts.claims] == [
        ("denies", ["Tomas Varga"]),
        ("asserts", ["Tomas Varga"]),
    ]


def test_saying_ones_own_side_did_not_is_a_denial_but_a_vow_is_not(extract_text):
    _, ex = extract_text(
        "Hamas said none of its fighters had crossed the line. "
        "Hamas said its fighters would not stop."
    )
    assert [c.stance for c in ex.facts.claims] == ["denies", "asserts"]


def test_quoted_words_and_questions_make_no_claim(extract_text):
    _, ex = extract_text(
        '"This ruling tells every militia that the law applies," Judge Ana Costa told reporters. '
        "What did the villagers say?"
    )
    assert [c.verb for c in ex.facts.claims] == ["tell"]


def test_in_a_statement_is_the_verbs_claim_not_another(extract_text):
    _, ex = extract_text(
        "The Arab League said in a statement on Friday that the talks would resume."
    )
    assert [c.verb for c in ex.facts.claims] == ["say"]


def test_a_sentence_that_is_only_a_name_does_not_hang_the_speaker_search(extract_text):
    """The climb from a name to its head stops at the sentence root: spaCy hands out a new
    Token object on every access, so the root is found by index, not by identity."""
    import signal

    def hung(*_):
        raise TimeoutError("claim extraction did not finish")

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(60)
    try:
        _, extraction = extract_text("Briefing\n\nIvan Petrov. He said the town had fallen.\n")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    assert extraction.facts.claims


def test_a_claims_content_does_not_end_cut_or_open_on_a_preposition(extract_text):
    doc, ex = extract_text(
        "Ukraine's military put the figure at 300 North Korean soldiers killed and 2,700 "
        "wounded. Kyiv rejected Russian claims of full control over Kursk."
    )
    contents = [doc.text[c.content_start : c.content_end] for c in ex.facts.claims]
    assert not any(c.endswith((" and", ",", "—")) or c.startswith("of ") for c in contents)
