"""Personal access tokens for the API (issue 21): the format, the services, the selectors and
the pages, for the owner, other people and stewards."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from community import selectors, tokens
from community.choices import TOKEN_MAX_DAYS, TokenScope
from community.exceptions import InvalidStateError, NotAllowedError, TokenError
from community.models import AccessToken
from community.permissions import STEWARDS_GROUP
from community.services import tokens as services_tokens
from tests.community.factories import AccessTokenFactory, StewardFactory, UserFactory

RAW_TOKEN = re.compile(r"hdsp_[0-9A-Za-z]{36}")
ALL_SCOPES = [scope.value for scope in TokenScope]


def _create(owner, **overrides):
    arguments = {"name": "Repairs system", "scopes": [TokenScope.READ], "days": 90}
    return services_tokens.token_create(owner=owner, **(arguments | overrides))


# The format -------------------------------------------------------------------------------------


def test_a_new_token_has_the_prefix_length_and_a_valid_checksum():
    raw = tokens.generate()

    assert raw.startswith("hdsp_")
    assert len(raw) == 41
    assert tokens.checksum_ok(raw)


def test_the_checksum_is_six_base62_characters_of_the_crc32_of_what_precedes_it():
    body = "hdsp_" + "a" * 30

    assert tokens.checksum(body) == tokens.checksum(body)
    assert len(tokens.checksum(body)) == 6
    assert set(tokens.checksum(body)) <= set(tokens.ALPHABET)


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    secret=st.text(alphabet=tokens.ALPHABET, min_size=30, max_size=30),
    position=st.integers(min_value=0, max_value=tokens.LENGTH - 1),
    replacement=st.characters(codec="utf-8", exclude_categories=["Cs"]),
)
def test_changing_any_single_character_makes_the_token_fail_its_checksum(
    secret, position, replacement
):
    body = tokens.PREFIX + secret
    raw = body + tokens.checksum(body)
    assume(raw[position] != replacement)

    mistyped = raw[:position] + replacement + raw[position + 1 :]

    assert tokens.checksum_ok(raw)
    assert not tokens.checksum_ok(mistyped)


@pytest.mark.parametrize(
    "raw",
    [
        None,
        41,
        "",
        "hdsp_",
        "ghp_" + "a" * 37,
        "Bearer hdsp_" + "a" * 36,
        " " + tokens.generate(),
        tokens.generate() + "\n",
        tokens.generate()[:-1],
        tokens.generate() + "a",
    ],
    ids=[
        "none",
        "number",
        "empty",
        "prefix only",
        "another product's prefix",
        "with the scheme",
        "leading space",
        "trailing newline",
        "one short",
        "one long",
    ],
)
def test_anything_not_shaped_like_a_token_fails_the_check(raw):
    assert not tokens.checksum_ok(raw)


# Creating a token -------------------------------------------------------------------------------


def test_creating_a_token_returns_the_row_and_a_raw_token_that_matches_it(user):
    token, raw = _create(user, scopes=[TokenScope.PROPOSALS_WRITE, TokenScope.READ])

    assert tokens.checksum_ok(raw)
    assert token.owner == user
    assert token.prefix == raw[:12]
    assert token.scopes == [TokenScope.READ, TokenScope.PROPOSALS_WRITE]
    assert token.expires_at - token.created_at == timedelta(days=90)


def test_only_the_hash_of_the_token_is_stored_in_the_row_and_its_history(user):
    token, raw = _create(user)

    row = AccessToken.objects.values().get(pk=token.pk)
    history = list(token.history.values())
    assert row["secret_hash"] == tokens.digest(raw)
    assert raw not in repr(row)
    assert history
    assert raw not in repr(history)
    assert all("secret_hash" not in record for record in history)


def test_creating_a_token_emails_the_owner_without_the_token(user, mailoutbox, send_emails):
    with send_emails:
        token, raw = _create(
            user, name="Nightly export", scopes=[TokenScope.READ, TokenScope.VOTES_WRITE]
        )

    [email] = mailoutbox
    assert email.to == [user.email]
    assert email.subject == "A personal access token was created on your account"
    assert "Nightly export" in email.body
    assert "Read, Vote" in email.body
    assert token.expires_at.strftime("%B %Y") in email.body
    assert "http://testserver/account/tokens/" in email.body
    assert raw not in email.body


@pytest.mark.parametrize("name", ["", "   "])
def test_a_token_needs_a_name(user, name):
    with pytest.raises(TokenError, match="Enter what the token is for") as refusal:
        _create(user, name=name)

    assert refusal.value.field == "name"
    assert not AccessToken.objects.exists()


@pytest.mark.parametrize("name", ["Nightly\x00export", "Nightly\u202eexport", "\x1b[31m"])
def test_a_name_with_control_characters_is_refused(user, name):
    with pytest.raises(TokenError, match="only include letters") as refusal:
        _create(user, name=name)

    assert refusal.value.field == "name"


def test_a_name_longer_than_100_characters_is_refused(user):
    with pytest.raises(TokenError, match="100 characters or fewer"):
        _create(user, name="x" * 101)


@pytest.mark.parametrize("scopes", [[], None, "read"])
def test_a_token_needs_a_list_of_at_least_one_scope(user, scopes):
    with pytest.raises(TokenError, match="Select what the token can do") as refusal:
        _create(user, scopes=scopes)

    assert refusal.value.field == "scopes"


@pytest.mark.parametrize("scopes", [["admin"], ["read", "proposals:delete"], [None]])
def test_unknown_scopes_are_refused(user, scopes):
    with pytest.raises(TokenError, match="from the list"):
        _create(user, scopes=scopes)

    assert not AccessToken.objects.exists()


def test_a_scope_given_twice_is_stored_once(user):
    token, _ = _create(user, scopes=["votes:write", "votes:write"])

    assert token.scopes == ["votes:write"]


@pytest.mark.parametrize("days", [0, -1, TOKEN_MAX_DAYS + 1, 3650])
def test_a_life_outside_one_to_366_days_is_refused(user, days):
    with pytest.raises(TokenError) as refusal:
        _create(user, days=days)

    assert refusal.value.field == "days"
    assert not AccessToken.objects.exists()


@pytest.mark.parametrize("days", [1, 365, TOKEN_MAX_DAYS])
def test_a_life_of_up_to_366_days_is_allowed(user, days):
    token, _ = _create(user, days=days)

    assert token.expires_at - token.created_at == timedelta(days=days)


@pytest.mark.parametrize("days", ["90", 90.0, True, None])
def test_days_that_are_not_a_whole_number_are_refused(user, days):
    with pytest.raises(TokenError, match="Select when the token should expire"):
        _create(user, days=days)


def test_a_person_may_hold_at_most_20_tokens_that_work(user):
    AccessTokenFactory.create_batch(20, owner=user)

    with pytest.raises(TokenError, match="already have 20 personal access tokens"):
        _create(user)

    assert AccessToken.objects.filter(owner=user).count() == 20


def test_revoked_and_expired_tokens_do_not_count_towards_the_limit(user):
    AccessTokenFactory.create_batch(19, owner=user)
    AccessTokenFactory(owner=user, revoked=True)
    AccessTokenFactory(owner=user, expired=True)

    token, _ = _create(user)

    assert token.is_live()


def test_someone_who_has_not_confirmed_their_email_address_cannot_create_a_token(db):
    person = UserFactory(verified=False)

    with pytest.raises(NotAllowedError, match="Confirm your email address"):
        _create(person)


# What a token allows ----------------------------------------------------------------------------


def test_every_token_may_read():
    token = AccessToken(scopes=[TokenScope.VOTES_WRITE])

    assert token.allows(TokenScope.READ)


@pytest.mark.parametrize("scope", [TokenScope.PROPOSALS_WRITE, TokenScope.VOTES_WRITE])
def test_a_token_may_write_only_what_its_scopes_list(scope):
    assert not AccessToken(scopes=[TokenScope.READ]).allows(scope)
    assert AccessToken(scopes=[TokenScope.READ, scope]).allows(scope)


def test_a_token_allows_no_scope_that_does_not_exist():
    assert not AccessToken(scopes=["admin"]).allows("admin")


# Authenticating ---------------------------------------------------------------------------------


def test_a_live_token_authenticates_with_its_owner_selected(db, django_assert_num_queries):
    token = AccessTokenFactory()

    with django_assert_num_queries(2):  # the lookup, and recording the use
        found = services_tokens.token_authenticate(token.raw)
        assert found.owner == token.owner

    assert found.pk == token.pk


@pytest.mark.parametrize(
    "raw",
    ["", "not a token", "hdsp_" + "a" * 36, tokens.generate()[:-1] + "!"],
    ids=["empty", "garbage", "bad checksum", "bad character"],
)
def test_a_malformed_token_is_refused_without_a_query(db, raw, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert services_tokens.token_authenticate(raw) is None


def test_a_well_formed_token_we_never_issued_is_refused(db):
    assert services_tokens.token_authenticate(tokens.generate()) is None


def test_a_revoked_token_is_refused(db):
    token = AccessTokenFactory(revoked=True)

    assert services_tokens.token_authenticate(token.raw) is None


def test_an_expired_token_is_refused(db):
    token = AccessTokenFactory(expired=True)

    assert services_tokens.token_authenticate(token.raw) is None


def test_the_token_of_a_deactivated_person_is_refused(db):
    token = AccessTokenFactory(owner__is_active=False)

    assert services_tokens.token_authenticate(token.raw) is None


def test_a_refused_token_is_not_recorded_as_used(db):
    token = AccessTokenFactory(revoked=True)

    services_tokens.token_authenticate(token.raw)

    token.refresh_from_db()
    assert token.last_used_at is None


def test_the_first_use_is_recorded(db):
    token = AccessTokenFactory()

    services_tokens.token_authenticate(token.raw)

    token.refresh_from_db()
    assert token.last_used_at is not None


def test_use_within_a_minute_of_the_last_writes_nothing(db, django_assert_num_queries):
    recently = timezone.now() - timedelta(seconds=30)
    token = AccessTokenFactory(last_used_at=recently)

    with django_assert_num_queries(1):
        services_tokens.token_authenticate(token.raw)

    token.refresh_from_db()
    assert token.last_used_at == recently


def test_use_more_than_a_minute_after_the_last_is_recorded(db):
    earlier = timezone.now() - timedelta(seconds=61)
    token = AccessTokenFactory(last_used_at=earlier)

    services_tokens.token_authenticate(token.raw)

    token.refresh_from_db()
    assert token.last_used_at > earlier


def test_recording_a_use_is_one_conditional_update_of_last_used_only(db):
    """Not a save(): two requests at once cannot write over each other, or over a revocation
    made between the lookup and the write."""
    token = AccessTokenFactory()

    with CaptureQueriesContext(connection) as queries:
        services_tokens.token_authenticate(token.raw)

    [update] = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("UPDATE")]
    assignments = update.split(" SET ", 1)[1].split(" WHERE ", 1)[0]
    assert assignments.startswith('"last_used_at" = ')
    assert assignments.count(" = ") == 1
    assert '"last_used_at" IS NULL OR "community_accesstoken"."last_used_at" <' in update


# Revoking ---------------------------------------------------------------------------------------


def test_the_owner_revokes_their_token_without_an_email(db, mailoutbox, send_emails):
    token = AccessTokenFactory()

    with send_emails:
        services_tokens.token_revoke(actor=token.owner, token=token)

    token.refresh_from_db()
    assert token.revoked_at is not None
    assert token.revoked_by == token.owner
    assert services_tokens.token_authenticate(token.raw) is None
    assert mailoutbox == []


def test_a_steward_revokes_someone_elses_token_and_the_owner_is_emailed(
    steward, mailoutbox, send_emails
):
    token = AccessTokenFactory(name="Nightly export")

    with send_emails:
        services_tokens.token_revoke(actor=steward, token=token, reason="Seen in a public repo")

    token.refresh_from_db()
    assert token.revoked_by == steward
    [email] = mailoutbox
    assert email.to == [token.owner.email]
    assert email.subject == "Your personal access token Nightly export has been revoked"
    assert "Seen in a public repo" in email.body


def test_someone_else_cannot_revoke_a_token(user):
    token = AccessTokenFactory()

    with pytest.raises(NotAllowedError, match="only revoke your own"):
        services_tokens.token_revoke(actor=user, token=token)

    token.refresh_from_db()
    assert token.revoked_at is None


def test_revoking_twice_is_refused_with_who_and_when(steward):
    token = AccessTokenFactory()
    services_tokens.token_revoke(actor=steward, token=token)

    with pytest.raises(InvalidStateError, match=f"already revoked by {steward} on"):
        services_tokens.token_revoke(actor=token.owner, token=token)


def test_revoking_an_expired_token_is_refused(db):
    token = AccessTokenFactory(expired=True)

    with pytest.raises(InvalidStateError, match="expired on"):
        services_tokens.token_revoke(actor=token.owner, token=token)


def test_the_revocation_is_in_the_history_with_who_and_why(steward):
    token = AccessTokenFactory()

    services_tokens.token_revoke(actor=steward, token=token, reason="Leaked")

    latest = token.history.latest()
    assert latest.history_user == steward
    assert latest.history_change_reason == "Leaked"
    assert latest.revoked_at is not None


# Selectors --------------------------------------------------------------------------------------


def test_a_persons_tokens_list_those_that_work_first_then_newest_first(user):
    now = timezone.now()
    old_live = AccessTokenFactory(owner=user, created_at=now - timedelta(days=5))
    new_revoked = AccessTokenFactory(owner=user, revoked=True, created_at=now - timedelta(days=1))
    new_live = AccessTokenFactory(owner=user, created_at=now - timedelta(days=2))
    expired = AccessTokenFactory(owner=user, expired=True)
    AccessTokenFactory()

    assert list(selectors.tokens_of(user=user)) == [new_live, old_live, new_revoked, expired]


def test_stewards_see_only_tokens_that_work(db):
    live = AccessTokenFactory()
    AccessTokenFactory(revoked=True)
    AccessTokenFactory(expired=True)

    assert list(selectors.tokens_live()) == [live]


# Pages: who may see what ------------------------------------------------------------------------

ROLES = ["anonymous", "owner", "other", "steward"]


@pytest.fixture
def people(db):
    token = AccessTokenFactory()
    return {
        "owner": token.owner,
        "other": UserFactory(),
        "steward": StewardFactory(),
        "token": token,
    }


def _as(client, people, role):
    if role != "anonymous":
        client.force_login(people[role])
    return client


PAGES = [
    ("token_list", lambda p: reverse("token_list"), {"owner": 200, "other": 200, "steward": 200}),
    (
        "token_create",
        lambda p: reverse("token_create"),
        {"owner": 200, "other": 200, "steward": 200},
    ),
    (
        "token_revoke",
        lambda p: reverse("token_revoke", args=[p["token"].pk]),
        {"owner": 200, "other": 404, "steward": 200},
    ),
    (
        "steward_token_list",
        lambda p: reverse("community:steward_token_list"),
        {"owner": 403, "other": 403, "steward": 200},
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(("name", "url", "expected"), PAGES, ids=[page[0] for page in PAGES])
def test_page_access(client, people, name, url, expected, role):
    response = _as(client, people, role).get(url(people))

    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == expected[role]


def test_someone_else_cannot_revoke_a_token_by_posting(client, people):
    client.force_login(people["other"])

    response = client.post(reverse("token_revoke", args=[people["token"].pk]))

    assert response.status_code == 404
    assert AccessToken.objects.get(pk=people["token"].pk).revoked_at is None


def test_a_token_id_that_does_not_exist_is_404_like_someone_elses(client, user):
    client.force_login(user)

    assert client.get(reverse("token_revoke", args=[987654])).status_code == 404


# Pages: the journeys ----------------------------------------------------------------------------


def test_someone_with_no_tokens_is_told_so(client, user):
    client.force_login(user)

    response = client.get(reverse("token_list"))

    assert "You have no personal access tokens" in response.content.decode()


def test_the_list_shows_each_tokens_prefix_scopes_and_last_use_but_never_its_hash(db, client):
    token = AccessTokenFactory(scopes=["read", "votes:write"])
    client.force_login(token.owner)

    page = client.get(reverse("token_list")).content.decode()

    assert token.prefix in page
    assert "votes:write" in page
    assert "Never" in page
    assert token.secret_hash not in page
    assert 'class="app-table-wrapper"' in page


def test_the_token_is_shown_once_in_the_answer_to_the_form_and_nowhere_after(client, user):
    client.force_login(user)

    response = client.post(
        reverse("token_create"), {"name": "Repairs system", "scopes": ["read"], "days": "30"}
    )

    assert response.status_code == 200
    assert response["Cache-Control"] == "no-store"
    [raw] = RAW_TOKEN.findall(response.content.decode())
    assert "will not show this token again" in response.content.decode()
    assert AccessToken.objects.get(owner=user).secret_hash == tokens.digest(raw)
    assert raw not in client.get(reverse("token_list")).content.decode()
    assert raw not in str(dict(client.session))


def test_the_form_keeps_what_was_typed_when_it_is_wrong(client, user):
    client.force_login(user)

    response = client.post(
        reverse("token_create"), {"name": "Nightly export", "scopes": [], "days": "180"}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Select what the token can do" in page
    assert 'value="Nightly export"' in page
    assert re.search(r'value="180" checked', page)
    assert not AccessToken.objects.exists()


def test_the_form_explains_each_scope_and_each_expiry(client, user):
    client.force_login(user)

    page = client.get(reverse("token_create")).content.decode()

    assert "govuk-checkboxes__hint" in page
    assert "Every token can read" in page
    assert page.count("govuk-radios__hint") == 4


def test_a_refusal_from_the_service_is_shown_on_the_form(client, user):
    AccessTokenFactory.create_batch(20, owner=user)
    client.force_login(user)

    response = client.post(
        reverse("token_create"), {"name": "One more", "scopes": ["read"], "days": "30"}
    )

    assert response.status_code == 200
    assert "already have 20 personal access tokens" in response.content.decode()
    assert AccessToken.objects.filter(owner=user).count() == 20


def test_opening_the_revoke_page_does_not_revoke(client, people):
    client.force_login(people["owner"])

    client.get(reverse("token_revoke", args=[people["token"].pk]))

    assert AccessToken.objects.get(pk=people["token"].pk).revoked_at is None


def test_the_owner_revokes_from_the_confirmation_page(client, people):
    client.force_login(people["owner"])

    response = client.post(reverse("token_revoke", args=[people["token"].pk]), follow=True)

    assert response.redirect_chain == [(reverse("token_list"), 302)]
    assert "You revoked your token" in response.content.decode()
    assert AccessToken.objects.get(pk=people["token"].pk).revoked_at is not None


def test_a_steward_revokes_from_the_confirmation_page_and_the_owner_is_emailed(
    client, people, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(people["steward"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("token_revoke", args=[people["token"].pk]), {"reason": "Leaked"}
        )

    assert response["Location"] == reverse("community:steward_token_list")
    assert [email.to for email in mailoutbox] == [[people["owner"].email]]


def test_revoking_twice_from_the_page_shows_why_not(client, people):
    client.force_login(people["owner"])
    url = reverse("token_revoke", args=[people["token"].pk])
    client.post(url)

    response = client.post(url)

    assert response.status_code == 200
    assert "was already revoked" in response.content.decode()


def test_the_steward_page_lists_every_live_token_with_a_revoke_link(client, steward):
    token = AccessTokenFactory()
    AccessTokenFactory(revoked=True, name="Gone")
    client.force_login(steward)

    page = client.get(reverse("community:steward_token_list")).content.decode()

    assert token.owner.email in page
    assert reverse("token_revoke", args=[token.pk]) in page
    assert "Gone" not in page


def test_the_account_page_links_to_the_tokens(client, user):
    client.force_login(user)

    page = client.get(reverse("account_overview")).content.decode()

    assert reverse("token_list") in page


def test_the_steward_overview_links_to_every_token(client, steward):
    client.force_login(steward)

    page = client.get(reverse("community:steward_overview")).content.decode()

    assert reverse("community:steward_token_list") in page


@pytest.mark.parametrize("size", [1, 15])
def test_the_list_runs_a_fixed_number_of_queries(client, user, django_assert_max_num_queries, size):
    AccessTokenFactory.create_batch(size, owner=user)
    client.force_login(user)

    with django_assert_max_num_queries(12):
        assert client.get(reverse("token_list")).status_code == 200


@pytest.mark.parametrize("size", [1, 15])
def test_the_steward_list_runs_a_fixed_number_of_queries(
    client, steward, django_assert_max_num_queries, size
):
    AccessTokenFactory.create_batch(size)
    client.force_login(steward)

    with django_assert_max_num_queries(12):
        assert client.get(reverse("community:steward_token_list")).status_code == 200


# The site administration ------------------------------------------------------------------------


@pytest.fixture
def admin_client(client, steward):
    group = Group.objects.get(name=STEWARDS_GROUP)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(steward)
    return client


def test_stewards_see_a_token_in_the_admin_without_its_hash(admin_client):
    token = AccessTokenFactory(name="Nightly export")

    listing = admin_client.get(reverse("community_tokens:index")).content.decode()
    inspect = admin_client.get(reverse("community_tokens:inspect", args=[token.pk]))

    assert "Nightly export" in listing
    assert inspect.status_code == 200
    assert token.prefix in inspect.content.decode()
    assert token.secret_hash not in inspect.content.decode()


def test_tokens_cannot_be_added_or_changed_in_the_admin(admin_client):
    token = AccessTokenFactory()

    assert admin_client.get(reverse("community_tokens:add")).status_code in {302, 403}
    assert admin_client.get(reverse("community_tokens:edit", args=[token.pk])).status_code in {
        302,
        403,
    }
