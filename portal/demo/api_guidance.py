"""The guidance page "Use the API", with ``curl`` examples that work against the demo data.

The examples are data (``examples``), so ``tests/portal/test_load_demo.py`` can run each one
against a freshly loaded demo and check its answer: the page never shows a command that fails.
Writes use two tokens a reader creates on their account page, as the page explains:
``$TOKEN`` (signed in as the demo local authority member, with both write scopes) and
``$CONVENER_TOKEN`` (the local authority convener, with ``votes:write``).
"""

from dataclasses import dataclass

from portal.demo.guidance import block_resolve, page_at
from portal.demo.guidance_content import page_link
from portal.demo.pages import page_ensure
from portal.models import GuidancePage, HomePage

BASE = "http://127.0.0.1:8000"
API = f"{BASE}/api/v1"
PATH = "/guidance/use-the-api/"
STANDARD = f"{API}/standards/damp-and-mould"


@dataclass(frozen=True)
class Example:
    caption: str
    command: str
    status: int


def _post(
    url: str, body: str, *, shell_variable: str = "", content_type: str = "application/json"
) -> str:
    auth = f"  -H 'Authorization: Bearer ${shell_variable}' \\\n" if shell_variable else ""
    return (
        f"curl -s -X POST '{url}' \\\n"
        f"{auth}"
        f"  -H 'Content-Type: {content_type}' \\\n"
        f"  --data '{body}'"
    )


def read_examples() -> list[Example]:
    return [
        Example("What the API offers", f"curl -s {API}/", 200),
        Example("Every standard", f"curl -s {API}/standards", 200),
        Example("A version with its components", f"curl -s {STANDARD}/versions/1.1.0", 200),
        Example(
            "One component with its attributes",
            f"curl -s {STANDARD}/versions/1.1.0/components/investigation-hazard",
            200,
        ),
        Example(
            "A code list as it stood in version 1.0.0, each code with its status",
            f"curl -s '{STANDARD}/code-lists/person-alert-codes?version=1.0.0'",
            200,
        ),
        Example(
            "The same code list as it was on a given day",
            f"curl -s '{STANDARD}/code-lists/person-alert-codes?date=2030-01-01'",
            200,
        ),
        Example(
            "What changed between 1.0.0 and 1.1.0, and whom each change breaks",
            f"curl -s {STANDARD}/compare/1.0.0/1.1.0",
            200,
        ),
        Example("Releases since 1.0.0", f"curl -s '{STANDARD}/changelog?since=1.0.0'", 200),
        Example(
            "Open proposals that change investigation hazards, with a minor impact",
            f"curl -s '{STANDARD}/proposals?status=open&component=investigation-hazard"
            "&impact=minor'",
            200,
        ),
        Example(
            "One proposal: its change set, comments, timeline and tally",
            f"curl -s {STANDARD}/proposals/DM-0005",
            200,
        ),
        Example("Published releases", f"curl -s {STANDARD}/releases", 200),
        Example("The public adoption register", f"curl -s {API}/adoption/register", 200),
        Example(
            "Ask again only if it changed: send the ETag you were given",
            f"curl -s -i {STANDARD}/versions/1.1.0 -H 'If-None-Match: \"<the ETag>\"'",
            200,
        ),
    ]


def check_examples() -> list[Example]:
    return [
        Example(
            "Validate one record against a component",
            _post(
                f"{STANDARD}/versions/1.2.0/components/property/validate",
                '{"property_id": "not a number", "property_name": "Flat 1"}',
            ),
            200,
        ),
        Example(
            "Validate a CSV extract",
            _post(
                f"{STANDARD}/versions/1.2.0/components/property/validate",
                "property_id,property_name,site_id\n1,Flat 1,7\nx,Flat 2,7\n",
                content_type="text/csv",
            ).replace("--data '", "--data-binary '"),
            200,
        ),
        Example(
            "Is a code valid in a version?",
            _post(
                f"{STANDARD}/versions/1.1.0/components/person-alert-codes/validate",
                '{"code": "MH1.06"}',
            ),
            200,
        ),
        Example(
            "Would my revised schema be compatible? Nothing is saved",
            _post(
                f"{STANDARD}/versions/1.2.0/compatibility",
                '{"$schema": "https://json-schema.org/draft/2020-12/schema", '
                '"$id": "investigation-hazard", "title": "Investigation hazard", '
                '"type": "object", "properties": {"hazardId": {"type": "string"}}}',
                content_type="application/schema+json",
            ),
            200,
        ),
    ]


def write_examples(*, objection: int | str = "<objection id>") -> list[Example]:
    operations = (
        '[{"kind": "add_attribute", "component": "investigation-hazard", '
        '"member": "inspection_method", "values": {"name": "inspectionMethod", '
        '"definition": "How the hazard was inspected.", "data_type": "string"}}, '
        '{"kind": "add_attribute", "component": "investigation-hazard", '
        '"member": "inspection_duration", "values": {"name": "inspectionDuration", '
        '"definition": "How long the inspection took, in minutes.", "data_type": "integer"}}]'
    )
    return [
        Example(
            "Draft a proposal with two changes (answers with its reference, such as DM-0010)",
            _post(
                f"{STANDARD}/proposals",
                '{"title": "Record how a hazard was inspected", '
                '"problem": "Landlords cannot tell how a hazard was inspected.", '
                '"use_case": "A surveyor records the method and how long it took.", '
                '"affected": "Repairs platforms and housing management systems.", '
                f'"operations": {operations}}}',
                shell_variable="TOKEN",
            ),
            201,
        ),
        Example(
            "Submit it for comment",
            f"curl -s -X POST {STANDARD}/proposals/DM-0010/submit \\\n"
            "  -H 'Authorization: Bearer $TOKEN'",
            200,
        ),
        Example(
            "Comment on another proposal",
            _post(
                f"{STANDARD}/proposals/DM-0002/comments",
                '{"body": "Our surveyors already count photographs, so this is easy for us."}',
                shell_variable="TOKEN",
            ),
            201,
        ),
        Example(
            "Vote on a proposal in voting, for your working group",
            _post(
                f"{STANDARD}/proposals/DM-0005/positions",
                '{"group": "local-authorities", "stance": "approve"}',
                shell_variable="TOKEN",
            ),
            201,
        ),
        Example(
            "Answer an objection, as a convener (its id is in the proposal's tally)",
            _post(
                f"{STANDARD}/proposals/DM-0005/objections/{objection}/answers",
                '{"kind": "not_persuasive", "text": "Oxygen users are already covered by '
                'the medical alerts, but this code makes the risk explicit."}',
                shell_variable="CONVENER_TOKEN",
            ),
            201,
        ),
    ]


def _code(examples: list[Example]) -> list[tuple[str, dict]]:
    return [("code", {"caption": item.caption, "code": item.command}) for item in examples]


def _rich(html: str) -> tuple[str, str]:
    return ("rich_text", " ".join(html.split()))


def page_spec(*, objection: int | str = "<objection id>") -> dict:
    return {
        "path": PATH,
        "model": GuidancePage,
        "title": "Use the API",
        "summary": (
            "Read the standard, check your data and schemas, and take part in proposals and "
            "votes from your own systems."
        ),
        "body": [
            _rich(
                f"""
                <h2>What the API is for</h2>
                <p>The API gives your systems what the pages of this portal give people: the
                standard and every version of it, what changed and whom it affects, proposals
                and their votes, releases, and the adoption register. It can also check your
                data and your schemas against a published version.</p>
                <p>Its address is <code>{API}/</code>. The <a href="/api/v1/docs">API
                reference</a> lists every operation, and the
                <a href="/api/v1/openapi.json">OpenAPI document</a> describes it for tools that
                generate code.</p>
                <h2>Read the standard</h2>
                <p>You do not need an account to read. Answers are JSON. Everything about a
                published version never changes, so it is sent with a long cache lifetime and an
                <code>ETag</code>: ask again with <code>If-None-Match</code> and you get
                <code>304 Not Modified</code> without the body.</p>
                """
            ),
            *_code(read_examples()),
            _rich(
                """
                <h2>Check data and schemas</h2>
                <p>Send a JSON record, an NDJSON or CSV extract, or a single code, and get the
                same report as the <a href="/adoption/checker/">data checker</a>, with the row
                and column or the JSON Pointer of every error.</p>
                <p>Send your revised JSON Schema, or a code list as CSV, to find out what
                changes it makes, each with its impact and whom it breaks, and the next version
                number a release of it would need. Nothing is saved.</p>
                """
            ),
            *_code(check_examples()),
            _rich(
                """
                <h2>Take part in proposals and votes</h2>
                <p>To write, create a personal access token on your
                <a href="/account/tokens/">account page</a>. Give it only the scopes it needs:
                <code>proposals:write</code> to draft, submit and comment,
                <code>votes:write</code> to vote and answer objections. A token can do only what
                you can do on the web, and only while you can: it stops working if you lose
                your place in a working group. Keep it secret, like a password.</p>
                <p>Send it in a header: <code>Authorization: Bearer</code> followed by the
                token. The examples keep it in a shell variable, <code>$TOKEN</code>.</p>
                """
            ),
            *_code(write_examples(objection=objection)),
            _rich(
                """
                <h2>When something is wrong</h2>
                <p>Every error is a problem details object (RFC 9457), sent as
                <code>application/problem+json</code>. Its <code>detail</code> says what is
                wrong in the same words as this website. Its <code>errors</code> list says
                where, with a JSON Pointer into what you sent or the name of the parameter.</p>
                <p>Lists come a page at a time: use <code>limit</code> (up to 100) and
                <code>offset</code>, or follow the <code>next</code> link. If you send too many
                requests the answer is <code>429 Too Many Requests</code>, with
                <code>Retry-After</code> saying how many seconds to wait.</p>
                <p>Webhooks carry the API address of what they announce, in
                <code>api_url</code>, so your system can read it straight away.</p>
                """
            ),
            (
                "related_links",
                {
                    "heading": "Related guidance",
                    "links": [
                        page_link(
                            "Describing APIs with OpenAPI",
                            "/guidance/procurement-and-system-integration/"
                            "describing-apis-with-openapi/",
                        )
                    ],
                },
            ),
        ],
    }


def load(*, objection: int | str = "<objection id>") -> GuidancePage:
    """Create or update the page, under the guidance section."""
    home = HomePage.objects.first()
    spec = page_spec(objection=objection)
    body = [value if value[0] == "code" else block_resolve(home, *value) for value in spec["body"]]
    return page_ensure(
        parent=page_at(home, "guidance"),
        model=GuidancePage,
        slug="use-the-api",
        title=spec["title"],
        summary=spec["summary"],
        body=[block for block in body if block[1] is not None],
    )
