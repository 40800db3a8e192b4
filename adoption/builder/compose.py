"""The procurement requirements builder: which versions a buyer can choose, and the document.

``requirements_compose`` turns a buyer's answers and the steward-edited ``RequirementTemplate``
rows into a ``RequirementsDocument``: numbered requirements in sections, each a list of text and
link segments. The page, the Word document and the Markdown file all render that one structure
(``adoption.builder.documents``), so they always say the same thing.

Placeholders are filled by plain substitution from a fixed set of names. Nothing a steward types
is ever treated as a template, and the HTML renderer escapes every segment.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.text import get_text_list
from wagtail.models import Page

from adoption.models.builder import (
    PLACEHOLDER_PATTERN,
    SECTION_ORDER,
    URL_PLACEHOLDERS,
    AccessLevel,
    AppliesTo,
    RequirementTemplate,
    Section,
    Strength,
)
from standards.catalogue.selectors import component_versions_for
from standards.choices import ComponentKind, VersionStatus
from standards.interchange import exporters
from standards.models import ComponentVersion, StandardVersion

# Buyers choose among versions that are, or have been, the standard. Drafts can still change
# and a withdrawn version must not be adopted.
CHOOSABLE_STATUSES = (VersionStatus.PUBLISHED, VersionStatus.SUPERSEDED)
# The procurement guidance page (portal/demo/guidance_content.py) and, if it is missing, the
# guidance section it belongs to.
GUIDANCE_SLUG = "data-access-requirements-in-tenders"
GUIDANCE_FALLBACK = "/guidance/"


# Choosing a version and components ----------------------------------------------------------------


def version_key(version: StandardVersion) -> str:
    """How a version appears in the builder's query string: ``damp-and-mould-1.1.0``."""
    return f"{version.standard.slug}-{version.number}"


def builder_versions() -> list[StandardVersion]:
    """Published and superseded versions, by standard name, newest first. One query."""
    return list(
        StandardVersion.objects.filter(status__in=CHOOSABLE_STATUSES)
        .select_related("standard")
        .order_by("standard__name", "standard_id", "-major", "-minor", "-patch")
    )


def builder_components(*, version: StandardVersion) -> list[ComponentVersion]:
    """The components of ``version`` in display order. One query."""
    return list(component_versions_for(version=version))


def procurement_guidance_url(*, request=None) -> str:
    """The procurement guidance page, or the guidance section if the page is missing."""
    page = Page.objects.live().filter(slug=GUIDANCE_SLUG).specific(defer=True).first()
    url = page.get_url(request=request) if page is not None else None
    return url or GUIDANCE_FALLBACK


@dataclass(frozen=True)
class Answers:
    version: StandardVersion
    components: list[ComponentVersion]
    access_level: AccessLevel
    write_access: bool

    @property
    def component_names(self) -> str:
        return get_text_list([component.name for component in self.components], "and")


# The document -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Segment:
    """A run of text in a requirement; ``url`` makes it a link."""

    text: str
    url: str = ""


@dataclass(frozen=True)
class Requirement:
    number: int
    key: str
    strength: str
    segments: tuple[Segment, ...]

    @property
    def text(self) -> str:
        return "".join(segment.text for segment in self.segments)

    @property
    def is_must(self) -> bool:
        return self.strength == Strength.MUST

    def html(self) -> SafeString:
        """The requirement as escaped HTML, its addresses as links."""
        return format_html_join(
            "",
            "{}",
            (
                (
                    format_html('<a class="govuk-link" href="{}">{}</a>', part.url, part.text)
                    if part.url
                    else part.text,
                )
                for part in self.segments
            ),
        )


@dataclass(frozen=True)
class DocumentSection:
    heading: str
    requirements: list[Requirement]

    @property
    def start(self) -> int:
        return self.requirements[0].number


@dataclass(frozen=True)
class Link:
    label: str
    url: str


@dataclass(frozen=True)
class RequirementsDocument:
    title: str
    standard_version: str
    answers: list[tuple[str, str]]
    sections: list[DocumentSection]
    links: list[Link]
    guidance_url: str
    intro: list[str] = field(default_factory=list)

    @property
    def requirements(self) -> list[Requirement]:
        return [item for section in self.sections for item in section.requirements]

    @property
    def must_count(self) -> int:
        return sum(1 for item in self.requirements if item.is_must)

    @property
    def should_count(self) -> int:
        return len(self.requirements) - self.must_count


def fill(body: str, values: dict[str, str]) -> tuple[Segment, ...]:
    """``body`` with each known ``{name}`` replaced; addresses become link segments.

    An unknown name is left as typed (``RequirementTemplate.clean`` refuses them, but a row
    written some other way must still render rather than fail).
    """
    parts = PLACEHOLDER_PATTERN.split(body)
    segments: list[Segment] = []
    text = ""
    for index, part in enumerate(parts):
        if index % 2 == 0:
            text += part
        elif part not in values:
            text += f"{{{part}}}"
        elif part in URL_PLACEHOLDERS:
            if text:
                segments.append(Segment(text))
            segments.append(Segment(values[part], url=values[part]))
            text = ""
        else:
            text += values[part]
    if text:
        segments.append(Segment(text))
    return tuple(segments)


def version_links(*, version: StandardVersion, absolute: Callable[[str], str]) -> dict[str, str]:
    def download(name: str) -> str:
        return absolute(
            reverse(
                "standards:download",
                kwargs={"standard": version.standard.slug, "version": version.number, "name": name},
            )
        )

    return {
        "version_url": absolute(version.get_absolute_url()),
        "json_schema_url": download(exporters.BUNDLE),
        "openapi_url": download(exporters.OPENAPI),
        "dictionary_url": download(exporters.DICTIONARY),
        "component_schema": download,
    }


def _component_matches(component: ComponentVersion, template: RequirementTemplate) -> bool:
    if template.applies_to == AppliesTo.EACH_ENTITY:
        return component.component.kind == ComponentKind.ENTITY
    if template.applies_to == AppliesTo.EACH_CODE_LIST:
        return component.component.kind == ComponentKind.CODE_LIST
    return True


def requirements_compose(
    *,
    answers: Answers,
    templates: Iterable[RequirementTemplate],
    absolute: Callable[[str], str],
    guidance_url: str,
) -> RequirementsDocument:
    """Number the requirements that apply to ``answers``, section by section."""
    version = answers.version
    links = version_links(version=version, absolute=absolute)
    schema_url = links.pop("component_schema")
    standard_version = f"{version.standard.name} {version.number}"
    values = {
        **links,
        "standard": version.standard.name,
        "version": version.number,
        "standard_version": standard_version,
        "guidance_url": guidance_url,
        "access_level": answers.access_level.label,
        "components": answers.component_names,
    }
    applicable = sorted(
        (
            template
            for template in templates
            if template.active
            and template.applies(
                access_level=answers.access_level, write_access=answers.write_access
            )
        ),
        key=lambda row: (
            SECTION_ORDER.get(row.section, len(SECTION_ORDER)),
            row.sort_order,
            row.key,
        ),
    )
    by_section: dict[str, list[Requirement]] = {}
    number = 0
    for template in applicable:
        if template.applies_to == AppliesTo.ONCE:
            fillings = [values]
        else:
            fillings = [
                {
                    **values,
                    "component": component.name,
                    "component_schema_url": schema_url(
                        f"{component.component.key}{exporters.SCHEMA_SUFFIX}"
                    ),
                }
                for component in answers.components
                if _component_matches(component, template)
            ]
        for filled in fillings:
            number += 1
            by_section.setdefault(template.section, []).append(
                Requirement(
                    number=number,
                    key=template.key,
                    strength=template.strength,
                    segments=fill(template.body, filled),
                )
            )
    sections = [
        DocumentSection(heading=Section(section).label, requirements=items)
        for section, items in by_section.items()
    ]
    return RequirementsDocument(
        title=f"Data requirements: {standard_version}",
        standard_version=standard_version,
        intro=[
            f"These requirements ask suppliers to support {standard_version} of the UK Housing "
            "Data Standards and to give the organisation the access to its data set out below. "
            "Include them in the specification of your tender documents.",
            "MUST marks a requirement the system has to meet: a bid that cannot meet it fails. "
            "SHOULD marks a requirement that is desirable: score how well each bid meets it.",
        ],
        answers=[
            ("Standard version", standard_version),
            ("Components", answers.component_names),
            ("Data access", answers.access_level.label),
            ("Write access through an API", "Yes" if answers.write_access else "No"),
        ],
        sections=sections,
        links=[
            Link(f"{standard_version}: the standard's pages", values["version_url"]),
            Link(f"JSON Schema (2020-12) for {standard_version}", values["json_schema_url"]),
            Link(f"OpenAPI 3.1 components for {standard_version}", values["openapi_url"]),
            Link(f"Data dictionary (CSV) for {standard_version}", values["dictionary_url"]),
            *(
                Link(
                    f"{component.name} JSON Schema",
                    schema_url(f"{component.component.key}{exporters.SCHEMA_SUFFIX}"),
                )
                for component in answers.components
            ),
            Link("Putting data access requirements in tender documents", guidance_url),
        ],
        guidance_url=guidance_url,
    )


def active_templates() -> QuerySet[RequirementTemplate]:
    return RequirementTemplate.objects.active()
