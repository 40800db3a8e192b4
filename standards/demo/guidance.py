"""Demo guidance for individual components: the three-page pattern from DOMAIN.md.

For each component there is a section under /guidance/components/ with a summary, the case for
adopting it, and technical guidance. The technical page embeds the component's live table
(``component_table``), so it always shows the current published version. Idempotent: running
it again changes nothing unless the content here has changed. Links between pages are paths,
not page references, so one pass creates everything.
"""

from wagtail.models import Page

from portal.demo.pages import page_ensure
from portal.models import GuidanceIndexPage, GuidancePage, HomePage

STANDARD = "damp-and-mould"
SECTION = "components"


def _html(text: str) -> str:
    """Collapse the whitespace of HTML written over several lines below."""
    return " ".join(text.split()).replace("> <", "><")


def _rich(text: str) -> tuple[str, str]:
    return ("rich_text", _html(text))


def _component_url(key: str) -> str:
    return f"/standards/{STANDARD}/components/{key}/"


def _pattern_links(key: str, title: str, current: str) -> tuple[str, dict]:
    base = f"/guidance/{SECTION}/{key}"
    pages = [
        ("summary", f"{title}: summary"),
        ("making-the-case", f"{title}: making the case"),
        ("technical-guidance", f"{title}: technical guidance"),
    ]
    links = [
        {"text": text, "page": None, "url": f"{base}/{slug}/"}
        for slug, text in pages
        if slug != current
    ]
    links.append({"text": f"{title} in the standard", "page": None, "url": _component_url(key)})
    return ("related_links", {"heading": "Related content", "links": links})


PERSON_ALERT_CODES = {
    "key": "person-alert-codes",
    "title": "Person alert codes",
    "intro": (
        "A shared list of codes that tells staff and contractors a person needs a different "
        "approach, without sharing more about them than the job needs."
    ),
    "summary": {
        "summary": "What person alert codes are, who uses them and how they help.",
        "body": lambda: [
            _rich("""
                <h2>What it is</h2>
                <p>Person alert codes are a code list: a fixed set of codes, each with a label
                and a definition. A landlord records a code against a person when that person
                needs staff or contractors to work with them in a particular way. For example,
                they may need more time to reach the door, a call before a visit, an interpreter,
                or a visit by two members of staff.</p>
                <p>The list is hierarchical. Broad groups, such as communication needs, have more
                precise codes beneath them. You can record the precise code when you know it and
                still report on the group.</p>
                <h2>Who it is for</h2>
                <ul>
                  <li>housing officers and contact centre staff, who record and review alerts</li>
                  <li>repairs teams and contractors, who need to know how to approach a visit</li>
                  <li>safeguarding and tenancy sustainment leads, who check alerts are used
                  fairly</li>
                  <li>technology suppliers, who build alerts into housing management, repairs
                  and customer relationship systems</li>
                </ul>
                <h2>How it helps your organisation</h2>
                <ul>
                  <li>Everyone reads an alert the same way, in every system, so nothing is lost
                  when a job passes from one team or contractor to another.</li>
                  <li>Visits go right the first time because staff arrive prepared.</li>
                  <li>You can show how you make reasonable adjustments for residents.</li>
                  <li>Staff who visit homes are safer, because risks are flagged consistently.</li>
                  <li>You can change systems or contractors without rebuilding your alert
                  list.</li>
                </ul>
                <h2>Examples</h2>
                <p>A resident has a hearing impairment. The contact centre records a
                communication code. When a repair is booked, the contractor’s system shows that
                the resident should be contacted by text message, not by phone. It does not show
                why.</p>
                <p>A housing association takes over homes from a council. Both use the standard
                codes, so the alerts move across with their meaning intact and nobody has to
                map one local list onto another.</p>
            """),
        ],
    },
    "making-the-case": {
        "summary": "The business case for adopting the standard person alert codes.",
        "body": lambda: [
            _rich("""
                <h2>The problem with local alert lists</h2>
                <p>Most landlords have built their own alert lists over many years. The same
                need is often recorded in several ways, free text fills the gaps, and codes mean
                different things in different systems. When a job goes to a contractor, alerts
                are dropped, or sent as free text that says far more than the contractor needs
                to know.</p>
                <p>This costs money and it puts people at risk. Missed alerts lead to wasted
                visits, complaints and, at worst, harm to residents or staff.</p>
                <h2>What adopting the codes gives you</h2>
                <ul>
                  <li><strong>Fewer failed visits.</strong> Contractors receive a code they
                  understand and can act on.</li>
                  <li><strong>Less rework when systems change.</strong> Suppliers who support
                  the standard can exchange alerts without a bespoke mapping.</li>
                  <li><strong>Better evidence.</strong> You can report how many residents have
                  each kind of need, and show how you meet them, using the hierarchy to group
                  codes.</li>
                  <li><strong>Lower privacy risk.</strong> A code tells people what to do, so
                  you can stop sending free-text descriptions of a resident’s health or
                  circumstances.</li>
                </ul>
                <h2>What it costs</h2>
                <p>The main cost is a one-off mapping of your current alerts to the standard
                codes, and a review of alerts held as free text. Plan for a few weeks of work
                by someone who knows your data, with help from your safeguarding lead. Ask your
                suppliers when their systems will support the codes: many can load a code list
                without a software change.</p>
                <h2>Making the decision</h2>
                <p>Start with the teams that share alerts most: repairs and the contact centre.
                Agree the mapping with them, test it on one contractor, then roll it out.</p>
            """),
        ],
    },
    "technical-guidance": {
        "summary": "The person alert codes, how they relate to other components, and how to "
        "implement them safely.",
        "body": lambda: [
            _rich("""
                <h2>The codes</h2>
                <p>This table comes straight from the current published version of the
                standard, so it is always up to date. Child codes are indented under their
                parent.</p>
            """),
            (
                "component_table",
                {
                    "standard": STANDARD,
                    "component": "person-alert-codes",
                    "show": "codes",
                    "caption": "",
                },
            ),
            _rich(f"""
                <h2>How it relates to other components</h2>
                <p>Entities refer to this code list through attributes whose type is a
                reference to person alert codes. The
                <a href="{_component_url("person-alert-codes")}">component page</a> lists
                every attribute that refers to it, in every version.</p>
                <h2>Implementation notes</h2>
                <ul>
                  <li>Store the code value, not the label. Labels may be reworded in a patch
                  release; values change only in a major release.</li>
                  <li>Keep the full code, such as a child code, and work out its group from
                  the parent code when you report. Do not store only the group.</li>
                  <li>Keep accepting a deprecated code in data you receive, but stop recording
                  it. The component page names the code to use instead.</li>
                  <li>Validate data against the JSON Schema for the version you have adopted.
                  Use the numbered address, for example
                  <a href="/standards/{STANDARD}/1.1.0/person-alert-codes.schema.json">version
                  1.1.0</a>, in your systems, so a new release never changes your validation
                  without you knowing.</li>
                  <li>Give each alert a review date, and remove alerts that no longer
                  apply.</li>
                </ul>
                <h2>Privacy</h2>
                <p>Many alerts reveal health information or other special category data under
                the UK GDPR. Record only what staff need to act, tell residents what you hold
                and why, and complete a data protection impact assessment before you share
                alerts with contractors.</p>
            """),
            (
                "warning_text",
                {
                    "text": "Do not copy person alert details onto work orders. Send a "
                    "contractor only what they need to act, such as a code or an instruction "
                    "to call ahead, and never the reason behind it."
                },
            ),
        ],
    },
}

WORK_ORDER = {
    "key": "work-order",
    "title": "Work order",
    "intro": (
        "A shared description of a job to be done at a property: what, where, how urgent, "
        "and by when."
    ),
    "summary": {
        "summary": "What the work order component is, who uses it and how it helps.",
        "body": lambda: [
            _rich("""
                <h2>What it is</h2>
                <p>Work order is an entity: a set of attributes that describe one job, such as
                a repair, an inspection or a damp and mould survey. It records what needs
                doing, where, how urgent it is, who will do it and when each step happens.</p>
                <h2>Who it is for</h2>
                <ul>
                  <li>repairs and asset teams who raise and manage jobs</li>
                  <li>contractors who receive and complete them</li>
                  <li>contact centre staff who answer residents’ questions about them</li>
                  <li>performance and compliance teams who report on them</li>
                  <li>suppliers of housing management, repairs and job scheduling systems</li>
                </ul>
                <h2>How it helps your organisation</h2>
                <ul>
                  <li>Jobs pass between your systems and your contractors’ systems without
                  rekeying.</li>
                  <li>Everyone uses the same dates, so you can show when a hazard was reported,
                  inspected and put right.</li>
                  <li>You can compare contractors fairly, because their data means the same
                  thing.</li>
                </ul>
                <h2>Examples</h2>
                <p>A resident reports black mould in a bedroom. The contact centre raises a work
                order with the damp and mould priority. The contractor’s system receives it,
                books an inspection, and sends back the inspection and completion dates in the
                same structure. The landlord can show it met the time limits that apply.</p>
                <p>A council changes repairs contractor. Because both contractors accept
                standard work orders, open jobs move across in one file.</p>
            """),
        ],
    },
    "making-the-case": {
        "summary": "The business case for adopting the standard work order.",
        "body": lambda: [
            _rich("""
                <h2>The problem</h2>
                <p>Every landlord and contractor describes a job differently. Interfaces between
                systems are built one at a time and break when either side changes. Staff rekey
                jobs, dates are lost, and it is hard to prove what happened and when.</p>
                <h2>Why it matters now</h2>
                <p>Awaab’s Law sets time limits for social landlords to investigate and fix
                hazards such as damp and mould. The regulator and residents expect you to
                evidence repairs performance, including through the tenant satisfaction
                measures. Both depend on dates you can trust from every system involved in a
                job.</p>
                <h2>What adopting the work order gives you</h2>
                <ul>
                  <li><strong>Cheaper integrations.</strong> One structure for every contractor,
                  instead of one interface for each.</li>
                  <li><strong>Reliable evidence.</strong> The same milestones, recorded the same
                  way, whoever does the work.</li>
                  <li><strong>Stronger procurement.</strong> You can ask suppliers to support a
                  published standard rather than write your own specification.</li>
                  <li><strong>Less lock-in.</strong> Work order history can move with you when
                  you change system or contractor.</li>
                </ul>
                <h2>What it costs</h2>
                <p>Mapping your job types and priorities to the standard takes time, and older
                systems may need an adapter. Most of the saving comes from the second and later
                integrations, so start with the contractor you exchange most jobs with.</p>
            """),
        ],
    },
    "technical-guidance": {
        "summary": "The work order attributes, how they relate to other components, and how "
        "to implement them.",
        "body": lambda: [
            _rich("""
                <h2>Attributes</h2>
                <p>This table comes straight from the current published version of the
                standard, so it is always up to date. Types that link to another component
                lead to that component’s page.</p>
            """),
            (
                "component_table",
                {
                    "standard": STANDARD,
                    "component": "work-order",
                    "show": "attributes",
                    "caption": "",
                },
            ),
            _rich(f"""
                <h2>How it relates to other components</h2>
                <p>A work order refers to other components, such as code lists for its
                priority and status. Those references are shown as links in the table. The
                <a href="{_component_url("work-order")}">component page</a> also lists the
                components that refer to a work order.</p>
                <h2>Implementation notes</h2>
                <ul>
                  <li>Send required attributes every time. Leave out optional ones you do not
                  hold rather than sending empty values, unless the attribute allows null.</li>
                  <li>Use the date and date-time formats exactly as the schema gives them, with
                  a time zone on date-times, so time limits are measured correctly.</li>
                  <li>Record each milestone when it happens. Do not overwrite an earlier date
                  with a later one.</li>
                  <li>Validate against the JSON Schema for the version you have adopted, using
                  its numbered address, for example
                  <a href="/standards/{STANDARD}/1.1.0/work-order.schema.json">version
                  1.1.0</a>.</li>
                  <li>Check the changes between versions before you upgrade. A major version
                  can remove or tighten attributes; a minor version only adds or deprecates.</li>
                </ul>
                <h2>Privacy</h2>
                <p>A work order goes to people outside your organisation. Include what the
                contractor needs to do the job and reach the resident, and nothing more.</p>
            """),
            (
                "warning_text",
                {
                    "text": "Do not copy person alert details onto work orders. If a visit "
                    "needs an adjustment, send the instruction (for example, call before "
                    "visiting) and not the resident’s health or personal circumstances."
                },
            ),
        ],
    },
}

COMPONENTS = (PERSON_ALERT_CODES, WORK_ORDER)
PAGE_SLUGS = ("summary", "making-the-case", "technical-guidance")
PAGE_TITLES = {
    "summary": "{title}: summary",
    "making-the-case": "{title}: making the case",
    "technical-guidance": "{title}: technical guidance",
}


def _guidance_index() -> Page | None:
    home = HomePage.objects.first()
    if home is None:
        return None
    return GuidanceIndexPage.objects.child_of(home).filter(slug="guidance").first()


def load() -> None:
    """Create or update the component guidance pages. Does nothing without /guidance/."""
    guidance = _guidance_index()
    if guidance is None:
        return
    section = page_ensure(
        parent=guidance,
        model=GuidanceIndexPage,
        slug=SECTION,
        title="Standard components",
        intro=(
            "Guidance on adopting individual parts of the standard: what each one is, the case "
            "for using it, and how to implement it."
        ),
    )
    for spec in COMPONENTS:
        index = page_ensure(
            parent=section,
            model=GuidanceIndexPage,
            slug=spec["key"],
            title=spec["title"],
            intro=spec["intro"],
        )
        for slug in PAGE_SLUGS:
            content = spec[slug]
            page_ensure(
                parent=index,
                model=GuidancePage,
                slug=slug,
                title=PAGE_TITLES[slug].format(title=spec["title"]),
                summary=content["summary"],
                body=[*content["body"](), _pattern_links(spec["key"], spec["title"], slug)],
            )
