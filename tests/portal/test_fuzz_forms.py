"""Fuzz every public and member form: random text never gets a 5xx answer.

Each form gets text with control characters, unusual Unicode digits (which `str.isdigit`
accepts and `int` refuses), markup, quotes and very long values, in every field. A form error,
a refusal or a rate limit is fine; a server error is not. Bounded to stay a fast test.
"""

from types import SimpleNamespace

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.community.factories import (
    AccessTokenFactory,
    ConvenerFactory,
    InvitationFactory,
    JoinRequestFactory,
    MembershipFactory,
    MemberUserFactory,
    StewardFactory,
)
from tests.portal.factories import guidance_index, guidance_page

pytestmark = pytest.mark.django_db

ODD_CHARACTERS = (
    "\x00\x01\x08\x0b\x0c\x1b\x7f\x85\u200b\u202e\u2028\ufeff"  # controls and invisibles
    "²³¹١٢۳߀०๑𝟙"  # digits to isdigit() but not to int()
    "\"'<>&%\\/@.,;:*()[]{}|^~`!?#-_+= \t\n"  # syntax of HTML, SQL, FTS, CSV and URLs
)
odd_text = st.one_of(
    # A lone odd character on its own is what most often breaks a parser.
    st.sampled_from(ODD_CHARACTERS),
    st.text(alphabet=st.sampled_from(ODD_CHARACTERS), max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
    st.builds(
        lambda piece, count: piece * count,
        st.sampled_from(["9", "²", "a", "\x0c", "<b>", '"']),
        st.integers(min_value=1_000, max_value=200_000),
    ),
)


@pytest.fixture
def world(home_page):
    # Something for the site search to find, so its full-text query really runs.
    guidance_page(parent=guidance_index(parent=home_page), slug="repairs", title="Repairs data")
    group = ConvenerFactory(group__slug="fuzz-group").group
    member = MembershipFactory(group=group)
    return SimpleNamespace(
        group=group,
        convener=group.memberships.get(role="convener").user,
        member=member,
        outsider=MemberUserFactory(),
        steward=StewardFactory(),
        join_request=JoinRequestFactory(group=group),
        invitation=InvitationFactory(group=group),
        member_user=member.user,
        token=AccessTokenFactory(owner=member.user),
    )


# (name, who signs in, method, URL, fields every example fills with fuzz)
FORMS = [
    ("sign_up", None, "post", lambda w: reverse("account_signup"), ["email", "password1"]),
    ("sign_in", None, "post", lambda w: reverse("account_login"), ["login", "password"]),
    ("password_reset", None, "post", lambda w: reverse("account_reset_password"), ["email"]),
    ("site_search", None, "get", lambda w: reverse("search"), ["q", "page"]),
    (
        "organisation_search",
        "outsider",
        "get",
        lambda w: reverse("community:organisation_choose"),
        ["q", "next"],
    ),
    (
        "organisation_choose",
        "outsider",
        "post",
        lambda w: reverse("community:organisation_choose"),
        ["organisation", "next"],
    ),
    (
        "organisation_register",
        "outsider",
        "post",
        lambda w: reverse("community:organisation_register"),
        ["name", "type", "identifier", "email_domains", "next"],
    ),
    (
        "join_request",
        "outsider",
        "post",
        lambda w: reverse("community:join_request_create", args=[w.group.slug]),
        ["statement"],
    ),
    (
        "add_email",
        "outsider",
        "post",
        lambda w: reverse("account_email"),
        ["email", "action_add"],
    ),
    (
        "invitation",
        "convener",
        "post",
        lambda w: reverse("community:invitation_create", args=[w.group.slug]),
        ["email", "message"],
    ),
    (
        "decision",
        "convener",
        "post",
        lambda w: reverse("community:join_request_decide", args=[w.group.slug, w.join_request.pk]),
        ["decision", "reason"],
    ),
    (
        "remove_member",
        "convener",
        "post",
        lambda w: reverse("community:membership_remove", args=[w.group.slug, w.member.pk]),
        ["reason"],
    ),
    (
        "invitation_page",
        None,
        "get",
        lambda w: reverse("community:invitation_detail", args=[w.invitation.token]),
        ["next"],
    ),
    (
        "token_create",
        "member_user",
        "post",
        lambda w: reverse("token_create"),
        ["name", "scopes", "days"],
    ),
    (
        "token_revoke_by_a_steward",
        "steward",
        "post",
        lambda w: reverse("token_revoke", args=[w.token.pk]),
        ["reason"],
    ),
    (
        "appoint_convener",
        "steward",
        "post",
        lambda w: reverse("community:convener_appoint", args=[w.group.slug]),
        ["email", "reason"],
    ),
]


@pytest.mark.parametrize(
    ("who", "method", "url", "fields"),
    [form[1:] for form in FORMS],
    ids=[form[0] for form in FORMS],
)
def test_random_text_in_every_field_never_gets_a_server_error(
    client, world, who, method, url, fields
):
    if who:
        client.force_login(getattr(world, who))
    address = url(world)

    @settings(
        max_examples=25,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(values=st.fixed_dictionaries(dict.fromkeys(fields, odd_text)))
    def answer_is_not_a_server_error(values):
        response = getattr(client, method)(address, values)

        assert response.status_code < 500, (response.status_code, values)

    client.raise_request_exception = False
    answer_is_not_a_server_error()
