"""Demo change proposals against the current Damp and mould version. Idempotent.

They cover each state people can reach today (draft, open for comment, voting with mixed
positions, accepted, rejected with an unresolved objection, withdrawn), one conflicting pair
(two proposals touching *notes* of Investigation hazard), and comments from members of
different groups. Each is found again by its title, so a second run changes nothing.
Everything goes through the services, as a person's actions would.
"""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from community.models import WorkingGroup
from standards.choices import OperationKind, ProposalStatus, Stance, VersionStatus
from standards.demo.catalogue import PERSON_ALERT_CODES, SLUG
from standards.engine.changesets import Operation
from standards.models import Ballot, Position, Proposal, StandardVersion
from standards.proposals import services
from standards.proposals.voting import services as voting

HAZARD = "investigation-hazard"
LA_MEMBER = "la-member@northmere.example.gov.uk"
LA_CONVENER = "la-convener@northmere.example.gov.uk"
HA_MEMBER = "ha-member@brookvalehomes.example.org.uk"
SUPPLIER_MEMBER = "supplier-member@keystone-systems.example.co.uk"
SUPPLIER_CONVENER = "supplier-convener@keystone-systems.example.co.uk"
HA_CONVENER = "ha-convener@brookvalehomes.example.org.uk"
LA, HA, SUPPLIERS = "local-authorities", "housing-associations", "technology-suppliers"

K = OperationKind

PROPOSALS = [
    {
        "author": LA_MEMBER,
        "title": "Record how many photographs were taken of a hazard",
        "problem": (
            "Investigators photograph damp and mould, but the data model cannot say how many "
            "photographs exist, so a landlord cannot tell from an extract whether evidence was "
            "gathered."
        ),
        "use_case": (
            "A landlord reporting under Awaab's Law shows that every hazard was evidenced, "
            "without opening each case file."
        ),
        "affected": "Repairs and asset systems that record investigations, and their users.",
        "operations": [
            Operation(
                K.ADD_ATTRIBUTE,
                HAZARD,
                "photograph_count",
                {
                    "name": "photograph_count",
                    "definition": "How many photographs the investigator took of the hazard.",
                    "data_type": "integer",
                },
            ),
        ],
        "status": ProposalStatus.OPEN,
        "opened_days_ago": 20,
        "comments": [
            (HA_MEMBER, "Could this be a list of photograph references instead of a count?"),
            (
                SUPPLIER_MEMBER,
                "A count is easy for us to produce. **References** would need a new component.",
            ),
        ],
        "reply": (LA_MEMBER, "A count is enough for reporting. References can follow later."),
    },
    {
        "author": HA_MEMBER,
        "title": "Say what the notes on a hazard may contain",
        "problem": "Free-text notes sometimes carry personal details that should not be shared.",
        "use_case": "Contractors receive hazard notes without personal information.",
        "affected": "Anyone who writes or shares investigation hazard notes.",
        "operations": [
            Operation(
                K.CHANGE_ATTRIBUTE,
                HAZARD,
                "notes",
                {
                    "definition": (
                        "What the investigator observed about the hazard. Do not record "
                        "personal information about the household here."
                    )
                },
            ),
        ],
        "status": ProposalStatus.OPEN,
        "opened_days_ago": 3,
        "comments": [(LA_MEMBER, "Agreed. This matches our privacy guidance.")],
    },
    {
        "author": SUPPLIER_MEMBER,
        "title": "Deprecate free-text notes on hazards",
        "problem": "Free-text notes cannot be checked or analysed.",
        "use_case": "Structured hazard data can be compared across landlords.",
        "affected": "Systems that write or read investigation hazard notes.",
        "operations": [
            Operation(
                K.DEPRECATE_ATTRIBUTE,
                HAZARD,
                "notes",
                {"deprecation_note": "Record observations as structured hazard data instead."},
            ),
        ],
        "status": ProposalStatus.OPEN,
        "opened_days_ago": 1,
        "comments": [(HA_MEMBER, "This conflicts with the proposal to define what notes hold.")],
    },
    {
        "author": HA_MEMBER,
        "title": "Add an alert for a person who uses oxygen at home",
        "problem": "Operatives need to know about oxygen equipment before any hot works.",
        "use_case": "A contractor plans safe working before arriving.",
        "affected": "Anyone who shares person alerts with contractors.",
        "operations": [
            Operation(
                K.ADD_CODE,
                PERSON_ALERT_CODES,
                "MED1.99",
                {"value": "MED1.99", "label": "Uses home oxygen", "parent_value": "MED1"},
            ),
        ],
        "status": ProposalStatus.VOTING,
        "opened_days_ago": 15,
        "mover": LA_CONVENER,
        "comments": [(SUPPLIER_MEMBER, "We support this; it is a common request.")],
        "votes": [
            (LA_MEMBER, LA, Stance.APPROVE, ""),
            (HA_CONVENER, HA, Stance.OBJECT, "The label should say 'Uses oxygen equipment'."),
            (SUPPLIER_MEMBER, SUPPLIERS, Stance.ABSTAIN, ""),
        ],
    },
    {
        "author": LA_CONVENER,
        "title": "Label the age group codes clearly",
        "problem": "Some age group codes have labels that repeat their code.",
        "use_case": "People choosing a code can tell the groups apart.",
        "affected": "Anyone who shows person alert codes to staff.",
        "operations": [
            Operation(
                K.CHANGE_CODE,
                PERSON_ALERT_CODES,
                "AGE1",
                {"definition": "Alerts about a person's age that affect how to visit them."},
            ),
        ],
        "status": ProposalStatus.ACCEPTED,
        "opened_days_ago": 40,
        "mover": HA_CONVENER,
        "votes": [
            (LA_MEMBER, LA, Stance.APPROVE, ""),
            (HA_MEMBER, HA, Stance.APPROVE, ""),
            (SUPPLIER_CONVENER, SUPPLIERS, Stance.APPROVE, ""),
        ],
    },
    {
        "author": SUPPLIER_CONVENER,
        "title": "Require a contractor reference on every work order",
        "problem": "Work orders cannot be matched with contractors' own records.",
        "use_case": "A landlord reconciles invoices with work orders automatically.",
        "affected": "Every system that produces work orders.",
        "operations": [
            Operation(
                K.ADD_ATTRIBUTE,
                "work-order",
                "contractor_reference",
                {
                    "name": "contractor_reference",
                    "definition": "The contractor's own reference for the work.",
                    "required": True,
                },
            ),
        ],
        "status": ProposalStatus.REJECTED,
        "opened_days_ago": 45,
        "mover": LA_CONVENER,
        "votes": [
            (LA_MEMBER, LA, Stance.OBJECT, "Many in-house teams have no contractor reference."),
            (HA_MEMBER, HA, Stance.OBJECT, "This breaks every existing extract."),
            (SUPPLIER_MEMBER, SUPPLIERS, Stance.APPROVE, ""),
        ],
        "answers": [
            (SUPPLIER_CONVENER, "not_persuasive", "An empty reference could be allowed."),
        ],
    },
    {
        "author": LA_MEMBER,
        "title": "Make the mould severity score required",
        "problem": "Severity is often missing, so hazards cannot be prioritised.",
        "use_case": "Triage investigations by severity.",
        "affected": "Systems that produce investigation hazards.",
        "operations": [
            Operation(K.CHANGE_ATTRIBUTE, HAZARD, "mould_severity_score", {"required": True}),
        ],
        "status": ProposalStatus.DRAFT,
    },
    {
        "author": SUPPLIER_MEMBER,
        "title": "Rename hazard reports to hazard records",
        "problem": "Some users read 'report' as a document rather than data.",
        "use_case": "Clearer names in supplier systems.",
        "affected": "Everyone using hazard reports.",
        "operations": [
            Operation(K.CHANGE_COMPONENT, "hazard-report", "", {"name": "Hazard record"}),
        ],
        "status": ProposalStatus.WITHDRAWN,
        "opened_days_ago": 10,
        "withdraw_reason": "The working groups preferred to keep the existing name.",
    },
]


def load() -> None:
    version = StandardVersion.objects.filter(
        standard__slug=SLUG, status=VersionStatus.PUBLISHED
    ).first()
    users = {user.email: user for user in get_user_model().objects.all()}
    if version is None or LA_MEMBER not in users:
        print("Skipped the demo proposals: no published demo standard or demo members")
        return
    for spec in PROPOSALS:
        if not Proposal.objects.filter(standard=version.standard, title=spec["title"]).exists():
            with transaction.atomic():
                create(version, users, spec)


def create(version: StandardVersion, users: dict, spec: dict) -> None:
    """Draft one proposal from ``spec`` and take it through the services to its status."""
    author = users[spec["author"]]
    proposal = services.proposal_create(
        actor=author,
        base_version=version,
        title=spec["title"],
        problem=spec["problem"],
        use_case=spec["use_case"],
        affected=spec["affected"],
        operations=spec["operations"],
    )
    if spec["status"] == ProposalStatus.DRAFT:
        return
    proposal = services.proposal_submit(actor=author, proposal=proposal)
    # Backdated so the comment periods have the lengths a real timeline would show; the demo
    # loader is the one writer allowed to rewrite when something happened.
    opened_at = timezone.now() - timedelta(days=spec["opened_days_ago"])
    Proposal.objects.filter(pk=proposal.pk).update(opened_at=opened_at)
    proposal.refresh_from_db()
    top = None
    for email, body in spec.get("comments", []):
        comment = services.comment_add(actor=users[email], proposal=proposal, body=body)
        top = top or comment
    if "reply" in spec and top is not None:
        email, body = spec["reply"]
        services.comment_add(actor=users[email], proposal=proposal, body=body, parent=top)
    if "mover" in spec:
        _vote(proposal, users, spec)
    elif spec["status"] == ProposalStatus.WITHDRAWN:
        services.proposal_withdraw(actor=author, proposal=proposal, reason=spec["withdraw_reason"])


def _vote(proposal: Proposal, users: dict, spec: dict) -> None:
    groups = {group.slug: group for group in WorkingGroup.objects.all()}
    ballot = voting.ballot_open(actor=users[spec["mover"]], proposal=proposal)
    for email, group, stance, reason in spec.get("votes", []):
        voting.position_cast(
            actor=users[email],
            proposal=proposal,
            group=groups[group],
            stance=stance,
            reason=reason,
        )
    for email, kind, text in spec.get("answers", []):
        objection = Position.objects.filter(ballot=ballot, stance=Stance.OBJECT).first()
        voting.objection_respond(actor=users[email], objection=objection, kind=kind, text=text)
    if spec["status"] in (ProposalStatus.ACCEPTED, ProposalStatus.REJECTED):
        # As if the voting period had run its course: the deadline is moved into the past and
        # the vote closes as the worker would close it.
        ended = timezone.now() - timedelta(days=spec["opened_days_ago"] - 30)
        Ballot.objects.filter(pk=ballot.pk).update(
            opened_at=ended - timedelta(days=14), closes_at=ended
        )
        voting.ballot_close(actor=None, proposal=proposal)


def open_objection_id() -> int | str:
    """The id of an objection still open to answers in the demo (on DM-0005), for the API
    guidance's example; a placeholder if the demo has none."""
    position = (
        Position.objects.filter(
            stance=Stance.OBJECT,
            ballot__proposal__standard__slug=SLUG,
            ballot__closed_at__isnull=True,
        )
        .order_by("pk")
        .first()
    )
    return position.pk if position is not None else "<objection id>"
