import pytest
from django.core.exceptions import ValidationError

from community.choices import OrganisationType
from community.validators import (
    normalise_identifier,
    parse_email_domains,
    validate_company_number,
    validate_email_domain,
    validate_gss_code,
    validate_identifier,
    validate_rsh_number,
)


@pytest.mark.parametrize("value", ["E06000023", "W06000015", "S12000036", "N09000003"])
def test_gss_codes_in_the_ons_format_are_accepted(value):
    validate_gss_code(value)


@pytest.mark.parametrize("value", ["E0600002", "E060000233", "06000023X", "EE6000023", ""])
def test_malformed_gss_codes_are_refused(value):
    with pytest.raises(ValidationError, match="a letter then 8 numbers"):
        validate_gss_code(value)


@pytest.mark.parametrize("value", ["L4390", "4838", "12345", "45UB"])
def test_rsh_numbers_in_each_registered_form_are_accepted(value):
    validate_rsh_number(value)


@pytest.mark.parametrize("value", ["L439", "L43901", "483", "123456", "4UB", "A4390"])
def test_malformed_rsh_numbers_are_refused(value):
    with pytest.raises(ValidationError, match="RSH registration number"):
        validate_rsh_number(value)


@pytest.mark.parametrize("value", ["01234567", "SC123456", "NI012345"])
def test_companies_house_numbers_are_accepted(value):
    validate_company_number(value)


@pytest.mark.parametrize("value", ["1234567", "SC12345", "S1234567", "123456789"])
def test_malformed_companies_house_numbers_are_refused(value):
    with pytest.raises(ValidationError, match="Companies House number"):
        validate_company_number(value)


def test_identifiers_are_normalised_to_upper_case_without_spaces():
    assert normalise_identifier(" sc 123 456 ") == "SC123456"


def test_each_organisation_type_uses_its_own_identifier_rule():
    validate_identifier(OrganisationType.LOCAL_AUTHORITY, "E06000023")
    with pytest.raises(ValidationError):
        validate_identifier(OrganisationType.LOCAL_AUTHORITY, "L4390")


def test_other_organisations_need_no_identifier():
    validate_identifier(OrganisationType.OTHER, "")


def test_a_missing_identifier_is_refused_for_typed_organisations():
    with pytest.raises(ValidationError, match="Enter your organisation's identifier"):
        validate_identifier(OrganisationType.HOUSING_ASSOCIATION, "")


def test_email_domains_are_split_normalised_and_deduplicated():
    assert parse_email_domains("Bristol.gov.uk, @bristol.gov.uk\nhousing.bristol.gov.uk") == [
        "bristol.gov.uk",
        "housing.bristol.gov.uk",
    ]


@pytest.mark.parametrize("value", ["gmail.com", "gov.uk", "not a domain", "localhost"])
def test_shared_or_malformed_domains_are_refused(value):
    with pytest.raises(ValidationError):
        validate_email_domain(value)
