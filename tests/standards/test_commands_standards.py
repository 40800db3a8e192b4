"""``manage.py standards``: create standards, open, publish, withdraw and delete versions."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from standards.choices import VersionStatus
from standards.demo.catalogue import data_dir
from standards.models import Standard, StandardVersion
from tests.community.factories import StewardFactory

APPOINTMENTS = data_dir() / "ukhds-damp-and-mould" / "appointments.schema.json"


def run(*args) -> str:
    out = StringIO()
    call_command("standards", *args, stdout=out)
    return out.getvalue()


def version(number: str, slug: str = "damp-and-mould") -> StandardVersion:
    return StandardVersion.objects.filter(standard__slug=slug).with_number(number).get()


def test_create_open_import_and_publish_a_standard(steward):
    output = run("create_standard", "repairs", "--name", "Repairs", "--prefix", "rp")
    assert f"Created Repairs (repairs) (as {steward.email})" in output
    assert Standard.objects.get(slug="repairs").reference_prefix == "RP"

    output = run("open_draft", "repairs", "0.1.0", "--notes", "The first version.")
    assert "Opened draft version 0.1.0 of Repairs, empty" in output

    call_command("import_json_schema", "repairs", "0.1.0", str(APPOINTMENTS), stdout=StringIO())
    run("release_notes", "repairs", "0.1.0", "--notes", "The first release.")
    approver = StewardFactory()
    output = run(
        "publish_version",
        "repairs",
        "0.1.0",
        "--as",
        steward.email,
        "--approved-by",
        approver.email,
    )

    assert f"Published version 0.1.0 of Repairs, approved by {approver.email}" in output
    published = version("0.1.0", "repairs")
    assert published.status == VersionStatus.PUBLISHED
    assert published.release_notes == "The first release."
    assert published.published_by == approver
    assert published.component_versions.exists()


def test_open_draft_copies_the_current_version_by_default(steward, catalogue):
    output = run("open_draft", "damp-and-mould", "1.2.0")

    draft = version("1.2.0")
    assert "copied from version 1.1.0" in output
    assert draft.based_on == catalogue.v2
    assert draft.component_versions.count() == catalogue.v2.component_versions.count()


def test_open_draft_empty(steward, catalogue):
    run("open_draft", "damp-and-mould", "2.0.0", "--empty")

    assert not version("2.0.0").component_versions.exists()


def test_open_draft_from_current_needs_a_current_version(steward):
    Standard.objects.create(name="Repairs", slug="repairs")

    with pytest.raises(CommandError, match="no current version to copy"):
        run("open_draft", "repairs", "0.1.0", "--from-current")


def test_the_options_to_start_a_draft_exclude_each_other(steward, catalogue):
    with pytest.raises(CommandError):
        run("open_draft", "damp-and-mould", "1.2.0", "--empty", "--from-current")


def test_publish_supersedes_the_current_version(steward, catalogue):
    run("open_draft", "damp-and-mould", "1.2.0")

    run(
        "publish_version",
        "damp-and-mould",
        "1.2.0",
        "--notes",
        "N.",
        "--approved-by",
        StewardFactory().email,
    )

    assert version("1.2.0").status == VersionStatus.PUBLISHED
    assert version("1.1.0").status == VersionStatus.SUPERSEDED


def test_withdraw_records_the_reason(steward, catalogue):
    output = run("withdraw_version", "damp-and-mould", "1.0.0", "--reason", "Wrong codes")

    assert "Withdrew version 1.0.0 of Damp and mould" in output
    withdrawn = version("1.0.0")
    assert (withdrawn.status, withdrawn.withdrawn_reason) == (
        VersionStatus.WITHDRAWN,
        "Wrong codes",
    )


def test_withdraw_without_a_reason_is_refused(steward, catalogue):
    with pytest.raises(CommandError, match="Enter why you are withdrawing this version"):
        run("withdraw_version", "damp-and-mould", "1.1.0", "--reason", " ")


def test_delete_draft(steward, catalogue):
    run("open_draft", "damp-and-mould", "1.2.0")

    output = run("delete_draft", "damp-and-mould", "1.2.0")

    assert "Deleted draft version 1.2.0 of Damp and mould" in output
    assert not StandardVersion.objects.filter(standard=catalogue.standard, minor=2).exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("create_standard", "damp-and-mould", "--name", "Again"), "already exists"),
        (("open_draft", "damp-and-mould", "1.0.5"), "must be later than 1.1.0"),
        (("open_draft", "damp-and-mould", "1.2"), "Enter a version number in the format 1.2.3"),
        (("open_draft", "nowhere", "1.0.0"), "There is no standard called “nowhere”"),
        (("publish_version", "damp-and-mould", "1.1.0"), "is published, so you cannot publish"),
        (("publish_version", "damp-and-mould", "9.0.0"), "There is no version 9.0.0"),
        (("delete_draft", "damp-and-mould", "1.1.0"), "is published, so it cannot be deleted"),
        (
            ("withdraw_version", "damp-and-mould", "1.1.0", "--reason", "x", "--as", "x@y.z"),
            "no active user",
        ),
    ],
)
def test_refusals_are_command_errors_with_the_services_message(steward, catalogue, args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_someone_who_is_not_a_steward_is_refused(steward, catalogue, user):
    run("open_draft", "damp-and-mould", "1.2.0")

    with pytest.raises(CommandError, match="Only stewards can request approval to publish"):
        run("publish_version", "damp-and-mould", "1.2.0", "--as", user.email)


def test_acts_as_the_first_steward_by_default(db):
    first = StewardFactory()
    StewardFactory()

    output = run("create_standard", "repairs", "--name", "Repairs")

    assert f"(as {first.email})" in output


def test_with_no_steward_it_says_how_to_choose_one(db):
    with pytest.raises(CommandError, match="Pass --as"):
        run("create_standard", "repairs", "--name", "Repairs")


def test_a_refusal_exits_with_a_non_zero_status(steward, catalogue, capsys):
    from standards.management.commands.standards import Command

    with pytest.raises(SystemExit) as exit_info:
        Command().run_from_argv(
            ["manage.py", "standards", "delete_draft", "damp-and-mould", "1.1.0"]
        )

    assert exit_info.value.code != 0
    assert "cannot be deleted" in capsys.readouterr().err
