from dataclasses import dataclass, field
from datetime import timedelta
from itertools import count

import factory
from django.utils import timezone

from community.choices import MembershipRole
from community.models import User, WorkingGroup
from standards.choices import (
    ComponentKind,
    DataType,
    OperationKind,
    ProposalStatus,
    Stance,
    VersionStatus,
)
from standards.engine.changesets import Operation
from standards.models import (
    Attribute,
    Ballot,
    Code,
    Component,
    ComponentVersion,
    Proposal,
    ProposalComment,
    ProposalOperation,
    ProposalWatch,
    Standard,
    StandardVersion,
)
from standards.proposals.services import proposal_create, proposal_submit
from standards.proposals.voting.services import ballot_close, ballot_open, position_cast
from standards.releases.services import release_approve, release_request
from standards.versions.services import version_draft_create
from tests.community.factories import (
    MembershipFactory,
    MemberUserFactory,
    StewardFactory,
    WorkingGroupFactory,
)


def publish_with_four_eyes(
    *, actor, version: StandardVersion, release_notes: str | None = None, approver=None
) -> StandardVersion:
    """Publish a draft as the portal allows: ``actor`` asks, a second steward (``approver``, or
    a new one) approves. For tests whose subject is what a published version does."""
    notes = release_notes or version.release_notes or f"Version {version.number}."
    release = release_request(actor=actor, version=version, notes=notes)
    release_approve(actor=approver or StewardFactory(), release=release)
    version.refresh_from_db()
    return version


class StandardFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Damp and mould {n}")
    slug = factory.Sequence(lambda n: f"damp-and-mould-{n}")
    description = "Data about damp and mould in social housing."

    class Meta:
        model = Standard


class VersionFactory(factory.django.DjangoModelFactory):
    """A draft version. For a published one with contents, build the draft then publish it."""

    standard = factory.SubFactory(StandardFactory)
    major = 1
    minor = 0
    patch = 0
    status = VersionStatus.DRAFT

    class Meta:
        model = StandardVersion

    class Params:
        # Straight into the database, for tests that need no contents.
        published = factory.Trait(
            status=VersionStatus.PUBLISHED,
            published_at=factory.LazyFunction(timezone.now),
            published_by=factory.SubFactory(StewardFactory),
        )


class ComponentFactory(factory.django.DjangoModelFactory):
    standard = factory.SubFactory(StandardFactory)
    key = factory.Sequence(lambda n: f"component_{n}")
    kind = ComponentKind.ENTITY

    class Meta:
        model = Component


class ComponentVersionFactory(factory.django.DjangoModelFactory):
    version = factory.SubFactory(VersionFactory)
    component = factory.SubFactory(
        ComponentFactory,
        standard=factory.SelfAttribute("..version.standard"),
        kind=factory.SelfAttribute("..kind"),
    )
    name = factory.Sequence(lambda n: f"Component {n}")
    definition = "A building block of the standard."

    class Meta:
        model = ComponentVersion

    class Params:
        kind = ComponentKind.ENTITY


class AttributeFactory(factory.django.DjangoModelFactory):
    component_version = factory.SubFactory(ComponentVersionFactory)
    key = factory.Sequence(lambda n: f"attribute_{n}")
    name = factory.SelfAttribute("key")
    definition = "An attribute."
    data_type = DataType.STRING

    class Meta:
        model = Attribute


class CodeFactory(factory.django.DjangoModelFactory):
    component_version = factory.SubFactory(ComponentVersionFactory, kind=ComponentKind.CODE_LIST)
    value = factory.Sequence(lambda n: f"MED{n}")
    key = factory.SelfAttribute("value")
    label = factory.Sequence(lambda n: f"Medical condition {n}")

    class Meta:
        model = Code


# A realistic standard for page, diff, download and query-count tests -------------------------


@dataclass
class Catalogue:
    standard: Standard
    v1: StandardVersion
    v2: StandardVersion


def _entity(version, key, name, definition=""):
    return ComponentVersionFactory(
        version=version, component__key=key, name=name, definition=definition
    )


def _code_list(version, key, name):
    return ComponentVersionFactory(
        version=version, kind=ComponentKind.CODE_LIST, component__key=key, name=name
    )


def build_standard(*, steward, size: int = 1, slug: str = "damp-and-mould") -> Catalogue:
    """Versions 1.0.0 (superseded) and 1.1.0 (published) of a small housing standard.

    ``size`` adds that many extra entities, attributes and codes, for query-count tests.
    1.1.0 adds an attribute and a component, deprecates a code and corrects a definition.
    """
    standard = StandardFactory(slug=slug, name="Damp and mould")
    v1 = VersionFactory(standard=standard, release_notes="The first release.")
    alerts = _code_list(v1, "person-alert-codes", "Person alert codes")
    CodeFactory(component_version=alerts, value="MED", label="Medical")
    CodeFactory(
        component_version=alerts,
        value="MED1",
        label="Uses a wheelchair",
        parent_value="MED",
        properties={"is_critical": True},
    )
    CodeFactory(component_version=alerts, value="COM", label="Communication")
    CodeFactory(component_version=alerts, value="COM1", label="Hearing", parent_value="COM")
    priorities = _code_list(v1, "work-priority-codes", "Work priority codes")
    CodeFactory(component_version=priorities, value="EMG", label="Emergency")
    prop = _entity(v1, "property", "Property", "A home or other building.")
    AttributeFactory(component_version=prop, key="uprn", name="uprn", required=True)
    order = _entity(v1, "work-order", "Work order", "A job to be done at a property.")
    AttributeFactory(component_version=order, key="work_order_id", name="id", required=True)
    AttributeFactory(
        component_version=order,
        key="priority",
        name="priority",
        data_type=DataType.REFERENCE,
        references=priorities.component,
    )
    AttributeFactory(
        component_version=order,
        key="property",
        name="property",
        data_type=DataType.REFERENCE,
        references=prop.component,
    )
    AttributeFactory(
        component_version=order, key="description", name="description", definition="Wat to do."
    )
    for n in range(size):
        extra = _entity(v1, f"extra-{n}", f"Extra {n}")
        AttributeFactory(
            component_version=extra,
            key="property",
            data_type=DataType.REFERENCE,
            references=prop.component,
        )
        AttributeFactory(component_version=extra)
        AttributeFactory(component_version=order, key=f"note_{n}", name=f"note_{n}")
        CodeFactory(component_version=alerts, value=f"MED1.{n:02d}", parent_value="MED1")
    v1 = publish_with_four_eyes(actor=steward, version=v1)

    v2 = version_draft_create(
        actor=steward, standard=standard, number="1.1.0", base=v1, release_notes="Adds dates."
    )
    order2 = ComponentVersion.objects.get(version=v2, component__key="work-order")
    AttributeFactory(
        component_version=order2,
        key="reported_at",
        name="reportedAt",
        data_type=DataType.DATE_TIME,
        definition="When the resident reported the problem.",
    )
    Attribute.objects.filter(component_version=order2, key="description").update(
        definition="What to do."
    )
    Code.objects.filter(component_version__version=v2, value="COM1").update(
        deprecated=True, replaced_by="COM"
    )
    _entity(v2, "damp-survey", "Damp survey", "An inspection for damp and mould.")
    v2 = publish_with_four_eyes(actor=steward, version=v2)
    v1.refresh_from_db()
    return Catalogue(standard=standard, v1=v1, v2=v2)


# Proposals, built through the services so every one has its events -------------------------


class ProposalFactory(factory.Factory):
    """A draft proposal made with ``proposal_create``; ``submit=True`` opens it for comment.

    Pass ``author`` (a working-group member), ``base_version`` (a published version) and
    optionally ``operations`` (``changesets.Operation`` objects).
    """

    title = factory.Sequence(lambda n: f"Record something new {n}")
    problem = "Landlords cannot record it today."
    use_case = "A surveyor records it during an inspection."
    affected = "Housing associations and their suppliers."
    operations = ()

    class Meta:
        model = dict

    @classmethod
    def _create(cls, model_class, *, author, base_version, submit=False, **kwargs):
        from standards.proposals.services import proposal_create, proposal_submit

        proposal = proposal_create(actor=author, base_version=base_version, **kwargs)
        if submit:
            proposal = proposal_submit(actor=author, proposal=proposal)
        return proposal

    _build = _create


K = OperationKind


def add_code(value: str = "SOC", label: str = "Social care") -> Operation:
    return Operation(K.ADD_CODE, "person-alert-codes", value, {"value": value, "label": label})


def change_description(definition: str = "What needs doing.") -> Operation:
    return Operation(K.CHANGE_ATTRIBUTE, "work-order", "description", {"definition": definition})


def publish_small_version(*, steward, standard=None, extra_components: int = 0):
    """A published 1.0.0: Work order (three attributes, one deprecated) and Person alert codes
    (two codes, one deprecated), plus ``extra_components`` plain entities."""
    standard = standard or StandardFactory(proposal_prefix="DM")
    draft = VersionFactory(standard=standard)
    order = ComponentVersionFactory(
        version=draft, component__key="work-order", name="Work order", definition="A job."
    )
    AttributeFactory(component_version=order, key="work_order_id", name="id", required=True)
    AttributeFactory(component_version=order, key="description", name="description")
    AttributeFactory(component_version=order, key="legacy_ref", name="legacyRef", deprecated=True)
    alerts = ComponentVersionFactory(
        version=draft,
        kind=ComponentKind.CODE_LIST,
        component__key="person-alert-codes",
        name="Person alert codes",
    )
    CodeFactory(component_version=alerts, value="MED", label="Medical")
    CodeFactory(component_version=alerts, value="OLD", label="Old", deprecated=True)
    for n in range(extra_components):
        ComponentVersionFactory(version=draft, component__key=f"extra-{n}", name=f"Extra {n}")
    return publish_with_four_eyes(actor=steward, version=draft)


def group_member(**kwargs):
    """A verified member of an active working group."""
    return MembershipFactory(**kwargs).user


def draft_proposal(*, author, base_version: StandardVersion, operations=None, **details):
    return proposal_create(
        actor=author,
        base_version=base_version,
        title=details.pop("title", "Add a social care alert"),
        problem=details.pop("problem", "There is no code for social care needs."),
        use_case=details.pop("use_case", "Call handlers need to flag a social care need."),
        affected=details.pop("affected", "Landlords and repairs contractors."),
        operations=[add_code()] if operations is None else operations,
    )


class ProposalRowFactory(factory.django.DjangoModelFactory):
    """A proposal written straight to the database, in any ``status``."""

    base_version = factory.SubFactory(
        VersionFactory, published=True, standard__proposal_prefix="TP"
    )
    standard = factory.SelfAttribute("base_version.standard")
    number = factory.Sequence(lambda n: n + 1)
    reference = factory.LazyAttribute(lambda o: f"{o.standard.reference_prefix}-{o.number:04d}")
    title = factory.Sequence(lambda n: f"Proposal {n}")
    problem = "Something is missing."
    use_case = "Someone needs it."
    affected = "Landlords."
    author = factory.SubFactory(MemberUserFactory)
    status = ProposalStatus.DRAFT
    impact = "minor"

    class Meta:
        model = Proposal

    class Params:
        opened = factory.Trait(
            status=ProposalStatus.OPEN, opened_at=factory.LazyFunction(timezone.now)
        )


class ProposalOperationFactory(factory.django.DjangoModelFactory):
    proposal = factory.SubFactory(ProposalRowFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = K.CHANGE_ATTRIBUTE
    component_key = "work-order"
    member_key = "description"
    values = factory.LazyFunction(lambda: {"definition": "What needs doing."})

    class Meta:
        model = ProposalOperation


class ProposalCommentFactory(factory.django.DjangoModelFactory):
    proposal = factory.SubFactory(ProposalRowFactory, opened=True)
    author = factory.SubFactory(MemberUserFactory)
    body = "I support this."
    revision = factory.SelfAttribute("proposal.revision")

    class Meta:
        model = ProposalComment


# The slugs of the groups a data migration seeds; every ballot votes in every active group.
FOUNDING = {
    "la": ("local-authorities", "Local authorities"),
    "ha": ("housing-associations", "Housing associations"),
    "ts": ("technology-suppliers", "Technology suppliers"),
}


_prefixes = count(1)


def founding_groups() -> dict[str, WorkingGroup]:
    """The seeded Local authorities, Housing associations and Technology suppliers groups.

    Created here when a flushed transactional test database lacks them.
    """
    groups = {}
    for key, (slug, name) in FOUNDING.items():
        group = WorkingGroup.objects.filter(slug=slug).first()
        groups[key] = group or WorkingGroupFactory(slug=slug, name=name)
    return groups


def person(**user_fields) -> User:
    """Someone who works for an organisation and has a verified email, in no group yet."""
    return MemberUserFactory(**user_fields)


def member_of(*groups: WorkingGroup, role: str = MembershipRole.MEMBER, **user_fields) -> User:
    """A new person who is an active member of each of ``groups``."""
    user = person(**user_fields)
    for group in groups:
        MembershipFactory(user=user, group=group, role=role)
    return user


def convener_of(*groups: WorkingGroup, **user_fields) -> User:
    return member_of(*groups, role=MembershipRole.CONVENER, **user_fields)


def new_standard(**fields) -> Standard:
    """A standard with a proposal prefix of its own, so references never collide."""
    return StandardFactory(proposal_prefix=f"V{next(_prefixes)}", **fields)


def past_comment_period(proposal: Proposal) -> Proposal:
    """Move the proposal's opening back so its comment period is over."""
    Proposal.objects.filter(pk=proposal.pk).update(
        opened_at=timezone.now() - timedelta(days=proposal.standard.comment_period_days, hours=1)
    )
    proposal.refresh_from_db()
    return proposal


def open_proposal(*, author: User, steward: User, standard: Standard | None = None, **details):
    """A proposal submitted for comment, whose comment period is over: ready for voting."""
    version = publish_small_version(steward=steward, standard=standard or new_standard())
    proposal = draft_proposal(author=author, base_version=version, **details)
    proposal = proposal_submit(actor=author, proposal=proposal)
    return past_comment_period(proposal)


def watch(proposal: Proposal, user: User) -> None:
    ProposalWatch.objects.get_or_create(proposal=proposal, user=user)


def past_deadline(ballot: Ballot, *, by: timedelta = timedelta(minutes=1)) -> Ballot:
    """Move the ballot's whole period back so its deadline passed ``by`` ago."""
    period = ballot.closes_at - ballot.opened_at
    closes_at = timezone.now() - by
    Ballot.objects.filter(pk=ballot.pk).update(opened_at=closes_at - period, closes_at=closes_at)
    ballot.refresh_from_db()
    return ballot


def past_minimum_open_time(ballot: Ballot) -> Ballot:
    """Move the opening back just past the minimum open time; the deadline stays ahead."""
    opened_at = timezone.now() - timedelta(days=ballot.rule["minimum_open_days"], minutes=1)
    Ballot.objects.filter(pk=ballot.pk).update(opened_at=opened_at)
    ballot.refresh_from_db()
    return ballot


@dataclass
class Electorate:
    """Who takes part in a vote on ``proposal``.

    - ``la``, ``ha``, ``ts``: the founding groups;
    - ``author``: a member of Housing associations who wrote the proposal;
    - ``convener``: convenes Local authorities;
    - ``members``: plain members, by group key, two each unless asked otherwise;
    - ``steward``: a steward in no group.
    """

    groups: dict[str, WorkingGroup]
    author: User
    convener: User
    steward: User
    proposal: Proposal
    members: dict[str, list[User]] = field(default_factory=dict)

    @property
    def la(self) -> WorkingGroup:
        return self.groups["la"]

    @property
    def ha(self) -> WorkingGroup:
        return self.groups["ha"]

    @property
    def ts(self) -> WorkingGroup:
        return self.groups["ts"]

    def open_ballot(self, actor: User | None = None) -> Ballot:
        ballot = ballot_open(actor=actor or self.convener, proposal=self.proposal)
        self.proposal.refresh_from_db()
        return ballot


def electorate(*, steward: User, per_group: int = 2, standard: Standard | None = None):
    """The founding groups with a few members each, and a proposal ready to be voted on."""
    groups = founding_groups()
    author = member_of(groups["ha"], first_name="Alex", last_name="Author")
    convener = convener_of(groups["la"], first_name="Chris", last_name="Convener")
    members = {key: [member_of(group) for _ in range(per_group)] for key, group in groups.items()}
    proposal = open_proposal(author=author, steward=steward, standard=standard)
    return Electorate(
        groups=groups,
        author=author,
        convener=convener,
        steward=steward,
        proposal=proposal,
        members=members,
    )


K = OperationKind


@dataclass
class Voters:
    groups: dict
    convener: User
    # One voting member per group key; the author of each proposal is one of them.
    members: dict[str, User]


def voters() -> Voters:
    groups = founding_groups()
    return Voters(
        groups=groups,
        convener=convener_of(groups["la"], first_name="Chris", last_name="Convener"),
        members={key: member_of(group) for key, group in groups.items()},
    )


def open_for_comment(
    *, author: User, base_version: StandardVersion, operations, title: str = ""
) -> Proposal:
    proposal = draft_proposal(
        author=author,
        base_version=base_version,
        operations=operations,
        **({"title": title} if title else {}),
    )
    return proposal_submit(actor=author, proposal=proposal)


def accepted_proposal(
    *,
    people: Voters,
    base_version: StandardVersion,
    operations: list[Operation],
    author: User | None = None,
    title: str = "",
) -> Proposal:
    author = author or people.members["ha"]
    proposal = open_for_comment(
        author=author, base_version=base_version, operations=operations, title=title
    )
    past_comment_period(proposal)
    ballot = ballot_open(actor=people.convener, proposal=proposal)
    for key, group in people.groups.items():
        position_cast(
            actor=people.members[key], proposal=proposal, group=group, stance=Stance.APPROVE
        )
    past_deadline(ballot)
    ballot_close(actor=None, proposal=proposal)
    proposal.refresh_from_db()
    return proposal


def add_attribute(key: str = "priority", **values) -> Operation:
    return Operation(
        K.ADD_ATTRIBUTE, "work-order", key, {"name": key, "definition": "How urgent.", **values}
    )


def change_code_label(label: str = "Medical need") -> Operation:
    return Operation(K.CHANGE_CODE, "person-alert-codes", "MED", {"label": label})


def second_steward() -> User:
    return StewardFactory(first_name="Sam", last_name="Second")
