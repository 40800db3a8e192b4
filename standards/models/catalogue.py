"""The catalogue: standards, their versions, and the components each version holds.

Identity and content are separate rows. ``Component`` is a component's identity, stable across
versions (its ``key`` is what URLs, diffs and change sets address). ``ComponentVersion`` is what
that component says in one ``StandardVersion``, and it owns the ``Attribute`` and ``Code`` rows.
A new version copies these rows; nothing is ever overwritten, so "current" is derived by asking
for the published version.

Once a version leaves draft its rows are frozen. Services check this first and raise friendly
errors; the guards below are the backstop for every other write path (``save``, ``delete``,
``QuerySet.update``/``delete``/``bulk_create``/``bulk_update``).
"""

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from standards.engine.versioning import VersionNumber, version_number_parse
from standards.engine.workflow import LOCKED_STATUSES, transition_assert

from ..choices import Cardinality, ComponentKind, DataType, VersionEventKind, VersionStatus
from ..exceptions import InvalidState, VersionImmutable


def _refuse_locked(versions: models.QuerySet) -> None:
    """Raise ``VersionImmutable`` if any of ``versions`` is no longer a draft."""
    locked = versions.filter(status__in=LOCKED_STATUSES).select_related("standard").first()
    if locked is not None:
        raise VersionImmutable(locked.immutable_message())


_MINOR_WORDS = frozenset({"a", "an", "and", "for", "in", "of", "on", "the", "to"})


class Standard(models.Model):
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    proposal_prefix = models.CharField(
        max_length=8,
        blank=True,
        help_text="Starts each proposal reference, as DM in DM-0007. Blank: the name's initials.",
    )
    comment_period_days = models.PositiveSmallIntegerField(
        default=14,
        help_text="The shortest time a proposal is open for comment before voting can start.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("standards:standard_detail", kwargs={"standard": self.slug})

    @property
    def reference_prefix(self) -> str:
        if self.proposal_prefix:
            return self.proposal_prefix.upper()
        words = [word for word in self.slug.split("-") if word and word not in _MINOR_WORDS]
        return "".join(word[0] for word in words).upper()[:8] or "CP"


class StandardVersionQuerySet(models.QuerySet):
    def with_number(self, number: str | VersionNumber) -> "StandardVersionQuerySet":
        if isinstance(number, str):
            number = version_number_parse(number)
        return self.filter(major=number.major, minor=number.minor, patch=number.patch)

    def newest_first(self) -> "StandardVersionQuerySet":
        return self.order_by("-major", "-minor", "-patch")

    def drafts(self) -> "StandardVersionQuerySet":
        return self.filter(status=VersionStatus.DRAFT)

    def update(self, **kwargs) -> int:
        # Lifecycle changes go through StandardVersion.save(), which checks the transition.
        _refuse_locked(self)
        return super().update(**kwargs)

    def delete(self):
        _refuse_locked(self)
        return super().delete()


class StandardVersion(models.Model):
    """One release of a standard: draft while being prepared, then frozen for ever."""

    # The only fields that may change once a version has left draft.
    LIFECYCLE_FIELDS: ClassVar[frozenset[str]] = frozenset(
        {"status", "superseded_at", "withdrawn_at", "withdrawn_reason"}
    )

    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="versions")
    major = models.PositiveIntegerField()
    minor = models.PositiveIntegerField()
    patch = models.PositiveIntegerField()
    status = models.CharField(
        max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    release_notes = models.TextField(blank=True)
    based_on = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="derived_versions",
        help_text="The version this draft was copied from, if any.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    # PROTECT: a publication stays attributable; people are deactivated, not deleted.
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    superseded_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(blank=True)

    history = HistoricalRecords()
    objects = StandardVersionQuerySet.as_manager()

    class Meta:
        ordering = ["-major", "-minor", "-patch"]
        get_latest_by = ["major", "minor", "patch"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "major", "minor", "patch"],
                name="standards_version_number_unique",
                violation_error_message="This standard already has a version with that number",
            ),
            models.UniqueConstraint(
                fields=["standard"],
                condition=Q(status=VersionStatus.PUBLISHED),
                name="standards_version_one_published",
                violation_error_message="A standard can have only one published version",
            ),
            models.CheckConstraint(
                condition=Q(status__in=VersionStatus.values), name="standards_version_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(
                    status=VersionStatus.DRAFT,
                    published_at__isnull=True,
                    published_by__isnull=True,
                )
                | (
                    ~Q(status=VersionStatus.DRAFT)
                    & Q(published_at__isnull=False, published_by__isnull=False)
                ),
                name="standards_version_published_iff_not_draft",
            ),
            models.CheckConstraint(
                condition=~Q(status=VersionStatus.SUPERSEDED) | Q(superseded_at__isnull=False),
                name="standards_version_superseded_has_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=VersionStatus.WITHDRAWN) | Q(withdrawn_at__isnull=False),
                name="standards_version_withdrawn_has_date",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.standard} {self.number}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            self._assert_change_allowed()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(
            "standards:version_detail",
            kwargs={"standard": self.standard.slug, "version": self.number},
        )

    def delete(self, *args, **kwargs):
        _refuse_locked(StandardVersion.objects.filter(pk=self.pk))
        return super().delete(*args, **kwargs)

    @property
    def number(self) -> str:
        return str(self.number_tuple)

    @property
    def number_tuple(self) -> VersionNumber:
        return VersionNumber(self.major, self.minor, self.patch)

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT

    @property
    def is_locked(self) -> bool:
        return self.status in LOCKED_STATUSES

    def immutable_message(self) -> str:
        return (
            f"Version {self.number} of {self.standard} is {self.get_status_display().lower()}, "
            "so it cannot be changed. Create a new draft version to make changes"
        )

    def clean(self) -> None:
        if self.based_on_id and self.based_on.standard_id != self.standard_id:
            raise ValidationError({"based_on": "Choose a version of the same standard"})

    def _assert_change_allowed(self) -> None:
        names = [field.attname for field in self._meta.concrete_fields]
        stored = StandardVersion.objects.filter(pk=self.pk).values(*names).first()
        if stored is None:
            return
        if stored["status"] != self.status:
            transition_assert(
                current=stored["status"], target=self.status, label=f"Version {self.number}"
            )
        if stored["status"] == VersionStatus.DRAFT:
            return
        changed = {name for name, value in stored.items() if getattr(self, name) != value}
        if changed - self.LIFECYCLE_FIELDS:
            stored_version = StandardVersion.objects.select_related("standard").get(pk=self.pk)
            raise VersionImmutable(stored_version.immutable_message())


class VersionedContentQuerySet(models.QuerySet):
    """Refuses bulk writes that touch, or would move rows into, a version that is not a draft."""

    def _versions_of_rows(self) -> models.QuerySet:
        lookup = f"{self.model.version_from_self}__in"
        return StandardVersion.objects.filter(**{lookup: self.values("pk")})

    def _versions_of_parents(self, parent_ids) -> models.QuerySet:
        lookup = f"{self.model.version_from_parent}__in"
        return StandardVersion.objects.filter(**{lookup: list(parent_ids)})

    def update(self, **kwargs) -> int:
        _refuse_locked(self._versions_of_rows())
        parent = self.model.parent_field
        for name in (parent, f"{parent}_id"):
            if name in kwargs:
                target = kwargs[name]
                _refuse_locked(self._versions_of_parents([getattr(target, "pk", target)]))
        return super().update(**kwargs)

    def delete(self):
        _refuse_locked(self._versions_of_rows())
        return super().delete()

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        parent_attname = f"{self.model.parent_field}_id"
        parent_ids = {getattr(obj, parent_attname) for obj in objs}
        if parent_ids:
            _refuse_locked(self._versions_of_parents(parent_ids))
        return super().bulk_create(objs, *args, **kwargs)


class VersionedContent(models.Model):
    """A row that lives inside one standard version and is frozen with it.

    Subclasses say how to reach their ``StandardVersion`` so one guard serves them all.
    """

    # The foreign key that places a row in a version (directly or through its parent).
    parent_field: ClassVar[str]
    # StandardVersion lookups that reach the parent's pk and this row's pk.
    version_from_parent: ClassVar[str]
    version_from_self: ClassVar[str]

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        _refuse_locked(self._versions_touched())
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        _refuse_locked(StandardVersion.objects.filter(**{self.version_from_self: self.pk}))
        return super().delete(*args, **kwargs)

    def _versions_touched(self) -> models.QuerySet:
        condition = Q(**{self.version_from_parent: getattr(self, f"{self.parent_field}_id")})
        if self.pk is not None:
            # The stored row too, so a row cannot be moved out of a published version.
            condition |= Q(**{self.version_from_self: self.pk})
        return StandardVersion.objects.filter(condition)


class ComponentQuerySet(models.QuerySet):
    def _refuse_if_published(self) -> None:
        _refuse_locked(
            StandardVersion.objects.filter(component_versions__component__in=self.values("pk"))
        )

    def update(self, **kwargs) -> int:
        self._refuse_if_published()
        return super().update(**kwargs)

    def delete(self):
        self._refuse_if_published()
        return super().delete()


class Component(models.Model):
    """A component's identity: the same row in every version that contains the component."""

    standard = models.ForeignKey(Standard, on_delete=models.PROTECT, related_name="components")
    key = models.SlugField(
        max_length=100, help_text="Stable identifier used in URLs, diffs and change sets."
    )
    kind = models.CharField(max_length=20, choices=ComponentKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ComponentQuerySet.as_manager()

    class Meta:
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(
                fields=["standard", "key"],
                name="standards_component_key_unique",
                violation_error_message="This standard already has a component with that key",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ComponentKind.values), name="standards_component_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.key

    def save(self, *args, **kwargs) -> None:
        # Published versions show this key, so it is fixed once any of them includes it.
        if self.pk is not None:
            _refuse_locked(StandardVersion.objects.filter(component_versions__component=self.pk))
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse(
            "standards:component_latest",
            kwargs={"standard": self.standard.slug, "component": self.key},
        )

    def delete(self, *args, **kwargs):
        _refuse_locked(StandardVersion.objects.filter(component_versions__component=self.pk))
        return super().delete(*args, **kwargs)


class ComponentVersion(VersionedContent):
    """What one component says in one standard version."""

    parent_field = "version"
    version_from_parent = "pk"
    version_from_self = "component_versions__pk"

    version = models.ForeignKey(
        StandardVersion, on_delete=models.CASCADE, related_name="component_versions"
    )
    component = models.ForeignKey(Component, on_delete=models.PROTECT, related_name="versions")
    name = models.CharField(max_length=200)
    definition = models.TextField(blank=True, help_text="Exported as the JSON Schema description.")
    deprecated = models.BooleanField(default=False)
    deprecation_note = models.TextField(blank=True)
    replaced_by = models.ForeignKey(
        Component,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaces",
        help_text="The component to use instead, when this one is deprecated.",
    )
    sort_order = models.PositiveIntegerField(default=0)
    extra = models.JSONField(
        default=dict, blank=True, help_text="Source keywords with no field of their own."
    )
    # ``diff.fingerprint_component`` of this row with its attributes and codes, so a diff can
    # skip a component whose content is the same in both versions without loading its members.
    # Set by ``version_publish`` just before the version locks, so it can never go stale; empty
    # in drafts (whose content can still change) and never copied into one.
    fingerprint = models.CharField(max_length=64, blank=True, default="", editable=False)

    # The fingerprint is derived from other rows, not an edit anyone made.
    history = HistoricalRecords(excluded_fields=["fingerprint"])
    objects = VersionedContentQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "component"],
                name="standards_componentversion_unique",
                violation_error_message="This version already contains that component",
            ),
            models.CheckConstraint(
                condition=Q(replaced_by__isnull=True)
                | (Q(deprecated=True) & ~Q(replaced_by=F("component"))),
                name="standards_componentversion_replacement_deprecated",
                violation_error_message="Only a deprecated component can name a replacement",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.version.number})"

    def get_absolute_url(self) -> str:
        return reverse(
            "standards:component_detail",
            kwargs={
                "standard": self.version.standard.slug,
                "version": self.version.number,
                "component": self.component.key,
            },
        )

    @property
    def key(self) -> str:
        return self.component.key

    @property
    def kind(self) -> str:
        return self.component.kind

    @property
    def is_entity(self) -> bool:
        return self.component.kind == ComponentKind.ENTITY

    @property
    def is_code_list(self) -> bool:
        return self.component.kind == ComponentKind.CODE_LIST

    def clean(self) -> None:
        if self.component.standard_id != self.version.standard_id:
            raise ValidationError({"component": "Choose a component of the same standard"})


class Attribute(VersionedContent):
    """A field of an entity component, in one version."""

    parent_field = "component_version"
    version_from_parent = "component_versions__pk"
    version_from_self = "component_versions__attributes__pk"

    component_version = models.ForeignKey(
        ComponentVersion, on_delete=models.CASCADE, related_name="attributes"
    )
    key = models.CharField(
        max_length=200, help_text="Stable identifier that survives renames; used by change sets."
    )
    name = models.CharField(max_length=200, help_text="The property name as it appears in data.")
    definition = models.TextField(blank=True)
    data_type = models.CharField(max_length=20, choices=DataType.choices, default=DataType.STRING)
    format = models.CharField(max_length=100, blank=True, help_text="For example email or uuid.")
    # ECMA-262 (standards.engine.patterns); up to patterns.MAX_LENGTH, checked where it enters.
    pattern = models.TextField(blank=True, help_text="A regular expression.")
    required = models.BooleanField(default=False)
    nullable = models.BooleanField(default=False)
    cardinality = models.CharField(
        max_length=10, choices=Cardinality.choices, default=Cardinality.ONE
    )
    references = models.ForeignKey(
        Component,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referencing_attributes",
        help_text="The entity or code list this attribute points to.",
    )
    enum_values = models.JSONField(default=list, blank=True)
    example = models.JSONField(null=True, blank=True)
    deprecated = models.BooleanField(default=False)
    deprecation_note = models.TextField(blank=True)
    replaced_by = models.CharField(
        max_length=200, blank=True, help_text="Key of the attribute to use instead."
    )
    sort_order = models.PositiveIntegerField(default=0)
    extra = models.JSONField(
        default=dict, blank=True, help_text="Schema keywords with no field of their own."
    )

    history = HistoricalRecords()
    objects = VersionedContentQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "key"]
        constraints = [
            models.UniqueConstraint(
                fields=["component_version", "key"],
                name="standards_attribute_key_unique",
                violation_error_message="This component already has an attribute with that key",
            ),
            models.UniqueConstraint(
                fields=["component_version", "name"],
                name="standards_attribute_name_unique",
                violation_error_message="This component already has an attribute with that name",
            ),
            models.CheckConstraint(condition=~Q(key=""), name="standards_attribute_key_present"),
            models.CheckConstraint(condition=~Q(name=""), name="standards_attribute_name_present"),
            models.CheckConstraint(
                condition=Q(data_type__in=DataType.values),
                name="standards_attribute_data_type_valid",
            ),
            models.CheckConstraint(
                condition=Q(cardinality__in=Cardinality.values),
                name="standards_attribute_cardinality_valid",
            ),
            models.CheckConstraint(
                condition=Q(data_type=DataType.REFERENCE, references__isnull=False)
                | (~Q(data_type=DataType.REFERENCE) & Q(references__isnull=True)),
                name="standards_attribute_reference_has_target",
                violation_error_message=(
                    "A reference attribute must name the component it refers to"
                ),
            ),
            models.CheckConstraint(
                condition=Q(replaced_by="") | (Q(deprecated=True) & ~Q(replaced_by=F("key"))),
                name="standards_attribute_replacement_deprecated",
                violation_error_message="Only a deprecated attribute can name a replacement",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return f"{self.component_version.get_absolute_url()}#attribute-{self.key}"

    def clean(self) -> None:
        component = self.component_version.component
        if component.kind != ComponentKind.ENTITY:
            raise ValidationError("Only an entity can have attributes")
        if self.references_id and self.references.standard_id != component.standard_id:
            raise ValidationError({"references": "Choose a component of the same standard"})


class Code(VersionedContent):
    """A value in a code list component, in one version."""

    parent_field = "component_version"
    version_from_parent = "component_versions__pk"
    version_from_self = "component_versions__codes__pk"

    component_version = models.ForeignKey(
        ComponentVersion, on_delete=models.CASCADE, related_name="codes"
    )
    key = models.CharField(
        max_length=200, help_text="Stable identifier that survives a change of value."
    )
    value = models.CharField(max_length=200, help_text="The code as it appears in data.")
    label = models.CharField(max_length=500, blank=True)
    definition = models.TextField(blank=True)
    # By value, as the source files have it, so codes load in any order and a missing parent
    # can be reported rather than refused.
    parent_value = models.CharField(
        max_length=200, blank=True, help_text="Value of the parent code in the same code list."
    )
    properties = models.JSONField(
        default=dict, blank=True, help_text="Extra properties, for example is_critical."
    )
    deprecated = models.BooleanField(default=False)
    deprecation_note = models.TextField(blank=True)
    replaced_by = models.CharField(
        max_length=200, blank=True, help_text="Key of the code to use instead."
    )
    sort_order = models.PositiveIntegerField(default=0)

    history = HistoricalRecords()
    objects = VersionedContentQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "value"]
        constraints = [
            models.UniqueConstraint(
                fields=["component_version", "key"],
                name="standards_code_key_unique",
                violation_error_message="This code list already has a code with that key",
            ),
            models.UniqueConstraint(
                fields=["component_version", "value"],
                name="standards_code_value_unique",
                violation_error_message="This code list already has that code",
            ),
            models.CheckConstraint(condition=~Q(key=""), name="standards_code_key_present"),
            models.CheckConstraint(condition=~Q(value=""), name="standards_code_value_present"),
            models.CheckConstraint(
                condition=~Q(parent_value=F("value")),
                name="standards_code_not_own_parent",
                violation_error_message="A code cannot be its own parent",
            ),
            models.CheckConstraint(
                condition=Q(replaced_by="") | (Q(deprecated=True) & ~Q(replaced_by=F("key"))),
                name="standards_code_replacement_deprecated",
                violation_error_message="Only a deprecated code can name a replacement",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.value} {self.label}".strip()

    def get_absolute_url(self) -> str:
        return f"{self.component_version.get_absolute_url()}#code-{self.key}"

    def clean(self) -> None:
        if self.component_version.component.kind != ComponentKind.CODE_LIST:
            raise ValidationError("Only a code list can have codes")


class VersionEventQuerySet(models.QuerySet):
    def update(self, **kwargs) -> int:
        raise InvalidState(VersionEvent.APPEND_ONLY_MESSAGE)

    def delete(self):
        raise InvalidState(VersionEvent.APPEND_ONLY_MESSAGE)


class VersionEvent(models.Model):
    """Append-only record of each lifecycle change of a version: the version's timeline."""

    APPEND_ONLY_MESSAGE: ClassVar[str] = "An event in a version's history cannot be changed"

    version = models.ForeignKey(StandardVersion, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=VersionEventKind.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    from_status = models.CharField(max_length=20, choices=VersionStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=VersionStatus.choices)
    detail = models.JSONField(default=dict, blank=True)

    objects = VersionEventQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=VersionEventKind.values), name="standards_versionevent_kind"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.version}"

    def save(self, *args, **kwargs) -> None:
        if self.pk is not None:
            raise InvalidState(self.APPEND_ONLY_MESSAGE)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise InvalidState(self.APPEND_ONLY_MESSAGE)
