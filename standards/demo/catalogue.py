"""Demo standards built from the real community files in standards/data. Idempotent.

Version 1.0.0 of "Damp and mould" is every file in ``standards/data`` (a copy of the shared
community files) imported as it is, defects and all, then published. Version 1.1.0 copies it
and makes a few realistic changes, so the diff pages have something to show. The demo steward
asks for each to be published and the second demo steward approves it (four eyes). A version
that is already published is left alone, so running ``load_demo`` again changes nothing.
"""

import os
from pathlib import Path

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from community.demo import DEMO_PASSWORD
from community.permissions import STEWARDS_GROUP
from standards.choices import DataType
from standards.interchange.importers import ImportPlan, code_list_parse, json_schema_parse
from standards.models import Attribute, Code, ComponentVersion, Standard, StandardVersion
from standards.releases import services as services_releases
from standards.versions import services

SLUG = "damp-and-mould"
NAME = "Damp and mould"
DESCRIPTION = (
    "Data about damp and mould in social housing, to help landlords meet Awaab's Law: "
    "properties, tenants, investigations and hazards, work orders, appointments and person "
    "alerts. Based on the HACT UK Housing Data Standards and community drafts by "
    "data-futurists (MIT licence)."
)
DEMO_STEWARD_EMAIL = "steward@example.gov.uk"
SECOND_STEWARD = (
    "Second steward (approves what the first asks to publish: four eyes)",
    "steward2@example.gov.uk",
    "Ade",
    "Okafor",
)
SYSTEM_STEWARD_EMAIL = "standards-system@example.gov.uk"
PERSON_ALERT_CODES = "person-alert-codes"
RELEASE_NOTES_1_0 = (
    "First release: the community's damp and mould drafts and the person alert code list, "
    "imported as published by their authors."
)
RELEASE_NOTES_1_1 = (
    "Adds an optional mould severity score to investigation hazards. Deprecates MH1.06 "
    "(Self-Harm) in favour of MH1.11. Labels the MH1 and AGE1 code groups, and corrects "
    "spelling in the definitions of energy performance certification and certification."
)


def data_dir() -> Path:
    """The community draft files: the repository's copy unless SHARED_DATA_DIR names another."""
    configured = os.environ.get("SHARED_DATA_DIR")
    if configured:
        return Path(configured)
    return Path(settings.BASE_DIR) / "standards" / "data"


def plans_from(directory: Path) -> list[ImportPlan]:
    """One plan per file: every JSON Schema, then the person alert codes."""
    plans = [
        json_schema_parse(path.read_bytes(), source=path.name)
        for path in sorted(directory.glob("**/*.json"))
    ]
    codes = directory / "person-alert-codes.csv"
    if codes.is_file():
        plans.append(
            code_list_parse(
                codes.read_bytes(),
                source=codes.name,
                key=PERSON_ALERT_CODES,
                name="Person alert codes",
                definition=(
                    "Alerts about a person that those visiting a home need to know, grouped "
                    "by category. Only what is essential to an operative's work may be shared "
                    "on a work order."
                ),
            )
        )
    return plans


def _steward():
    users = get_user_model().objects
    steward = users.filter(email__iexact=DEMO_STEWARD_EMAIL, groups__name=STEWARDS_GROUP).first()
    steward = steward or users.filter(groups__name=STEWARDS_GROUP).order_by("pk").first()
    if steward is None:
        steward = users.filter(email=SYSTEM_STEWARD_EMAIL).first() or users.create_user(
            email=SYSTEM_STEWARD_EMAIL, password=None, first_name="Standards", last_name="System"
        )
        steward.groups.add(Group.objects.get_or_create(name=STEWARDS_GROUP)[0])
    return steward


def load() -> None:
    """Import and publish the demo standard versions."""
    directory = data_dir()
    plans = plans_from(directory) if directory.is_dir() else []
    if not plans:
        print(f"Skipped the demo standard: no files found in {directory}")
        return
    steward = _steward()
    with transaction.atomic():
        standard = Standard.objects.filter(slug=SLUG).first() or services.standard_create(
            actor=steward, name=NAME, slug=SLUG, description=DESCRIPTION
        )
        first = _version(standard, "1.0.0", steward)
        if first.is_draft:
            for plan in plans:
                services.import_apply(actor=steward, version=first, plan=plan)
            first = publish_with_four_eyes(
                requester=steward, version=first, notes=RELEASE_NOTES_1_0
            )
        second = _version(standard, "1.1.0", steward, base=first)
        if second.is_draft:
            _changes_1_1(second, steward)
            publish_with_four_eyes(requester=steward, version=second, notes=RELEASE_NOTES_1_1)


def second_steward():
    """The demo's second steward, with a verified address, in the Stewards group: the one who
    approves what the first demo steward asks to publish (four eyes)."""
    _description, email, first_name, last_name = SECOND_STEWARD
    users = get_user_model().objects
    user, _ = users.get_or_create(
        email=email, defaults={"first_name": first_name, "last_name": last_name}
    )
    if not user.check_password(DEMO_PASSWORD) or not user.is_active:
        user.set_password(DEMO_PASSWORD)
        user.is_active = True
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    user.groups.add(Group.objects.get_or_create(name=STEWARDS_GROUP)[0])
    return user


def publish_with_four_eyes(*, requester, version: StandardVersion, notes: str) -> StandardVersion:
    """Publish a demo draft as people would: ``requester`` asks, the second steward approves."""
    release = services_releases.release_request(actor=requester, version=version, notes=notes)
    services_releases.release_approve(actor=second_steward(), release=release)
    version.refresh_from_db()
    return version


def _version(standard: Standard, number: str, steward, base=None) -> StandardVersion:
    existing = standard.versions.with_number(number).first()
    if existing is not None:
        return existing
    return services.version_draft_create(actor=steward, standard=standard, number=number, base=base)


def _changes_1_1(version: StandardVersion, steward) -> None:
    """Edit the draft directly: change sets will do this once proposals exist."""
    with transaction.atomic():
        version = services.version_draft_lock(actor=steward, version=version)
        rows = {
            row.component.key: row
            for row in ComponentVersion.objects.filter(version=version).select_related("component")
        }
        hazard = rows.get("investigation-hazard")
        if hazard is not None and not hazard.attributes.filter(key="mould_severity_score"):
            last = hazard.attributes.order_by("-sort_order").first()
            attribute = Attribute(
                component_version=hazard,
                key="mould_severity_score",
                name="mould_severity_score",
                definition=(
                    "How severe the mould found is, from 0 (none) to 10 (extensive mould "
                    "affecting health), as assessed by the investigator."
                ),
                data_type=DataType.INTEGER,
                extra={"keywords": {"minimum": 0, "maximum": 10}},
                example=6,
                sort_order=(last.sort_order + 1) if last else 0,
            )
            attribute._history_user = steward
            attribute.save()
        codes = rows.get(PERSON_ALERT_CODES)
        if codes is not None:
            _code_update(
                codes,
                "MH1.06",
                steward,
                deprecated=True,
                replaced_by="MH1.11",
                deprecation_note=(
                    "Use MH1.11 so that every self-harm risk is recorded with one alert."
                ),
            )
            _code_update(codes, "MH1", steward, label="Mental health condition")
            _code_update(codes, "AGE1", steward, label="Age group")
        _definition_fix(rows.get("energy-performance-certification"), steward, "envrionmental")
        _definition_fix(rows.get("certification"), steward, "informaiton", "ceritifcation")


SPELLING = {
    "envrionmental": "environmental",
    "informaiton": "information",
    "ceritifcation": "certification",
}


def _code_update(component: ComponentVersion, key: str, steward, **fields) -> None:
    code = Code.objects.filter(component_version=component, key=key).first()
    if code is None:
        return
    for name, value in fields.items():
        setattr(code, name, value)
    code._history_user = steward
    code.save()


def _definition_fix(component: ComponentVersion | None, steward, *typos: str) -> None:
    if component is None:
        return
    definition = component.definition
    for typo in typos:
        definition = definition.replace(typo, SPELLING[typo])
    if definition != component.definition:
        component.definition = definition
        component._history_user = steward
        component.save(update_fields=["definition"])
