"""Personal access tokens for the API: creating, revoking and checking them. See
``community.services.common`` for how community services work, and ``community.tokens`` for
the format of a token.
"""

import unicodedata
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from community import permissions, tasks, tokens
from community.choices import TOKEN_MAX_DAYS, TokenScope
from community.exceptions import InvalidStateError, TokenError
from community.models import AccessToken, User
from community.services.common import (
    _after_commit,
    _lock,
    _on,
    _require,
    _require_verified_email,
)
from portal.history import save_with_history

# Enough for every system a person looks after; a cap keeps a leaked session from minting an
# unbounded number of tokens, and keeps the list readable.
MAX_LIVE_TOKENS = 20
NAME_MAX = AccessToken._meta.get_field("name").max_length
# Writing last_used_at on every request would turn each API read into a write; to the minute is
# all the "Last used" column needs.
LAST_USED_RESOLUTION = timedelta(seconds=60)


def _clean_name(name: str) -> str:
    name = " ".join(name.split()) if isinstance(name, str) else ""
    if not name:
        raise TokenError("Enter what the token is for", field="name")
    # Whitespace is already collapsed; what is left of the controls (NUL among them) would be
    # refused by the database, or hide in a list and an email subject.
    if any(unicodedata.category(character)[0] == "C" for character in name):
        raise TokenError(
            "What the token is for must only include letters, numbers, spaces and punctuation",
            field="name",
        )
    if len(name) > NAME_MAX:
        raise TokenError(
            f"What the token is for must be {NAME_MAX} characters or fewer", field="name"
        )
    return name


def _clean_scopes(scopes: list[str]) -> list[str]:
    scopes = list(scopes) if isinstance(scopes, list | tuple | set | frozenset) else []
    if not scopes:
        raise TokenError("Select what the token can do", field="scopes")
    if not all(isinstance(scope, str) for scope in scopes) or set(scopes) - set(TokenScope.values):
        raise TokenError("Select what the token can do from the list", field="scopes")
    # In the order the choices are listed, once each, so lists and emails read the same.
    return [scope for scope in TokenScope.values if scope in scopes]


def _clean_days(days: int) -> int:
    if isinstance(days, bool) or not isinstance(days, int):
        raise TokenError("Select when the token should expire", field="days")
    if not 1 <= days <= TOKEN_MAX_DAYS:
        raise TokenError(
            f"A token can last at most {TOKEN_MAX_DAYS} days. Choose a shorter time",
            field="days",
        )
    return days


@transaction.atomic
def token_create(
    *, owner: User, name: str, scopes: list[str], days: int
) -> tuple[AccessToken, str]:
    """Make a token for the owner and return it with the raw token, which is never stored.

    Show the raw token to the owner once, on the response to their request; it cannot be
    recovered afterwards, only revoked and replaced.
    """
    _require_verified_email(owner, "create a personal access token")
    _require(permissions.can_create_token(owner), "Sign in to create a personal access token")
    name = _clean_name(name)
    scopes = _clean_scopes(scopes)
    days = _clean_days(days)
    # The owner's row is the mutex for their tokens, so two requests at once cannot both take
    # the last place under the cap.
    owner = _lock(User, owner.pk)
    now = timezone.now()
    live = AccessToken.objects.filter(
        owner=owner, revoked_at__isnull=True, expires_at__gt=now
    ).count()
    if live >= MAX_LIVE_TOKENS:
        raise TokenError(
            f"You already have {MAX_LIVE_TOKENS} personal access tokens that work. Revoke one "
            "you no longer use before you create another"
        )
    raw = tokens.generate()
    token = AccessToken(
        owner=owner,
        name=name,
        prefix=tokens.display_prefix(raw),
        secret_hash=tokens.digest(raw),
        scopes=scopes,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    save_with_history(token, actor=owner, reason="Created")
    _after_commit(tasks.send_token_created, token.pk)
    return token, raw


@transaction.atomic
def token_revoke(*, actor: User, token: AccessToken, reason: str = "") -> AccessToken:
    """Stop a token working at once. The owner or a steward may; a steward's reason, if given,
    goes to the owner in an email."""
    token = (
        AccessToken.objects.select_for_update(of=("self",))
        .select_related("owner", "revoked_by")
        .get(pk=token.pk)
    )
    _require(
        permissions.can_revoke_token(actor, token),
        "You can only revoke your own personal access tokens",
    )
    if token.is_revoked:
        who = f" by {token.revoked_by}" if token.revoked_by_id else ""
        raise InvalidStateError(
            f"The token {token.name} was already revoked{who} on {_on(token.revoked_at)}. "
            "It no longer works, so there is nothing more to do"
        )
    if token.is_expired():
        raise InvalidStateError(
            f"The token {token.name} expired on {_on(token.expires_at)}. It no longer works, "
            "so there is nothing to revoke"
        )
    reason = (reason or "").strip()
    by_steward = token.owner_id != actor.pk
    token.revoked_at = timezone.now()
    token.revoked_by = actor
    save_with_history(
        token, actor=actor, reason=reason or ("Revoked by a steward" if by_steward else "Revoked")
    )
    if by_steward:
        _after_commit(tasks.send_token_revoked, token.pk, reason)
    return token


def token_authenticate(raw: str) -> AccessToken | None:
    """The live token whose owner may use it, or None. The API calls this on every request.

    A malformed token or one whose checksum fails costs no query. The owner comes selected, so
    the caller can check their permissions, which are theirs as of now: a token is only ever
    as powerful as its owner is at the time.
    """
    if not tokens.checksum_ok(raw):
        return None
    now = timezone.now()
    token = (
        AccessToken.objects.select_related("owner").filter(secret_hash=tokens.digest(raw)).first()
    )
    if token is None or not token.is_live(now) or not token.owner.is_active:
        return None
    stale = now - LAST_USED_RESOLUTION
    if token.last_used_at is None or token.last_used_at < stale:
        # One conditional UPDATE rather than save(): concurrent requests cannot overwrite each
        # other's fields, and only one of them in each minute writes at all.
        updated = (
            AccessToken.objects.filter(pk=token.pk)
            .filter(Q(last_used_at__isnull=True) | Q(last_used_at__lt=stale))
            .update(last_used_at=now)
        )
        if updated:
            token.last_used_at = now
    return token
