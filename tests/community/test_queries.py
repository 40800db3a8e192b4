"""Every community list and detail page runs a fixed number of queries, however much data."""

import pytest
from django.urls import reverse

from tests.community.factories import (
    InvitationFactory,
    JoinRequestFactory,
    MembershipFactory,
    OrganisationFactory,
)

# Measured counts, with a little room. Session, user and permission checks are most of them.
PAGES = [
    ("group_list", lambda g: reverse("community:group_list"), "anonymous", 2),
    ("group_detail", lambda g: g.get_absolute_url(), "anonymous", 4),
    ("group_detail", lambda g: g.get_absolute_url(), "convener", 10),
    ("group_detail", lambda g: g.get_absolute_url(), "steward", 13),
    ("group_manage", lambda g: reverse("community:group_manage", args=[g.slug]), "convener", 12),
    ("group_manage", lambda g: reverse("community:group_manage", args=[g.slug]), "steward", 14),
    (
        "group_members_manage",
        lambda g: reverse("community:group_members_manage", args=[g.slug]),
        "convener",
        10,
    ),
    (
        "group_invitations",
        lambda g: reverse("community:group_invitations", args=[g.slug]),
        "convener",
        10,
    ),
    ("group_history", lambda g: reverse("community:group_history", args=[g.slug]), "convener", 7),
    ("steward_overview", lambda g: reverse("community:steward_overview"), "steward", 8),
    # Three more than before ADR 0016: what backs up the person's organisation (a verified
    # email, a matching domain, a standing confirmation), read live.
    ("account_overview", lambda g: reverse("account_overview"), "convener", 17),
    (
        "organisation_choose",
        lambda g: reverse("community:organisation_choose") + "?q=Exampleshire",
        "convener",
        5,
    ),
]


def _fill(group, count):
    for _ in range(count):
        MembershipFactory(group=group)
        JoinRequestFactory(group=group)
        InvitationFactory(group=group)
        OrganisationFactory(unverified=True)


@pytest.mark.parametrize("size", [1, 15])
@pytest.mark.parametrize(
    ("name", "url", "viewer", "limit"), PAGES, ids=[f"{p[0]}-{p[2]}" for p in PAGES]
)
def test_page_query_count_is_bounded(
    client, group, convener, steward, django_assert_max_num_queries, name, url, viewer, limit, size
):
    _fill(group, size)
    if viewer != "anonymous":
        client.force_login({"convener": convener, "steward": steward}[viewer])

    with django_assert_max_num_queries(limit):
        response = client.get(url(group))

    assert response.status_code == 200
