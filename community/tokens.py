"""The format of personal access tokens: pure functions, no database.

A token is ``hdsp_``, 30 random base62 characters, then a 6-character base62 CRC32 of
everything before it, as GitHub's ``ghp_`` tokens are. The fixed prefix lets secret scanners
(GitHub's, GitGuardian's, a pre-commit hook) recognise a leaked token, and the checksum lets
them, and us, tell a real token from a lookalike or a typo without asking the database.

The checksum is not a secret and proves nothing about who made the token: only the random part
is unguessable (30 base62 characters, about 178 bits). We store the SHA-256 of the whole token,
never the token itself.
"""

import hashlib
import secrets
import string
import zlib

PREFIX = "hdsp_"
ALPHABET = string.digits + string.ascii_uppercase + string.ascii_lowercase
RANDOM_LENGTH = 30
CHECKSUM_LENGTH = 6
LENGTH = len(PREFIX) + RANDOM_LENGTH + CHECKSUM_LENGTH
# Shown in lists so people can tell their tokens apart: the prefix and 7 random characters,
# too few to help anyone guess the rest.
DISPLAY_LENGTH = 12

_ALLOWED = frozenset(ALPHABET)


def _base62(number: int, width: int) -> str:
    digits = []
    for _ in range(width):
        number, remainder = divmod(number, len(ALPHABET))
        digits.append(ALPHABET[remainder])
    return "".join(reversed(digits))


def checksum(body: str) -> str:
    """The base62 CRC32 of ``body``, padded to 6 characters (62**6 > 2**32, so it always fits)."""
    return _base62(zlib.crc32(body.encode("ascii")), CHECKSUM_LENGTH)


def generate() -> str:
    body = PREFIX + "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_LENGTH))
    return body + checksum(body)


def checksum_ok(raw: object) -> bool:
    """Whether ``raw`` has the shape of one of our tokens and its checksum matches.

    Cheap enough to run before any query, so a mistyped or made-up token costs us nothing.
    """
    if not isinstance(raw, str) or len(raw) != LENGTH or not raw.startswith(PREFIX):
        return False
    rest = raw[len(PREFIX) :]
    if not _ALLOWED.issuperset(rest):
        return False
    body, check = raw[:-CHECKSUM_LENGTH], raw[-CHECKSUM_LENGTH:]
    return checksum(body) == check


def digest(raw: str) -> str:
    """What we store: the SHA-256 of the whole token, in hex.

    A plain hash, not a slow password hash, is enough: the token is long and random, so there
    is no dictionary to try, and it must be looked up on every API request.
    """
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


def display_prefix(raw: str) -> str:
    return raw[:DISPLAY_LENGTH]
