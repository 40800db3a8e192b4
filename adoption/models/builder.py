"""The procurement requirements builder's texts: each requirement is written once, here.

Stewards edit these rows in the Wagtail admin. A buyer's answers (components, data access level,
write access) pick the rows that apply; ``adoption.builder.compose`` fills in their placeholders and
numbers them. Placeholders are a fixed set of ``{name}`` words replaced by plain substitution,
never a template language, so nothing a steward types is ever run.
"""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords


class AccessLevel(models.IntegerChoices):
    """The five escalating levels of data access in the procurement guidance."""

    ON_REQUEST = 1, "Data on request"
    SCHEDULED = 2, "Scheduled exports"
    QUEUED = 3, "Queued self-serve exports"
    IMMEDIATE = 4, "Immediate self-serve exports"
    LIVE_API = 5, "Live read-only API access with fair-use limits"


ACCESS_LEVEL_HINTS = {
    AccessLevel.ON_REQUEST: "You ask the supplier for data and they send it to you, usually as "
    "a file. Suits occasional needs, such as an audit.",
    AccessLevel.SCHEDULED: "The system sends an agreed extract at set times, such as every "
    "night, to a secure location you choose. Suits regular reporting.",
    AccessLevel.QUEUED: "Your staff request an export themselves; it is ready within an agreed "
    "time. Suits analysis that can wait a few hours.",
    AccessLevel.IMMEDIATE: "Your staff run an export themselves and download it straight away. "
    "Suits urgent questions, such as a complaint.",
    AccessLevel.LIVE_API: "Your other systems read current data through an API whenever they "
    "need it, within published limits. Suits integrations such as resident portals.",
}


class Strength(models.TextChoices):
    MUST = "must", "MUST"
    SHOULD = "should", "SHOULD"


class Section(models.TextChoices):
    """Where a requirement appears in the document, in this order."""

    STANDARD = "standard", "Conformance to the standard"
    COMPONENTS = "components", "Components"
    DATA_ACCESS = "data_access", "Data access"
    WRITE_ACCESS = "write_access", "Write access through an API"
    DOCUMENTATION = "documentation", "API documentation"
    EXIT = "exit", "When the contract ends"


SECTION_ORDER = {value: index for index, value in enumerate(Section.values)}


class AppliesTo(models.TextChoices):
    ONCE = "once", "Once"
    EACH_COMPONENT = "each_component", "Once for each chosen component"
    EACH_ENTITY = "each_entity", "Once for each chosen entity"
    EACH_CODE_LIST = "each_code_list", "Once for each chosen code list"


# The placeholders a requirement may use, with what they become. ``{component}`` and
# ``{component_schema_url}`` exist only in requirements repeated for each component.
PLACEHOLDERS = {
    "standard": "The standard's name, such as Damp and mould",
    "version": "The version number, such as 1.1.0",
    "standard_version": "The standard and version, such as Damp and mould 1.1.0",
    "version_url": "The address of the version's page",
    "json_schema_url": "The address of the version's JSON Schema",
    "openapi_url": "The address of the version's OpenAPI components document",
    "dictionary_url": "The address of the version's CSV data dictionary",
    "guidance_url": "The address of the procurement guidance",
    "access_level": "The chosen level of data access, such as Scheduled exports",
    "components": "The chosen components, such as Work order and Property",
    "component": "The component's name (only when repeated for each component)",
    "component_schema_url": "The address of the component's JSON Schema (as above)",
}
COMPONENT_PLACEHOLDERS = frozenset({"component", "component_schema_url"})
URL_PLACEHOLDERS = frozenset(name for name in PLACEHOLDERS if name.endswith("_url"))
PLACEHOLDER_PATTERN = re.compile(r"\{([a-z_]+)\}")
_BRACE_PATTERN = re.compile(r"[{}]")


def placeholders_in(text: str) -> list[str]:
    return PLACEHOLDER_PATTERN.findall(text)


class RequirementTemplateQuerySet(models.QuerySet):
    def active(self) -> "RequirementTemplateQuerySet":
        return self.filter(active=True)


class RequirementTemplate(models.Model):
    """One requirement's wording and the answers that make it apply."""

    key = models.SlugField(
        max_length=100, unique=True, help_text="A stable name for this requirement."
    )
    section = models.CharField(max_length=20, choices=Section.choices)
    strength = models.CharField(
        max_length=10,
        choices=Strength.choices,
        help_text="MUST for a pass or fail requirement, SHOULD for one that is scored. The text "
        "must use the same word in capitals.",
    )
    body = models.TextField(
        help_text="The requirement. You can use these placeholders: "
        + ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
        + ". Addresses become links."
    )
    applies_to = models.CharField(max_length=20, choices=AppliesTo.choices, default=AppliesTo.ONCE)
    min_access_level = models.PositiveSmallIntegerField(
        choices=AccessLevel.choices,
        null=True,
        blank=True,
        help_text="Include only when the buyer chooses this level of access or a higher one.",
    )
    max_access_level = models.PositiveSmallIntegerField(
        choices=AccessLevel.choices,
        null=True,
        blank=True,
        help_text="Include only when the buyer chooses this level of access or a lower one.",
    )
    needs_write_access = models.BooleanField(
        default=False, help_text="Include only when the buyer needs write access through an API."
    )
    sort_order = models.PositiveIntegerField(
        default=0, help_text="Lower numbers come first within a section."
    )
    active = models.BooleanField(
        default=True, help_text="Clear this to leave the requirement out of every document."
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()
    objects = RequirementTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["section", "sort_order", "key"]
        verbose_name = "requirement template"
        constraints = [
            models.CheckConstraint(
                condition=Q(strength__in=Strength.values),
                name="adoption_requirement_strength_valid",
            ),
            models.CheckConstraint(
                condition=Q(section__in=Section.values), name="adoption_requirement_section_valid"
            ),
            models.CheckConstraint(
                condition=Q(applies_to__in=AppliesTo.values),
                name="adoption_requirement_applies_to_valid",
            ),
            models.CheckConstraint(
                condition=Q(min_access_level__isnull=True)
                | Q(max_access_level__isnull=True)
                | Q(min_access_level__lte=models.F("max_access_level")),
                name="adoption_requirement_access_range",
                violation_error_message="The lowest level of access must not be above the highest",
            ),
        ]

    def __str__(self) -> str:
        return self.key

    def applies(self, *, access_level: int, write_access: bool) -> bool:
        if self.needs_write_access and not write_access:
            return False
        if self.min_access_level is not None and access_level < self.min_access_level:
            return False
        return self.max_access_level is None or access_level <= self.max_access_level

    def clean(self) -> None:
        errors = {}
        names = placeholders_in(self.body)
        unknown = sorted({name for name in names if name not in PLACEHOLDERS})
        if unknown:
            errors["body"] = (
                f"Remove the placeholder {{{unknown[0]}}}, or use one of: "
                + ", ".join(f"{{{name}}}" for name in PLACEHOLDERS)
            )
        elif _BRACE_PATTERN.search(PLACEHOLDER_PATTERN.sub("", self.body)):
            errors["body"] = "Use curly brackets only around a placeholder, like {standard_version}"
        elif self.applies_to == AppliesTo.ONCE and COMPONENT_PLACEHOLDERS & set(names):
            errors["body"] = (
                "{component} and {component_schema_url} work only in a requirement repeated for "
                "each component"
            )
        elif self.strength == Strength.MUST and "MUST" not in self.body:
            errors["body"] = "A MUST requirement needs the word MUST in capitals"
        elif self.strength == Strength.SHOULD and (
            "SHOULD" not in self.body or "MUST" in self.body
        ):
            errors["body"] = "A SHOULD requirement needs the word SHOULD in capitals, and no MUST"
        if (
            self.min_access_level is not None
            and self.max_access_level is not None
            and self.min_access_level > self.max_access_level
        ):
            errors["max_access_level"] = (
                "The highest level of access must be the same as or above the lowest"
            )
        if errors:
            raise ValidationError(errors)
