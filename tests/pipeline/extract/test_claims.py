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
