"""Lengths of free text that forms and services both check."""

SYSTEM_NAME_MAX = 200


REASON_MAX = 1000
