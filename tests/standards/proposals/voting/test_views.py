"""The voting pages: the panel on a proposal, casting, answering objections, closing early, and
the stewards' decision rule settings."""

import pytest
from django.urls import reverse

from standards.choices import ProposalStatus, Stance
from standards.models import Decision, DecisionRule, Position
from standards.proposals.voting.services import position_cast
from tests.community.factories import UserFactory
from tests.standards.factories import electorate, past_deadline, past_minimum_open_time


@pytest.fixture
def vote(steward):
    world = electorate(steward=steward)
    world.ballot = world.open_ballot()
    return world


def url(name: str, vote, **kwargs) -> str:
    proposal = vote.proposal
    return reverse(
        f"standards:{name}",
        kwargs={"standard": proposal.standard.slug, "reference": proposal.reference, **kwargs},
    )


def detail(client, vote):
    return client.get(vote.proposal.get_absolute_url())


# The panel -----------------------------------------------------------------------------------


def test_the_panel_shows_the_rule_and_each_group(client, vote):
    response = detail(client, vote)

    assert "Each deciding group passes when at least 30%" in response.text
    for group in vote.groups.values():
        assert group.name in response.text


def test_the_public_sees_counts_not_names(client, vote):
    voter = vote.members["la"][0]
    position_cast(actor=voter, proposal=vote.proposal, group=vote.la, stance=Stance.APPROVE)

    response = detail(client, vote)

    assert voter.get_full_name() not in response.text
    assert "Members of the working groups can see who voted how" in response.text


def test_members_see_who_voted_how(client, vote):
    voter = vote.members["la"][0]
    position_cast(actor=voter, proposal=vote.proposal, group=vote.la, stance=Stance.APPROVE)
    client.force_login(vote.members["ha"][0])

    response = detail(client, vote)

    assert f"{voter.get_full_name()}: approve" in response.text


def test_the_panel_says_what_is_still_needed(client, vote):
    response = detail(client, vote)

    assert "more vote" in response.text
    assert "to reach quorum" in response.text


def test_an_eligible_member_is_offered_the_vote(client, vote):
    client.force_login(vote.members["la"][0])

    response = detail(client, vote)

    assert url("proposal_vote", vote) in response.text


def test_a_steward_who_is_not_a_member_is_not_offered_the_vote(client, vote):
    client.force_login(vote.steward)

    response = detail(client, vote)

    assert url("proposal_vote", vote) not in response.text


def test_reading_a_proposal_past_its_deadline_closes_the_vote(client, vote):
    past_deadline(vote.ballot)

    response = detail(client, vote)

    assert Decision.objects.filter(ballot=vote.ballot).exists()
    assert "Decision" in response.text


# Casting -------------------------------------------------------------------------------------


def test_anonymous_people_are_sent_to_sign_in_to_vote(client, vote):
    response = client.get(url("proposal_vote", vote))

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("who", ["outsider", "steward"])
def test_people_not_in_the_electorate_cannot_vote(client, vote, who):
    client.force_login(UserFactory() if who == "outsider" else vote.steward)

    assert client.get(url("proposal_vote", vote)).status_code == 403


def test_a_member_casts_a_vote(client, vote):
    voter = vote.members["la"][0]
    client.force_login(voter)

    response = client.post(url("proposal_vote", vote), {"group": vote.la.pk, "stance": "approve"})

    assert response.status_code == 302
    assert Position.objects.get(voter=voter).stance == Stance.APPROVE


def test_an_objection_without_a_reason_is_a_form_error_keeping_the_choice(client, vote):
    client.force_login(vote.members["la"][0])

    response = client.post(url("proposal_vote", vote), {"group": vote.la.pk, "stance": "object"})

    assert response.status_code == 200
    assert "Enter why you object" in response.text
    assert 'value="object" checked' in response.text
    assert not Position.objects.exists()


def test_changing_a_vote_keeps_both_positions(client, vote):
    voter = vote.members["ha"][0]
    client.force_login(voter)
    vote_url = url("proposal_vote", vote)
    client.post(vote_url, {"group": vote.ha.pk, "stance": "object", "reason": "Too vague"})

    client.post(vote_url, {"group": vote.ha.pk, "stance": "approve"})

    assert list(Position.objects.filter(voter=voter).values_list("stance", flat=True)) == [
        "object",
        "approve",
    ]


def test_voting_in_a_group_you_are_not_in_is_refused(client, vote):
    client.force_login(vote.members["la"][0])

    response = client.post(url("proposal_vote", vote), {"group": vote.ha.pk, "stance": "approve"})

    assert response.status_code == 200
    assert not Position.objects.exists()


def test_a_vote_after_the_deadline_is_refused(client, vote):
    client.force_login(vote.members["la"][0])
    past_deadline(vote.ballot)

    response = client.post(url("proposal_vote", vote), {"group": vote.la.pk, "stance": "approve"})

    assert response.status_code == 302
    assert not Position.objects.exists()


# Objections ------------------------------------------------------------------------------------


@pytest.fixture
def objection(vote):
    return position_cast(
        actor=vote.members["ha"][0],
        proposal=vote.proposal,
        group=vote.ha,
        stance=Stance.OBJECT,
        reason="It breaks our extracts",
    )


@pytest.mark.parametrize(
    ("who", "status"), [("member", 403), ("steward", 403), ("convener", 200), ("author", 200)]
)
def test_who_may_answer_an_objection(client, vote, objection, who, status):
    people = {
        "member": vote.members["la"][1],
        "steward": vote.steward,
        "convener": vote.convener,
        "author": vote.author,
    }
    client.force_login(people[who])

    response = client.get(url("objection_answer", vote, position=objection.pk))

    assert response.status_code == status


def test_the_author_answers_an_objection(client, vote, objection):
    client.force_login(vote.author)

    response = client.post(
        url("objection_answer", vote, position=objection.pk),
        {"kind": "not_persuasive", "text": "Producers can leave it out."},
    )

    assert response.status_code == 302
    assert objection.responses.get().kind == "not_persuasive"


def test_an_answer_without_text_is_a_form_error(client, vote, objection):
    client.force_login(vote.author)

    response = client.post(
        url("objection_answer", vote, position=objection.pk), {"kind": "persuasive", "text": ""}
    )

    assert "Enter your answer to the objection" in response.text
    assert not objection.responses.exists()


# Closing early ---------------------------------------------------------------------------------


def _everyone_approves(vote):
    for key, members in vote.members.items():
        for member in members:
            position_cast(
                actor=member, proposal=vote.proposal, group=vote.groups[key], stance="approve"
            )


def test_a_convener_closes_a_passing_vote_early(client, vote):
    _everyone_approves(vote)
    past_minimum_open_time(vote.ballot)
    client.force_login(vote.convener)

    response = client.post(url("proposal_close_early", vote))

    assert response.status_code == 302
    vote.proposal.refresh_from_db()
    assert vote.proposal.status == ProposalStatus.ACCEPTED


def test_closing_early_before_the_minimum_open_time_explains_why_not(client, vote):
    _everyone_approves(vote)
    client.force_login(vote.convener)

    response = client.post(url("proposal_close_early", vote))

    assert response.status_code == 400
    assert "before it can be closed early" in response.text


def test_members_cannot_close_a_vote(client, vote):
    client.force_login(vote.members["la"][0])

    assert client.post(url("proposal_close_early", vote)).status_code == 403


# Decision rules --------------------------------------------------------------------------------


def rules_url(vote, impact=""):
    base = reverse("standards:decision_rules", args=[vote.proposal.standard.slug])
    return f"{base}?impact={impact}" if impact else base


RULE = {
    "voting_period_days": "10",
    "minimum_open_days": "5",
    "quorum_percent": "50",
    "threshold_numerator": "1",
    "threshold_denominator": "2",
}


@pytest.mark.parametrize(("who", "status"), [("member", 403), ("convener", 403), ("steward", 200)])
def test_only_stewards_see_the_rule_settings(client, vote, who, status):
    people = {"member": vote.members["la"][0], "convener": vote.convener, "steward": vote.steward}
    client.force_login(people[who])

    assert client.get(rules_url(vote)).status_code == status


def test_a_steward_saves_a_profile_for_major_changes(client, vote):
    client.force_login(vote.steward)

    response = client.post(rules_url(vote, "major"), RULE)

    assert response.status_code == 302
    rule = DecisionRule.objects.get(standard=vote.proposal.standard, impact="major")
    assert (rule.quorum_percent, rule.threshold_numerator, rule.threshold_denominator) == (50, 1, 2)


def test_a_minimum_open_time_longer_than_the_period_is_a_form_error(client, vote):
    client.force_login(vote.steward)

    response = client.post(rules_url(vote), {**RULE, "minimum_open_days": "20"})

    assert "no longer than the voting period" in response.text
    assert not DecisionRule.objects.exists()


def test_an_unknown_profile_is_not_found(client, vote):
    client.force_login(vote.steward)

    assert client.get(rules_url(vote, "enormous")).status_code == 404


# The account page ------------------------------------------------------------------------------


def test_the_account_lists_votes_to_cast(client, vote):
    client.force_login(vote.members["ts"][0])

    response = client.get(reverse("account_overview"))

    assert vote.proposal.reference in response.text.split("Votes to cast")[1].split("Your votes")[0]
