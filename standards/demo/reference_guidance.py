"""Demo guidance for the Reference component, in the three-page pattern of ``demo_guidance``.

A section under /guidance/components/reference/ with a summary, the case for adopting it, and
technical guidance. The technical page embeds the live attribute table of *Reference*, the
*Role codes* table and the relationship diagram, all drawn from the current published version
of UK Housing Data Standards (core). Idempotent, like the other demo guidance.
"""

from portal.demo.pages import page_ensure
from portal.models import GuidanceIndexPage, GuidancePage
from standards.demo.guidance import PAGE_SLUGS, PAGE_TITLES, SECTION, _guidance_index, _rich
from standards.demo.reference import OSCRE_NOTE, REFERENCE, ROLE_CODES, SLUG, SOURCE

KEY = REFERENCE
TITLE = "Reference"
INTRO = (
    "A single way to record an identifier that someone else gave to a thing, and who gave it, "
    "so references survive the journey between systems."
)


def _component_url(key: str) -> str:
    return f"/standards/{SLUG}/components/{key}/"


def _source_note() -> tuple[str, str]:
    return (
        "inset_text",
        {
            "text": f"<p>Source: {SOURCE}. The wording on this page is the portal’s own. "
            f"{OSCRE_NOTE}</p>"
        },
    )


def _related_links(current: str) -> tuple[str, dict]:
    base = f"/guidance/{SECTION}/{KEY}"
    links = [
        {"text": PAGE_TITLES[slug].format(title=TITLE), "page": None, "url": f"{base}/{slug}/"}
        for slug in PAGE_SLUGS
        if slug != current
    ]
    links += [
        {"text": "Reference in the standard", "page": None, "url": _component_url(REFERENCE)},
        {"text": "Role codes in the standard", "page": None, "url": _component_url(ROLE_CODES)},
    ]
    return ("related_links", {"heading": "Related content", "links": links})


PAGES = {
    "summary": {
        "summary": "What the Reference component is, who uses it and how it helps.",
        "body": lambda: [
            _rich("""
                <h2>What it is</h2>
                <p>Almost everything in housing is known by more than one number. A repair has
                the landlord’s job number, the contractor’s order number and perhaps a number
                from the resident’s online account. A home has a property code, a unique
                property reference number (UPRN) and an energy certificate number.</p>
                <p>Reference is an entity that records one of those identifiers together with
                who issued it. Each reference carries the identifier itself, the role of the
                issuer taken from the <em>Role codes</em> list (landlord, contractor, resident
                and so on), an optional description of that role in words, the name of the
                issuer, and a note of what the identifier points to.</p>
                <h2>Who it is for</h2>
                <ul>
                  <li>data and integration teams who match records between systems</li>
                  <li>repairs and contact centre staff who quote other organisations’
                  numbers back to them</li>
                  <li>contractors and suppliers who need to give their own numbers back to the
                  landlord</li>
                  <li>technology suppliers who design how identifiers are stored</li>
                </ul>
                <h2>How it helps your organisation</h2>
                <ul>
                  <li>You can keep every number a record is known by, not just your own.</li>
                  <li>Staff can see at a glance whose number they are looking at.</li>
                  <li>Matching records from a contractor or another landlord no longer relies
                  on guesswork.</li>
                </ul>
                <h2>Example</h2>
                <p>A landlord raises a repair with its own number. The contractor sends back an
                update quoting its order number. Because the work order holds both, each as a
                reference with its issuer’s role (landlord, code 10, and contractor, code 40),
                the update is matched to the right job without a phone call.</p>
            """),
            _source_note(),
        ],
    },
    "making-the-case": {
        "summary": "Why recording references in a standard way saves time and errors.",
        "body": lambda: [
            _rich("""
                <h2>The problem</h2>
                <p>Most systems have one field for “our reference” and perhaps a free-text box
                for “their reference”. When a job or a tenancy passes between organisations,
                numbers are retyped, mixed up or lost. Staff spend time working out which
                number a caller is quoting, and records are duplicated because nobody could
                tell that two numbers belonged to the same thing.</p>
                <h2>What adopting Reference gives you</h2>
                <ul>
                  <li><strong>Fewer duplicates.</strong> Every identifier is kept with its
                  issuer, so records can be matched on any of them.</li>
                  <li><strong>Faster queries.</strong> Staff can find a record from whichever
                  number the caller has.</li>
                  <li><strong>Cleaner handovers.</strong> When homes or contracts move to a new
                  organisation, the old numbers move with them and still make sense.</li>
                  <li><strong>A building block for everything else.</strong> Other components
                  can use Reference rather than inventing their own identifier fields.</li>
                </ul>
                <h2>What it costs</h2>
                <p>Little, if your systems can already hold more than one identifier per
                record: you map what you hold to the five attributes and choose a role code for
                each source. If they cannot, start by storing contractors’ numbers as
                references on work orders, where the saving is quickest to see.</p>
            """),
            _source_note(),
        ],
    },
    "technical-guidance": {
        "summary": "The Reference attributes, the Role codes, how they relate, and how to "
        "implement them.",
        "body": lambda: [
            _rich("""
                <h2>Attributes</h2>
                <p>This table comes straight from the current published version of the
                standard, so it is always up to date.</p>
            """),
            (
                "component_table",
                {"standard": SLUG, "component": REFERENCE, "show": "attributes", "caption": ""},
            ),
            _rich("""
                <h2>Role codes</h2>
                <p>The allocated-by code must be one of these values. Store the value, not the
                label.</p>
            """),
            (
                "component_table",
                {"standard": SLUG, "component": ROLE_CODES, "show": "codes", "caption": ""},
            ),
            _rich("""
                <h2>How it relates to other components</h2>
                <p>This diagram is drawn from the same published version. Reference points to
                Role codes through its allocated-by code. Other components can hold references
                through attributes of type Reference.</p>
            """),
            ("component_diagram", {"standard": SLUG, "component": REFERENCE}),
            _rich(f"""
                <h2>Implementation notes</h2>
                <ul>
                  <li>Compare identifiers exactly as issued. Do not trim leading zeros or change
                  letter case: to the issuer, 00123 and 123 may be
                  different things.</li>
                  <li>Always send the allocated-by code. Use the description as well when the
                  code is 110 (other) or when the role needs more explanation.</li>
                  <li>A reference is unique only together with its issuer. Two contractors can
                  both use job number 1001.</li>
                  <li>Validate data against the JSON Schema for the version you have adopted,
                  using its numbered address, for example
                  <a href="/standards/{SLUG}/0.1.0/reference.schema.json">version
                  0.1.0</a>.</li>
                </ul>
            """),
            _source_note(),
        ],
    },
}


def load() -> None:
    """Create or update the Reference guidance pages. Does nothing without their section."""
    guidance = _guidance_index()
    if guidance is None:
        return
    section = GuidanceIndexPage.objects.child_of(guidance).filter(slug=SECTION).first()
    if section is None:
        return
    index = page_ensure(parent=section, model=GuidanceIndexPage, slug=KEY, title=TITLE, intro=INTRO)
    for slug in PAGE_SLUGS:
        content = PAGES[slug]
        page_ensure(
            parent=index,
            model=GuidancePage,
            slug=slug,
            title=PAGE_TITLES[slug].format(title=TITLE),
            summary=content["summary"],
            body=[*content["body"](), _related_links(slug)],
        )
