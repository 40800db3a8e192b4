"""Lengths of free text that forms and services both check."""

REASON_MAX_LENGTH = 5_000


DESCRIPTION_MAX_LENGTH = 200


COMMENT_MAX_LENGTH = 10_000
