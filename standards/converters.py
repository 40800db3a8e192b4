"""URL converters, so a version number in a path is validated before any view runs."""

from standards.engine.versioning import VERSION_NUMBER_REGEX


class VersionNumberConverter:
    regex = VERSION_NUMBER_REGEX

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)
