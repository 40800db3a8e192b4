"""Identifier and email domain rules for organisations. Messages follow GOV.UK error style."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from community.choices import OrganisationType

GSS_CODE = re.compile(r"^[A-Z]\d{8}$")
# RSH numbers: L + 4 digits for most providers, 4 or 5 digits for older registrations, and
# 2 digits + 2 letters (such as 45UB) for local authorities that own homes.
RSH_NUMBER = re.compile(r"^(L\d{4}|\d{4,5}|\d{2}[A-Z]{2})$")
COMPANY_NUMBER = re.compile(r"^(\d{8}|[A-Z]{2}\d{6})$")
DOMAIN = re.compile(r"^(?=.{4,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")

# Anyone can have an address at these, so they say nothing about a person's organisation.
PUBLIC_EMAIL_DOMAINS = frozenset(
    {
        "aol.com",
        "btinternet.com",
        "gmail.com",
        "googlemail.com",
        "hotmail.co.uk",
        "hotmail.com",
        "icloud.com",
        "live.co.uk",
        "live.com",
        "me.com",
        "msn.com",
        "outlook.com",
        "proton.me",
        "protonmail.com",
        "sky.com",
        "talktalk.net",
        "virginmedia.com",
        "yahoo.co.uk",
        "yahoo.com",
    }
)
PUBLIC_SUFFIXES = frozenset(
    {"gov.uk", "org.uk", "co.uk", "ac.uk", "nhs.uk", "ltd.uk", "plc.uk", "me.uk", "net.uk"}
)


def normalise_identifier(value: str) -> str:
    """People type identifiers with spaces and in lower case; store them one way only."""
    return re.sub(r"\s+", "", value or "").upper()


def validate_gss_code(value: str) -> None:
    if not GSS_CODE.match(value):
        raise ValidationError(
            "Enter an ONS GSS code in the correct format: a letter then 8 numbers, like E06000023",
            code="invalid_gss_code",
        )


def validate_rsh_number(value: str) -> None:
    if not RSH_NUMBER.match(value):
        raise ValidationError(
            "Enter an RSH registration number in the correct format, like L4390, 4838 or 45UB",
            code="invalid_rsh_number",
        )


def validate_company_number(value: str) -> None:
    if not COMPANY_NUMBER.match(value):
        raise ValidationError(
            "Enter a Companies House number in the correct format: 8 numbers, or 2 letters "
            "then 6 numbers, like 01234567 or SC123456. Add zeros at the start if yours is "
            "shorter",
            code="invalid_company_number",
        )


IDENTIFIER_VALIDATORS = {
    OrganisationType.LOCAL_AUTHORITY: validate_gss_code,
    OrganisationType.HOUSING_ASSOCIATION: validate_rsh_number,
    OrganisationType.TECHNOLOGY_SUPPLIER: validate_company_number,
}


def validate_identifier(organisation_type: str, value: str) -> None:
    """Check an already normalised identifier against the rule for its organisation type."""
    validator = IDENTIFIER_VALIDATORS.get(organisation_type)
    if validator is None:
        return
    if not value:
        raise ValidationError("Enter your organisation's identifier", code="identifier_required")
    validator(value)


EMAIL_FORMAT_MESSAGE = "Enter an email address in the correct format, like name@example.com"


def validate_plain_email(value: str) -> None:
    """Check an email address, refusing also some that the RFC allows but we cannot safely use.

    A quoted local part (`"<img src=x>"@example.com`) may hold markup, spaces and control
    characters; a control character such as a form feed breaks every email header sent to it.
    Nobody's work address needs either, so refuse them with the usual format message.
    """
    if '"' in value or any(unicodedata.category(character)[0] in {"C", "Z"} for character in value):
        raise ValidationError(EMAIL_FORMAT_MESSAGE, code="invalid")
    # Then Django's own checks, in place of (not beside) them, so a bad address gets one error.
    validate_email(value)


def normalise_domain(value: str) -> str:
    value = (value or "").strip().lower()
    return value.rsplit("@", 1)[-1]


def validate_email_domain(value: str) -> None:
    if not DOMAIN.match(value):
        raise ValidationError(
            f"Enter email domains in the correct format, like example.gov.uk (not {value})",
            code="invalid_domain",
        )
    if value in PUBLIC_EMAIL_DOMAINS or value in PUBLIC_SUFFIXES:
        raise ValidationError(
            f"{value} is shared by many organisations. Enter a domain that only your "
            "organisation uses",
            code="public_domain",
        )


def parse_email_domains(text: str) -> list[str]:
    """Split domains typed one a line or separated by commas or spaces; keep the first of each."""
    domains: list[str] = []
    for part in re.split(r"[\s,;]+", text or ""):
        domain = normalise_domain(part)
        if domain and domain not in domains:
            validate_email_domain(domain)
            domains.append(domain)
    return domains
