"""Fuzz every upload: hostile files never get a 5xx answer.

Generated files are deep (thousands of ``[`` or ``{"a":``), wide (a header of ``x,x,x,...``),
long (one line with no newline), binary, or text in a mix of encodings with stray byte order
marks. Each goes, as .csv, .json and .ndjson, to the checker's page and its JSON API (signed
out), the steward's import page and a proposal's "start from a file" page. A refusal or a form
error is fine; a server error is not. Bounded to stay a fast test.
"""

from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tests.adoption.checker.test_catalogue import build_checker_standard
from tests.community.factories import MembershipFactory, StewardFactory
from tests.standards.factories import ProposalFactory, VersionFactory, build_standard

pytestmark = pytest.mark.django_db

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-be", "latin-1", "cp1252", "shift_jis"]

deep = st.builds(
    lambda opener, count: opener * count,
    st.sampled_from([b"[", b"{", b'{"a":', b'[{"a":', b"[[{"]),
    st.integers(min_value=1_000, max_value=60_000),
)
wide = st.integers(min_value=500, max_value=600_000).map(lambda count: b"x," * count)
long = st.integers(min_value=100_000, max_value=1_200_000).map(lambda count: b"a" * count)
mixed = st.lists(
    st.builds(
        lambda text, encoding: text.encode(encoding, errors="replace"),
        st.text(max_size=80),
        st.sampled_from(ENCODINGS),
    ),
    min_size=1,
    max_size=6,
).map(b"\n".join)
hostile = st.one_of(deep, wide, long, st.binary(max_size=4096), mixed)


@pytest.fixture
def world(steward, settings):
    # Every example is the same visitor; the rate limit has its own tests.
    settings.PORTAL_RATE_LIMITS = {**settings.PORTAL_RATE_LIMITS, "checker": ""}
    repairs = build_checker_standard(steward=StewardFactory())
    catalogue = build_standard(steward=steward)
    author = MembershipFactory().user
    proposal = ProposalFactory(author=author, base_version=catalogue.v2)
    importer, writer = Client(), Client()
    importer.force_login(steward)
    writer.force_login(author)
    return SimpleNamespace(
        repairs=repairs,
        draft=VersionFactory(standard=catalogue.standard, major=2),
        proposal=proposal,
        visitor=Client(),
        importer=importer,
        writer=writer,
    )


def _uploads(world, name: str, content: bytes):
    """(what, response) for each upload endpoint, given one file."""
    is_csv = name.endswith(".csv")

    def file():
        return SimpleUploadedFile(name, content)  # a fresh file for each post

    repairs = world.repairs
    yield (
        "checker page",
        world.visitor.post(
            reverse(
                "adoption:checker_upload",
                kwargs={"standard": "repairs", "number": repairs.version.number},
            ),
            {"component": repairs.order.pk, "file": file()},
        ),
    )
    yield (
        "checker API",
        world.visitor.post(
            reverse("adoption:checker_api"),
            {
                "standard": "repairs",
                "version": repairs.version.number,
                "component": "work-order",
                "file": file(),
            },
        ),
    )
    yield (
        "import",
        world.importer.post(
            reverse("standards:import_upload"),
            {
                "version": world.draft.pk,
                "format": "csv_code_list" if is_csv else "json_schema",
                "key": "fuzz-codes",
                "name": "Fuzz codes",
                "file": file(),
            },
        ),
    )
    proposal = world.proposal
    yield (
        "proposal from a file",
        world.writer.post(
            reverse(
                "standards:proposal_from_file",
                kwargs={"standard": proposal.standard.slug, "reference": proposal.reference},
            ),
            {
                "revision": proposal.revision,
                "format": "csv_code_list" if is_csv else "json_schema",
                "code_list": "person-alert-codes",
                "file": file(),
            },
        ),
    )


def test_hostile_files_never_get_a_server_error_from_any_upload(world):
    @settings(
        max_examples=25,
        deadline=None,
        derandomize=True,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        content=hostile,
        name=st.sampled_from(["extract.csv", "extract.json", "extract.ndjson"]),
    )
    # The reports of issue #19: deep JSON raised RecursionError, answered with a 500 page.
    @example(content=b'[{"a":' + b"[" * 50_000, name="extract.json")
    @example(content=b'[{"a":' + b"[" * 50_000, name="extract.ndjson")
    def run(content, name):
        for what, response in _uploads(world, name, content):
            assert response.status_code < 500, f"{what}: {response.status_code}"

    run()
