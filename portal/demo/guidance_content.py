"""Demo guidance content, as data. ``portal.demo.guidance.load`` turns it into pages.

Each page is a dict: ``path`` is where it sits under the home page, ``model`` its page type, and
the other keys are its fields. Bodies are lists of ``(block_type, value)`` tuples.

- Rich text is written as HTML over several lines; the loader collapses the whitespace.
- Links between pages in rich text are plain relative URLs.
- Links in call-to-action and related-links blocks name a page by its path (see ``page_link``);
  the loader turns the path into a page reference, which follows the page if it moves.
"""

from portal.models import GuidanceIndexPage, GuidancePage

HOME_TITLE = "Social housing data standards"
HOME_INTRO = "Agree, publish and adopt shared data standards for social housing in England."

PROCUREMENT = "/guidance/procurement-and-system-integration"
CONTACT_EMAIL = "data-standards@example.gov.uk"
DPO_EMAIL = "dpo@example.gov.uk"


def page_link(text: str, path: str) -> dict:
    """A link to another page of this site, by its URL path."""
    return {"text": text, "path": path}


def external_link(text: str, url: str) -> dict:
    return {"text": text, "page": None, "url": url}


def table(caption: str, header: list[str], *rows: list[str]) -> dict:
    """A table whose first row holds the column headings."""
    return {
        "caption": caption,
        "table": {
            "data": [header, *rows],
            "table_header_choice": "row",
            "first_row_is_table_header": True,
            "first_col_is_header": False,
        },
    }


GUIDANCE = {
    "path": "/guidance/",
    "model": GuidanceIndexPage,
    "title": "Guidance",
    "intro": (
        "Understand data standards for social housing, adopt them in your organisation, "
        "and buy systems that share data well."
    ),
}

ABOUT = {
    "path": "/guidance/about/",
    "model": GuidancePage,
    "title": "About this portal",
    "summary": "Who runs the social housing data standards portal, and what you can do here.",
    "body": [
        (
            "rich_text",
            """
            <h2>Who runs this portal</h2>
            <p>The housing ministry's data team runs this portal. We are the steward of the
            social housing data standards. We publish each version of the standard, look after
            this guidance and support the people who use it.</p>
            <p>We do not decide changes to the standard on our own. The data community agrees
            them through 3 working groups, one for each part of the sector:</p>
            <ul>
            <li>local authorities that own and manage council homes</li>
            <li>housing associations registered with the Regulator of Social Housing</li>
            <li>technology suppliers that build housing management, repairs, asset and customer
            systems</li>
            </ul>
            <p>Each group has members and at least one convener. Conveners chair their group,
            admit new members, run its votes and moderate its discussions.</p>
            <h2>Why the portal exists</h2>
            <p>Landlords hold information about homes, residents and repairs in many different
            systems. When each system records the same thing in its own way, moving data between
            them is slow, costly and easy to get wrong. It also makes problems such as damp and
            mould harder to spot early.</p>
            <p>Shared data standards fix this at the source. When landlords and suppliers
            describe a work order or a property in the same way, systems can exchange data with
            far less custom work.</p>
            <h2>What you can do here</h2>
            <h3>Read guidance</h3>
            <p>Our guidance explains <a href="/guidance/what-are-data-standards/">what data
            standards are</a>, <a href="/guidance/how-to-adopt/">how to adopt standard
            components</a> and <a href="/guidance/procurement-and-system-integration/">how to
            write data access into your contracts</a>.</p>
            <h3>Browse the standard</h3>
            <p>You can <a href="/standards/">browse the standard</a> one version at a time. Each
            component lists its attributes or codes. You can download each version as JSON
            Schema, as an OpenAPI 3.1 document and as a CSV data dictionary.</p>
            <h3>Join the community</h3>
            <p>If you work for a council, a housing association or a technology supplier, you can
            <a href="/community/">join the community</a>. You join the working group for your
            type of organisation.</p>
            <h3>Propose changes</h3>
            <p>Any working group member can propose a change to a component, such as a new
            attribute or a new code. A proposal explains the problem it solves, how it would be
            used and who it affects. Other members comment on it, then the working groups
            vote.</p>
            """,
        ),
        (
            "inset_text",
            {
                "text": """
                <p>You can read the standard and all our guidance without an account. You only
                need to sign in to comment, vote or propose a change.</p>
                """
            },
        ),
        (
            "details",
            {
                "summary": "How a change proposal is decided",
                "content": """
                <p>A proposal is open for comment for at least 14 days. It is then open for
                voting, usually for another 14 days.</p>
                <p>Each working group votes separately. Members can approve, object (giving a
                reason) or abstain. A group passes the proposal when:</p>
                <ul>
                <li>at least 30% of its members have voted, counting abstentions</li>
                <li>at least two-thirds of the members who did not abstain approve</li>
                </ul>
                <p>The proposal is accepted when every group passes it. The data team then
                includes it in the next release of the standard.</p>
                <p>Every comment, vote and decision is kept as a permanent record.</p>
                """,
            },
        ),
        (
            "rich_text",
            f"""
            <h2>Contact us</h2>
            <p>Email the data team at <a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a>.
            We aim to reply within 5 working days.</p>
            """,
        ),
        (
            "call_to_action",
            {
                "heading": "New to data standards?",
                "text": "Find out what data standards are and how versions of the standard work.",
                "link": page_link(
                    "Read what data standards are", "/guidance/what-are-data-standards/"
                ),
            },
        ),
    ],
}

WHAT_ARE_DATA_STANDARDS = {
    "path": "/guidance/what-are-data-standards/",
    "model": GuidancePage,
    "title": "What are data standards",
    "summary": (
        "A plain-English guide to data standards, the UK Housing Data Standards and how "
        "versions of the standard are numbered."
    ),
    "body": [
        (
            "rich_text",
            """
            <h2>What a data standard is</h2>
            <p>A data standard is a shared agreement about how to record a kind of information.
            It sets out what each item is called, what it means, what format it takes and which
            values are allowed.</p>
            <p>Take the priority of a repair. One system might record it as "P1", another as
            "Emergency" and a third as "24 hours". People can guess that these mean the same
            thing. Computers cannot. A data standard gives everyone one list of priorities, with
            one meaning for each.</p>
            <p>When your systems follow the same standard, you can:</p>
            <ul>
            <li>move data between systems without rebuilding it each time</li>
            <li>compare performance across teams and organisations</li>
            <li>change supplier without losing the meaning of your records</li>
            <li>give regulators and residents information they can trust</li>
            </ul>
            <h2>The UK Housing Data Standards</h2>
            <p>The standard on this portal is based on the UK Housing Data Standards. HACT
            developed them with OSCRE, an international organisation that creates data standards
            for real estate. The repairs module was published in 2020, and version 3.5 followed
            in June 2022.</p>
            <p>Since then, people across the sector have drafted new parts that build on it.
            These include:</p>
            <ul>
            <li>a damp and mould data model, to help landlords meet Awaab's Law, which sets
            time limits for investigating and fixing hazards such as damp and mould</li>
            <li>a person alert code list, which groups alerts such as medical needs or risks to
            staff into categories, with more specific codes beneath each one</li>
            </ul>
            <p>A community draft becomes part of the standard when the working groups agree
            it.</p>
            <h2>Entities, attributes and code lists</h2>
            <p>The standard is made of building blocks called components. There are 2
            kinds.</p>
            <p>An <b>entity</b> describes something you keep records about, such as a work order,
            a property or an appointment. Each entity has attributes. An attribute is one item of
            information about that thing, such as the date a work order was raised. For each
            attribute, the standard gives:</p>
            <ul>
            <li>a name and a definition</li>
            <li>a data type, such as text, a whole number, a date or a link to another
            component</li>
            <li>a format or pattern, where one applies</li>
            <li>whether it is required or optional</li>
            <li>whether it holds one value or many</li>
            </ul>
            <p>A <b>code list</b> is a fixed list of allowed values, such as work priorities or
            person alerts. Each code has a value, a label and a definition. Some code lists are
            hierarchical. For example, in the person alert code list, MED1 covers respiratory
            conditions and MED1.01, beneath it, means asthma.</p>
            <h2>How versions are numbered</h2>
            <p>Each release of the standard is a fixed snapshot of every component. Once a
            version is published, nothing in it changes. If something needs to change, we publish
            a new version.</p>
            <p>Versions use semantic versioning. A version number has 3 parts, MAJOR.MINOR.PATCH,
            for example 4.2.1. The part that goes up tells you what kind of change the new
            version makes.</p>
            """,
        ),
        (
            "table",
            table(
                "What each part of a version number means",
                ["Part", "Kind of change", "Examples", "What you need to do"],
                [
                    "MAJOR",
                    "Breaking",
                    "Removing or renaming an attribute or code, making an optional attribute "
                    "required, narrowing a type or pattern, changing what a code means",
                    "Check your systems, exports and integrations before you move to the new "
                    "version",
                ],
                [
                    "MINOR",
                    "Additive",
                    "A new component, a new optional attribute, a new code, marking something "
                    "as deprecated",
                    "Nothing, unless you want to use the new parts. Plan to stop using anything "
                    "deprecated",
                ],
                [
                    "PATCH",
                    "Editorial",
                    "Clearer definitions, new examples, corrected typos",
                    "Nothing. Data that was valid stays valid",
                ],
            ),
        ),
        (
            "rich_text",
            """
            <p>So, starting from version 4.2.1, correcting a typo gives 4.2.2, adding a code
            gives 4.3.0 and removing an attribute gives 5.0.0.</p>
            <p>You can <a href="/standards/">browse every published version of the standard</a>
            on this portal.</p>
            """,
        ),
        (
            "inset_text",
            {
                "text": """
                <p>Nothing is removed without warning. An attribute or code is first marked as
                deprecated in a minor version. It can only be removed in a later major version,
                which gives you time to stop using it.</p>
                """
            },
        ),
        (
            "call_to_action",
            {
                "heading": "Put the standard to use",
                "text": (
                    "Find out how to map your data to standard components and agree the changes "
                    "with your suppliers."
                ),
                "link": page_link(
                    "Read how to adopt standard components", "/guidance/how-to-adopt/"
                ),
            },
        ),
    ],
}

HOW_TO_ADOPT = {
    "path": "/guidance/how-to-adopt/",
    "model": GuidancePage,
    "title": "How to adopt standard components",
    "summary": (
        "A step-by-step approach to using standard components in your organisation's systems "
        "and data."
    ),
    "body": [
        (
            "rich_text",
            """
            <h2>Before you start</h2>
            <p>You do not need to adopt the whole standard at once. Most organisations start
            with 1 or 2 components that fix a real problem, such as inconsistent repair
            priorities or missing information about damp and mould.</p>
            <p>Adoption is a team effort. You will usually need someone who knows the service,
            someone who knows your systems and data, and someone who manages your contracts with
            suppliers.</p>
            <h2>How the guidance for each component is organised</h2>
            <p>Each component of the standard has 3 guidance pages:</p>
            <ol>
            <li>Summary: what the component is, who it is for and how it helps your
            organisation, with examples.</li>
            <li>Making the case: a business case you can adapt to win support for adopting
            it.</li>
            <li>Technical guidance: a table of attributes with their types and definitions,
            tables for any code lists, how the component relates to others, and notes on
            implementation, including privacy cautions.</li>
            </ol>
            <p>Service managers usually find the first 2 pages most useful. Data and systems
            teams need the third.</p>
            <h2>Step 1: pick your components</h2>
            <p>List the problems your data causes today, then match each one to a component.
            Put first the components that help you meet a legal duty, such as responding to damp
            and mould under Awaab's Law, and those that several teams rely on.</p>
            <h2>Step 2: map your data</h2>
            <p>For each component, find where your organisation already holds the same
            information. It may be spread across several systems and spreadsheets. For each
            attribute in the standard, record:</p>
            <ul>
            <li>the system and field that hold it today</li>
            <li>how it is formatted</li>
            <li>which values you use, if it is a code</li>
            </ul>
            <h2>Step 3: carry out a gap analysis</h2>
            <p>Compare your mapping with the standard. Look for:</p>
            <ul>
            <li>attributes that the standard requires but you do not hold</li>
            <li>codes you use that have no match in a standard code list</li>
            <li>fields that mean something slightly different from the standard's
            definition</li>
            <li>formats that need converting, such as dates or identifiers</li>
            </ul>
            <p>For each gap, decide whether to change how you work, convert the data or propose
            a change to the standard.</p>
            """,
        ),
        (
            "details",
            {
                "summary": "What to do if the standard does not fit your needs",
                "content": """
                <p>If a gap affects other organisations too, the standard may need to change.
                Working group members can propose a change, such as a new code or a new optional
                attribute. Describe the problem, how you would use the change and who else it
                would affect.</p>
                <p>While you wait for a decision, map your data to the closest standard code and
                keep a note of the difference. Avoid inventing local codes that look like
                standard ones.</p>
                """,
            },
        ),
        (
            "rich_text",
            """
            <h2>Step 4: agree changes with your suppliers</h2>
            <p>Share your mapping and gap analysis with the supplier of each system involved.
            Agree who will change what, by when and at what cost. Ask each supplier which
            version of the standard they support.</p>
            <p>If you are buying a new system, put the standard and your data access needs in
            the tender. Our <a href="/guidance/procurement-and-system-integration/">guidance on
            procurement and system integration</a> explains how.</p>
            <h2>Step 5: test with real exports</h2>
            <p>Ask each supplier for an export of test data in the standard format. Check it
            against the JSON Schema download for the version you are adopting. Then ask the
            people who use the data to check that the values make sense. A record can be valid
            and still be wrong.</p>
            <p>Test with enough records to find unusual cases, such as a work order with several
            appointments or a property that is part of a larger block.</p>
            <h2>Step 6: declare your adoption</h2>
            <p>Tell the data team which components you have adopted, and at which version.
            Knowing who uses each component helps the working groups see who a proposed change
            would affect.</p>
            <p>Update your declaration when you move to a new version.</p>
            <h2>Protect personal data</h2>
            <p>Some components hold personal and sensitive information. Person alerts, for
            example, can record health conditions or risks to staff. Share only what each person
            needs to do their job.</p>
            """,
        ),
        (
            "warning_text",
            {
                "text": (
                    "Person alert details must not be copied onto work orders. Give operatives "
                    "only what they need to do the job safely, such as a note that 2 people must "
                    "attend."
                )
            },
        ),
        (
            "rich_text",
            """
            <p>The technical guidance for each component includes privacy cautions like this.
            Check them with your data protection officer before you share data with a supplier
            or contractor.</p>
            """,
        ),
        (
            "call_to_action",
            {
                "heading": "Buying a new system?",
                "text": "Make sure your tender asks for the data access you need.",
                "link": page_link(
                    "Put data access requirements in your tender",
                    f"{PROCUREMENT}/data-access-requirements-in-tenders/",
                ),
            },
        ),
        (
            "related_links",
            {
                "heading": "Related content",
                "links": [
                    page_link("What are data standards", "/guidance/what-are-data-standards/"),
                    page_link("About this portal", "/guidance/about/"),
                ],
            },
        ),
    ],
}

PROCUREMENT_INDEX = {
    "path": f"{PROCUREMENT}/",
    "model": GuidanceIndexPage,
    "title": "Procurement and system integration",
    "intro": (
        "How to buy housing systems that share data well: data access requirements, API "
        "documentation and integration."
    ),
}

DATA_ACCESS_REQUIREMENTS = {
    "path": f"{PROCUREMENT}/data-access-requirements-in-tenders/",
    "model": GuidancePage,
    "title": "Putting data access requirements in tender documents",
    "summary": (
        "Work out what access to data you need from a new system, and write it into your tender "
        "so that suppliers can price it and deliver it."
    ),
    "body": [
        (
            "rich_text",
            """
            <h2>Why data access belongs in the tender</h2>
            <p>The data in your housing systems belongs to your organisation. But if the
            contract does not say how you can get it out, you may only be able to do so slowly,
            at extra cost or not at all.</p>
            <p>Adding data access after you sign the contract is hard. The supplier has less
            reason to agree, and changes usually cost more. Setting out your needs in the tender
            lets every bidder price them, and lets you compare bids fairly.</p>
            <h2>Identify needs across your organisation</h2>
            <p>Data access affects more teams than the one buying the system. Talk to each of
            them before you write any requirements.</p>
            <ul>
            <li><b>Service teams</b>, such as repairs, lettings, income and asset management:
            which data they need, where it goes and how up to date it must be.</li>
            <li><b>IT and data teams</b>: which systems must connect, how data reaches your
            reports, and what skills you have to run integrations.</li>
            <li><b>Security teams</b>: how access is authenticated, how data is protected and
            how access is logged.</li>
            <li><b>Legal and procurement teams</b>: who owns the data, what happens when the
            contract ends, and whether access carries extra fees.</li>
            </ul>
            <h2>Build consensus</h2>
            <p>Teams often want different things. Bring them together to agree one list of
            requirements. For each requirement, agree:</p>
            <ul>
            <li>what data is needed, using standard components where they exist</li>
            <li>why it is needed, and what happens if it is not available</li>
            <li>whether it is essential or only desirable</li>
            </ul>
            <p>One agreed list stops bidders getting mixed messages. It also gives you a clear
            basis for scoring their responses.</p>
            <h2>Decide how often and how much</h2>
            <p>For each requirement, work out:</p>
            <ul>
            <li>how current the data must be: live, daily, weekly or monthly</li>
            <li>how many records you expect to read or send each time, and at busy times</li>
            <li>how much history you need, such as all repairs from the last 7 years</li>
            <li>how quickly you need the data once you ask for it</li>
            </ul>
            <p>Be realistic. Live access to everything costs more to build and run than a
            nightly export, and many uses do not need it. Monthly reporting works well with
            daily data. Telling a resident when an operative will arrive needs live data.</p>
            <h2>Choose a level of access</h2>
            <p>There are 5 levels of data access. Each level gives you fresher data and more
            control than the one before it, and usually costs more. You can ask for different
            levels for different data.</p>
            """,
        ),
        (
            "table",
            table(
                "The 5 levels of data access",
                ["Level", "Type of access", "What it means", "Suits"],
                [
                    "1",
                    "Data on request",
                    "You ask the supplier for data and they send it to you, usually as a file",
                    "Occasional needs, such as an audit",
                ],
                [
                    "2",
                    "Scheduled exports",
                    "The system sends an agreed extract at set times, such as every night, to a "
                    "secure location you choose",
                    "Regular reporting and loading a data warehouse",
                ],
                [
                    "3",
                    "Queued self-serve exports",
                    "Your staff request an export from the system themselves. It joins a queue "
                    "and is ready within an agreed time",
                    "Analysis that can wait a few hours",
                ],
                [
                    "4",
                    "Immediate self-serve exports",
                    "Your staff run an export themselves and download it straight away",
                    "Urgent questions, such as a complaint or an inspection",
                ],
                [
                    "5",
                    "Live read-only API access",
                    "Your other systems read current data through an API whenever they need it, "
                    "within published fair-use limits",
                    "Integrations that need up-to-date data, such as resident portals",
                ],
            ),
        ),
        (
            "rich_text",
            """
            <p>Fair-use limits protect the system's performance for everyone who uses it. Ask
            suppliers to publish their limits, such as the number of requests allowed each
            minute, so you can check them against the volumes you worked out.</p>
            <h2>Ask for write access where you need it</h2>
            <p>Reading data is not always enough. Some integrations need to change data in the
            system too. For example, your customer contact system might raise a repair, or a
            contractor's scheduling system might update an appointment.</p>
            <p>If you need this, ask for write access through an API. For each kind of record,
            say which of the 4 operations you need: create, read, update and delete. Ask how the
            system checks the data it receives, and how it records which system made each
            change.</p>
            """,
        ),
        (
            "details",
            {
                "summary": "What to ask for when the contract ends",
                "content": """
                <p>Ask for a complete export of all your data, including its history, at no
                extra cost when the contract ends. Ask for it in open formats, such as CSV or
                JSON, structured to the standard where a component exists.</p>
                <p>Agree a timetable for the export, and for deleting your data from the
                supplier's systems once you have confirmed you have it.</p>
                """,
            },
        ),
        (
            "rich_text",
            """
            <h2>Example requirement wording</h2>
            <p>You can adapt this wording for your own tender documents.</p>
            """,
        ),
        (
            "inset_text",
            {
                "text": """
                <p>"The supplier must provide live, read-only API access to all repairs data held
                in the system, including work orders, appointments and properties, within
                published fair-use limits that allow at least 50,000 requests a day. Data must
                follow the UK Housing Data Standards wherever a standard component exists. The
                API must also allow other systems to create, read and update work orders and
                appointments. The supplier must provide documentation for the API before the
                contract is signed."</p>
                """
            },
        ),
        (
            "related_links",
            {
                "heading": "Related content",
                "links": [
                    page_link(
                        "Preventing integration issues with early API documentation",
                        f"{PROCUREMENT}/early-api-documentation/",
                    ),
                    page_link(
                        "Describing APIs with OpenAPI",
                        f"{PROCUREMENT}/describing-apis-with-openapi/",
                    ),
                    page_link(
                        "Minimal API documentation", f"{PROCUREMENT}/minimal-api-documentation/"
                    ),
                    page_link("How to adopt standard components", "/guidance/how-to-adopt/"),
                ],
            },
        ),
    ],
}

EARLY_API_DOCUMENTATION = {
    "path": f"{PROCUREMENT}/early-api-documentation/",
    "model": GuidancePage,
    "title": "Preventing integration issues with early API documentation",
    "summary": (
        "Ask suppliers for API documentation before you sign a contract, and share it with your "
        "other suppliers, so that integration problems come to light early."
    ),
    "body": [
        (
            "rich_text",
            """
            <h2>Why integration problems appear late</h2>
            <p>Many integration problems are only found when a new system is being set up. By
            then the contract is signed, the go-live date is fixed and there is little room to
            change course.</p>
            <p>Common problems include:</p>
            <ul>
            <li>the API does not give access to all the data you need</li>
            <li>it uses a way of signing in that your other systems cannot support</li>
            <li>its limits are too low for the amount of data you need to move</li>
            <li>it describes data differently from the standard, so every integration needs
            extra mapping</li>
            </ul>
            <p>If you see the API documentation early, you can find most of these problems
            before you sign.</p>
            <h2>Ask for documentation before you sign</h2>
            <p>Ask bidders to provide API documentation with their tender response, or at the
            latest before the contract is signed. Make this a requirement in your tender
            documents, not a request.</p>
            <p>The best documentation is an <a
            href="/guidance/procurement-and-system-integration/describing-apis-with-openapi/"
            >OpenAPI description</a>. If a supplier cannot provide one, ask for <a
            href="/guidance/procurement-and-system-integration/minimal-api-documentation/"
            >minimal API documentation</a> instead.</p>
            """,
        ),
        (
            "inset_text",
            {
                "text": """
                <p>"Bidders must provide documentation for every API the proposed system offers,
                either as an OpenAPI description or, where that is not possible, as minimal API
                documentation. The documentation must describe the version of the system that
                will be delivered."</p>
                """
            },
        ),
        (
            "rich_text",
            """
            <h2>Check the documentation</h2>
            <p>Ask your technical team, or an adviser you trust, to review the documentation
            against your data access requirements. Check that:</p>
            <ul>
            <li>every item of data you need can be read, and changed where you need that</li>
            <li>the data follows the standard components you use, at a version you can work
            with</li>
            <li>the way systems sign in meets your security policies</li>
            <li>fair-use limits cover the volumes you expect</li>
            <li>there is a test environment you can use before go-live</li>
            </ul>
            <p>Turn any gaps into clarification questions during the tender, while bidders can
            still respond.</p>
            <h2>Share the documentation with your other suppliers</h2>
            <p>Your new system will need to work with the ones you already have. The suppliers of
            those systems are best placed to spot problems with an integration.</p>
            <p>Share the API documentation with them and ask them to confirm they can connect to
            it. Ask them for their own API documentation in return, so your new supplier can plan
            its side of each integration.</p>
            """,
        ),
        (
            "warning_text",
            {
                "text": (
                    "Check that the contract lets you share API documentation with the other "
                    "suppliers who build or run integrations for you. Do not agree terms that "
                    "stop you."
                )
            },
        ),
        (
            "details",
            {
                "summary": "If a supplier says its documentation is confidential",
                "content": """
                <p>Some suppliers treat API documentation as commercially sensitive. But it
                describes how to connect to a system, not how the system is built, so there is
                rarely a good reason to restrict it.</p>
                <p>If a supplier insists, agree a non-disclosure agreement that still lets you
                share the documentation with any organisation that builds or runs an integration
                for you.</p>
                """,
            },
        ),
        (
            "rich_text",
            """
            <h2>Keep the documentation up to date</h2>
            <p>Ask the supplier to update the documentation whenever the API changes, and to tell
            you before any change that could break an integration. Write this into the contract,
            with a minimum notice period, such as 6 months.</p>
            """,
        ),
        (
            "related_links",
            {
                "heading": "Related content",
                "links": [
                    page_link(
                        "Putting data access requirements in tender documents",
                        f"{PROCUREMENT}/data-access-requirements-in-tenders/",
                    ),
                    page_link(
                        "Describing APIs with OpenAPI",
                        f"{PROCUREMENT}/describing-apis-with-openapi/",
                    ),
                    page_link(
                        "Minimal API documentation", f"{PROCUREMENT}/minimal-api-documentation/"
                    ),
                ],
            },
        ),
    ],
}

DESCRIBING_APIS_WITH_OPENAPI = {
    "path": f"{PROCUREMENT}/describing-apis-with-openapi/",
    "model": GuidancePage,
    "title": "Describing APIs with OpenAPI",
    "summary": (
        "What OpenAPI is, what a good API description includes, and how it works with the "
        "OpenAPI 3.1 downloads of the standard."
    ),
    "body": [
        (
            "rich_text",
            """
            <h2>What OpenAPI is</h2>
            <p>OpenAPI is an open and widely used format for describing web APIs. An OpenAPI
            description is a file, written in JSON or YAML, that sets out what a developer needs
            to know to use an API: what it can do, what to send to it and what comes back.</p>
            <p>Because computers can read the file, tools can use it to:</p>
            <ul>
            <li>produce readable documentation</li>
            <li>generate code that connects to the API</li>
            <li>run a mock version of the API for testing</li>
            <li>check that the API behaves as described</li>
            </ul>
            <p>The OpenAPI Initiative, an open industry group, looks after the format. From
            version 3.1, OpenAPI describes data using JSON Schema 2020-12, so the same data
            definitions work in both.</p>
            <h2>Why it matters when you buy a system</h2>
            <p>An OpenAPI description is a precise statement of what a supplier's API does, and
            it can be checked. Your technical team can review it before you sign a contract.
            Your other suppliers can use it to plan integrations. If the API later stops
            matching what was promised, the description shows what was agreed.</p>
            <h2>What a good description includes</h2>
            <p>A description is only useful if it is complete. A good one includes:</p>
            <ul>
            <li>a title, a version number and a contact for support</li>
            <li>the address of each environment, such as test and live</li>
            <li>every endpoint, with the operations it supports, such as reading or creating a
            record</li>
            <li>the parameters each operation accepts, such as filters and page sizes</li>
            <li>the structure of every request and response, with a plain description of each
            field</li>
            <li>the errors each operation can return, and what they mean</li>
            <li>how systems authenticate, such as with OAuth 2.0 or an API key</li>
            <li>examples of requests and responses</li>
            <li>which operations and fields are deprecated</li>
            </ul>
            <p>The format has no fixed place for fair-use limits or availability. Ask suppliers
            to state them in the description's text, or in separate documentation.</p>
            """,
        ),
        (
            "details",
            {
                "summary": "How to check a description quickly",
                "content": """
                <p>Open the file in an OpenAPI viewer or editor. If it opens without errors,
                lists the endpoints you expect and shows example responses, that is a good
                start.</p>
                <p>Warning signs include:</p>
                <ul>
                <li>endpoints with no description</li>
                <li>responses with no defined structure</li>
                <li>no information about authentication</li>
                </ul>
                """,
            },
        ),
        (
            "rich_text",
            """
            <h2>How it works with the standard</h2>
            <p>You can download every version of the standard on this portal as an OpenAPI 3.1
            components document. It holds a schema for each entity and code list in that
            version, such as Work order or Work priority codes. It has no endpoints of its own.
            Think of it as a library of definitions for other API descriptions to use.</p>
            <p>A supplier can refer to these schemas from its own OpenAPI description instead of
            writing its own. Its API then uses exactly the same names, types and codes as the
            standard, and anyone can check that it does.</p>
            <p>Ask suppliers to say which version of the standard each part of their API
            follows. Each published version is fixed and has its own stable address, so that
            reference will always mean the same thing.</p>
            """,
        ),
        (
            "inset_text",
            {
                "text": """
                <p>Each version is also available as JSON Schema 2020-12 files, for checking data
                files and exports, and as a CSV data dictionary for people who prefer a
                spreadsheet. <a href="/standards/">Browse the standard</a> to find them.</p>
                """
            },
        ),
        (
            "related_links",
            {
                "heading": "Related content",
                "links": [
                    page_link(
                        "Preventing integration issues with early API documentation",
                        f"{PROCUREMENT}/early-api-documentation/",
                    ),
                    page_link(
                        "Minimal API documentation", f"{PROCUREMENT}/minimal-api-documentation/"
                    ),
                    page_link("What are data standards", "/guidance/what-are-data-standards/"),
                    external_link("The OpenAPI Initiative", "https://www.openapis.org/"),
                ],
            },
        ),
    ],
}

MINIMAL_API_DOCUMENTATION = {
    "path": f"{PROCUREMENT}/minimal-api-documentation/",
    "model": GuidancePage,
    "title": "Minimal API documentation",
    "summary": "What to ask for when a supplier cannot describe its API with OpenAPI.",
    "body": [
        (
            "rich_text",
            """
            <h2>When to accept minimal documentation</h2>
            <p>An <a
            href="/guidance/procurement-and-system-integration/describing-apis-with-openapi/"
            >OpenAPI description</a> is the best way to document an API, but not every supplier
            can provide one. Older systems may only offer file transfers or other interfaces
            that OpenAPI does not describe well. Some suppliers have not started using it
            yet.</p>
            <p>In these cases, ask for minimal API documentation instead. It is less detailed,
            but it still tells you enough to judge whether an integration will work before you
            sign.</p>
            <h2>What minimal documentation must cover</h2>
            <p>Ask the supplier to answer each of these points in writing.</p>
            """,
        ),
        (
            "table",
            table(
                "Minimal API documentation checklist",
                ["Topic", "What the supplier should tell you", "Example answer"],
                [
                    "Standards used",
                    "Which data standards the API follows, and which version of each",
                    "Work orders follow the UK Housing Data Standards version 3.5",
                ],
                [
                    "Endpoints",
                    "Each address you can call, what it does and which records it returns or "
                    "changes",
                    "GET /work-orders returns work orders changed since a given date",
                ],
                [
                    "Authentication",
                    "How systems prove who they are, and how access is limited to the right data",
                    "OAuth 2.0 client credentials, with a separate client for each integration",
                ],
                [
                    "Data formats",
                    "The format of requests and responses, and how dates, identifiers and codes "
                    "are written",
                    "JSON, with dates and times in ISO 8601 format",
                ],
                [
                    "Availability",
                    "When the API is available, when planned maintenance happens, and the "
                    "fair-use limits",
                    "Available at all times except Sundays from 2am to 4am, up to 100 requests "
                    "a minute",
                ],
                [
                    "What is public",
                    "Which documentation and endpoints anyone can see, and which need an "
                    "agreement or an account",
                    "Documentation is public. Test accounts are available on request",
                ],
            ),
        ),
        (
            "rich_text",
            """
            <h2>Other useful information</h2>
            <p>If the supplier can, ask them to also tell you:</p>
            <ul>
            <li>which errors the API can return, and what each one means</li>
            <li>how changes to the API are versioned, and how much notice you will get</li>
            <li>whether there is a test environment with realistic sample data</li>
            <li>who to contact for technical support</li>
            </ul>
            <h2>Moving to OpenAPI</h2>
            <p>Minimal documentation is a starting point. Ask suppliers who cannot provide an
            OpenAPI description now to commit to providing one within an agreed time, such as
            the first year of the contract. Put that commitment in the contract.</p>
            <p>When they do, ask them to use the schemas from the standard's OpenAPI 3.1
            download, so that their API matches the standard exactly.</p>
            """,
        ),
        (
            "inset_text",
            {
                "text": """
                <p>"Where the supplier cannot provide an OpenAPI description, it must provide
                written documentation covering the standards used, endpoints, authentication,
                data formats, availability and what is public. The supplier must provide an
                OpenAPI description within 12 months of the contract start date."</p>
                """
            },
        ),
        (
            "call_to_action",
            {
                "heading": "Check your tender covers data access",
                "text": "Documentation helps most when your tender sets out the access you need.",
                "link": page_link(
                    "Put data access requirements in your tender",
                    f"{PROCUREMENT}/data-access-requirements-in-tenders/",
                ),
            },
        ),
        (
            "related_links",
            {
                "heading": "Related content",
                "links": [
                    page_link(
                        "Preventing integration issues with early API documentation",
                        f"{PROCUREMENT}/early-api-documentation/",
                    ),
                    page_link(
                        "Describing APIs with OpenAPI",
                        f"{PROCUREMENT}/describing-apis-with-openapi/",
                    ),
                ],
            },
        ),
    ],
}

ACCESSIBILITY = {
    "path": "/accessibility/",
    "model": GuidancePage,
    "title": "Accessibility statement",
    "summary": "How accessible this website is, how to report a problem and how to contact us.",
    "body": [
        (
            "rich_text",
            """
            <p>This accessibility statement applies to the Social housing data standards
            portal.</p>
            <p>The housing ministry's data team runs this website. We want as many people as
            possible to be able to use it. For example, you should be able to:</p>
            <ul>
            <li>change colours, contrast and fonts using your browser or device settings</li>
            <li>zoom in up to 400% without text spilling off the screen</li>
            <li>move around the website using only a keyboard or speech recognition
            software</li>
            <li>use the website with a screen reader</li>
            <li>use every page and form with JavaScript turned off</li>
            </ul>
            <p>We have also tried to write the content in plain English.</p>
            <h2>How accessible this website is</h2>
            <p>We built this website with the GOV.UK Design System, whose components are tested
            with disabled people and assistive technologies. The website works without
            JavaScript: if JavaScript is turned off or fails to load, you can still read every
            page and use every form.</p>
            <p>Some parts of the website are naturally more complex. Tables of attributes and
            codes can be long and wide, and you may need to scroll sideways to read them on a
            small screen.</p>
            <h2>Feedback and contact information</h2>
            """
            f"""
            <p>If you need information on this website in a different format, such as large
            print, easy read or an audio recording, email
            <a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a>. Tell us the page and the format
            you need. We will reply within 5 working days.</p>
            <h2>Reporting accessibility problems with this website</h2>
            <p>We are always looking to improve the accessibility of this website. If you find a
            problem that is not listed on this page, or you think we are not meeting
            accessibility requirements, email <a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a>.
            Tell us the web address of the page and what went wrong.</p>
            """
            """
            <h2>Enforcement procedure</h2>
            <p>The Equality and Human Rights Commission (EHRC) is responsible for enforcing the
            Public Sector Bodies (Websites and Mobile Applications) (No. 2) Accessibility
            Regulations 2018 (the "accessibility regulations").</p>
            <p>If you are not happy with how we respond to your complaint, contact the
            <a href="https://www.equalityadvisoryservice.com/">Equality Advisory and Support
            Service (EASS)</a>.</p>
            <h2>Technical information about this website's accessibility</h2>
            <p>The housing ministry is committed to making its websites accessible, in line with
            the accessibility regulations.</p>
            <h3>Compliance status</h3>
            <p>This website is fully compliant with the
            <a href="https://www.w3.org/TR/WCAG22/">Web Content Accessibility Guidelines version
            2.2</a> AA standard.</p>
            <h2>Content that is not within the scope of the accessibility regulations</h2>
            <p>Comments and change proposals are written by members of the data community. We
            ask members to write clearly and to describe any links they add, but we do not check
            every comment before it is published.</p>
            <h2>What we are doing to improve accessibility</h2>
            <p>We check every type of page with automated accessibility tests whenever we change
            the website. We also test new features by hand, using a keyboard, screen
            magnification and a screen reader, before we release them.</p>
            <h2>Preparation of this accessibility statement</h2>
            <p>This statement was prepared on 24 November 2026. It was last reviewed on
            24 November 2026.</p>
            <p>This website was last tested on 17 November 2026 against the WCAG 2.2 AA standard.
            The data team carried out the test. We tested a sample of every type of page,
            including guidance pages, pages of the standard, and the forms for signing in,
            commenting and voting.</p>
            """,
        ),
    ],
}

PRIVACY = {
    "path": "/privacy/",
    "model": GuidancePage,
    "title": "Privacy notice",
    "summary": "How we collect and use your personal data when you use this portal.",
    "body": [
        (
            "rich_text",
            """
            <h2>Who we are</h2>
            <p>The housing ministry's data team runs this portal. The housing ministry is the
            data controller for the personal data we process here. This means we decide how and
            why it is used, and we are responsible for keeping it safe.</p>
            <h2>What personal data we collect</h2>
            <p>You can read the standard and our guidance without giving us any personal data.
            If you create an account and take part in the community, we collect:</p>
            <ul>
            <li>your name and email address</li>
            <li>the organisation you work for</li>
            <li>which working groups you belong to, and your role in them, such as member or
            convener</li>
            <li>the change proposals you write, the comments you post and the votes you cast,
            including any reason you give for an objection</li>
            <li>security information, such as when you signed in, the internet address (IP
            address) you used and, if you set it up, your two-factor authentication
            details</li>
            </ul>
            <p>If you email us, we also keep your message and our reply.</p>
            <h2>Why we need your data</h2>
            <p>We use your data to:</p>
            <ul>
            <li>create and manage your account</li>
            <li>check that you work for the organisation you name, and place you in the right
            working group</li>
            <li>run an open and accountable process for agreeing changes to the standard</li>
            <li>send you emails about your account and the proposals you take part in</li>
            <li>keep the portal secure and prevent misuse</li>
            </ul>
            <h2>Our lawful basis for processing your data</h2>
            <p>We process your data because it is needed to perform a task in the public
            interest: developing and maintaining data standards for social housing. This is
            known as "public task" under Article 6(1)(e) of the UK General Data Protection
            Regulation (UK GDPR).</p>
            <p>We do not ask for special category data, such as information about your health.
            Please do not include it in comments or proposals.</p>
            <h2>Who can see your data</h2>
            <p>Your name, organisation and working group appear next to the proposals, comments
            and votes you make. Other people using the portal can see them. We never show your
            email address.</p>
            <p>Our hosting and email providers process data for us under contract. They can only
            use it to provide their service to us. Your data is stored in the UK.</p>
            <h2>How long we keep your data</h2>
            """,
        ),
        (
            "table",
            table(
                "How long we keep each kind of personal data",
                ["Data", "How long we keep it"],
                [
                    "Account details: name, email address and organisation",
                    "Until you close your account, or 3 years after you last sign in. We will "
                    "email you before we delete an account that has not been used",
                ],
                [
                    "Working group memberships and roles",
                    "As long as your account, and as part of the record of each decision you "
                    "took part in",
                ],
                [
                    "Proposals, comments and votes",
                    "Permanently, as the public record of how the standard was agreed",
                ],
                ["Security logs, including IP addresses", "90 days"],
                ["Emails you send us", "2 years from our last reply"],
            ),
        ),
        (
            "inset_text",
            {
                "text": """
                <p>Proposals, comments and votes are a permanent record. If you close your
                account, they stay on the portal with your name and organisation, but we delete
                your email address and sign-in details.</p>
                """
            },
        ),
        (
            "rich_text",
            f"""
            <h2>Your rights</h2>
            <p>You have the right to:</p>
            <ul>
            <li>ask for a copy of the personal data we hold about you</li>
            <li>ask us to correct data that is wrong or incomplete</li>
            <li>ask us to restrict how we use your data</li>
            <li>object to how we use your data</li>
            <li>ask us to delete your data, although we may need to keep the record of
            decisions you took part in</li>
            </ul>
            <p>We do not make decisions about you by automated means, and we do not use your data
            for marketing.</p>
            <h2>Contact us</h2>
            <p>To use your rights, or to ask about this notice, email the data team at
            <a href="mailto:{CONTACT_EMAIL}">{CONTACT_EMAIL}</a>.</p>
            <p>You can also contact our data protection officer at
            <a href="mailto:{DPO_EMAIL}">{DPO_EMAIL}</a>.</p>
            <h2>How to complain</h2>
            <p>If you are unhappy with how we have used your data, contact us first. You can
            also complain to the Information Commissioner's Office (ICO):</p>
            <ul>
            <li>online: <a href="https://ico.org.uk/make-a-complaint/">make a complaint to the
            ICO</a></li>
            <li>by phone: 0303 123 1113</li>
            <li>by post: Information Commissioner's Office, Wycliffe House, Water Lane,
            Wilmslow, Cheshire, SK9 5AF</li>
            </ul>
            <h2>Changes to this notice</h2>
            <p>We may update this notice when we change how we use personal data. The date at
            the bottom of this page shows when it was last updated.</p>
            """,
        ),
    ],
}

COOKIES = {
    "path": "/cookies/",
    "model": GuidancePage,
    "title": "Cookies",
    "summary": "This website only uses the cookies it needs to work. We do not use analytics.",
    "show_contents": False,
    "body": [
        (
            "rich_text",
            """
            <p>Cookies are small files saved on your phone, tablet or computer when you visit a
            website.</p>
            <p>We only use cookies to make this website work and to keep it secure. We do not
            use cookies to track you, to measure how you use the website or to show you
            advertising.</p>
            <h2>Essential cookies</h2>
            <p>We only set these cookies when you sign in or fill in a form. We do not ask for
            your consent, because the website cannot work properly without them.</p>
            """,
        ),
        (
            "table",
            table(
                "Essential cookies we use",
                ["Name", "Purpose", "Expires"],
                ["sessionid", "Keeps you signed in as you move from page to page", "2 weeks"],
                [
                    "csrftoken",
                    "Stops other websites from sending forms to this one on your behalf",
                    "1 year",
                ],
                [
                    "messages",
                    "Shows a confirmation message, such as 'You have signed in', on the next "
                    "page you visit",
                    "When you close your browser, or once the message is shown",
                ],
            ),
        ),
        (
            "rich_text",
            """
            <h2>Analytics cookies</h2>
            <p>We do not use analytics cookies or any other tracking. That is why this website
            does not show a cookie banner.</p>
            <h2>Change your cookie settings</h2>
            <p>You can block or delete cookies in your browser settings. If you block essential
            cookies, you can still read the guidance and the standard, but you will not be able
            to sign in or use forms.</p>
            """,
        ),
    ],
}

# In the order the pages should appear under their parents.
PAGES = [
    GUIDANCE,
    ABOUT,
    WHAT_ARE_DATA_STANDARDS,
    HOW_TO_ADOPT,
    PROCUREMENT_INDEX,
    DATA_ACCESS_REQUIREMENTS,
    EARLY_API_DOCUMENTATION,
    DESCRIBING_APIS_WITH_OPENAPI,
    MINIMAL_API_DOCUMENTATION,
    ACCESSIBILITY,
    PRIVACY,
    COOKIES,
]

HOME_BODY = [
    (
        "rich_text",
        "<h2>What you can do here</h2>"
        "<ul>"
        '<li><a href="/guidance/">Read the guidance</a> on adopting data standards and on '
        "putting data access requirements into procurement.</li>"
        '<li><a href="/standards/">Browse the standard</a>: every component, version by version, '
        "with the changes between versions and downloads in JSON Schema, OpenAPI and CSV.</li>"
        '<li><a href="/community/">Join a working group</a> for local authorities, housing '
        "associations or technology suppliers, and help decide how the standard changes.</li>"
        "</ul>",
    ),
    (
        "call_to_action",
        {
            "heading": "",
            "text": "",
            "link": {"text": "Browse the standard", "page": None, "url": "/standards/"},
        },
    ),
]
