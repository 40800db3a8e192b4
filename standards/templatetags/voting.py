"""Votes on the account page: what the person still has to vote on, and how they voted."""

from django import template

from standards.proposals.voting.selectors import votes_to_cast, your_votes

register = template.Library()

YOUR_VOTES_LIMIT = 20


@register.inclusion_tag("standards/voting/includes/account_votes.html")
def account_votes(user):
    return {
        "to_cast": list(votes_to_cast(user=user)),
        "your_votes": your_votes(user=user)[:YOUR_VOTES_LIMIT],
    }
