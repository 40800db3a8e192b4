"""Semantic version numbers for standard versions."""

import re
from typing import NamedTuple

from standards.exceptions import InvalidVersionNumber

# No leading zeros, as semver.org requires, so every number has exactly one spelling in URLs.
VERSION_NUMBER_REGEX = r"(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)\.(?:0|[1-9]\d*)"
_VERSION_NUMBER_RE = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")


class VersionNumber(NamedTuple):
    major: int
    minor: int
    patch: int

    def __str__(self) -> str:
        return f"{self.major}.{self.minor}.{self.patch}"


def version_number_parse(text: str) -> VersionNumber:
    match = _VERSION_NUMBER_RE.fullmatch(text.strip())
    if match is None:
        raise InvalidVersionNumber(
            f"Enter a version number in the format 1.2.3, like 1.0.0 or 2.1.3. "
            f"“{text}” is not a version number"
        )
    return VersionNumber(*(int(part) for part in match.groups()))
