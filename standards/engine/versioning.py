"""Semantic version numbers for standard versions."""

import re
from typing import NamedTuple

from standards.engine.diff import Impact
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


def next_number(current: VersionNumber, impact: Impact) -> VersionNumber:
    """The smallest number a release of ``impact`` may have after ``current``.

    Before 1.0.0 nothing is promised to be stable, so a breaking change bumps the minor.
    """
    major, minor, patch = current
    if impact == Impact.MAJOR and major > 0:
        return VersionNumber(major + 1, 0, 0)
    if impact >= Impact.MINOR:
        return VersionNumber(major, minor + 1, 0)
    return VersionNumber(major, minor, patch + 1)
