"""Factories and builders for change proposals.

``ProposalFactory`` writes rows directly, in any status, for selector and permission tests.
Service tests build proposals through the services instead (``draft_proposal``), so each
starts from a state the portal itself could have reached.
"""

import factory
from django.utils import timezone

from standards.changesets import Operation
from standards.choices import ComponentKind, OperationKind, ProposalStatus
from standards.models import Proposal, ProposalComment, ProposalOperation, StandardVersion
from standards.services_proposals import proposal_create
from tests.community.factories import MembershipFactory, MemberUserFactory
from tests.standards.factories import (
    AttributeFactory,
    CodeFactory,
    ComponentVersionFactory,
    StandardFactory,
    VersionFactory,
    publish_with_four_eyes,
)

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


class ProposalFactory(factory.django.DjangoModelFactory):
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
    proposal = factory.SubFactory(ProposalFactory)
    position = factory.Sequence(lambda n: n + 1)
    kind = K.CHANGE_ATTRIBUTE
    component_key = "work-order"
    member_key = "description"
    values = factory.LazyFunction(lambda: {"definition": "What needs doing."})

    class Meta:
        model = ProposalOperation


class ProposalCommentFactory(factory.django.DjangoModelFactory):
    proposal = factory.SubFactory(ProposalFactory, opened=True)
    author = factory.SubFactory(MemberUserFactory)
    body = "I support this."
    revision = factory.SelfAttribute("proposal.revision")

    class Meta:
        model = ProposalComment
