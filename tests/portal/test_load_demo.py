"""``manage.py load_demo``, which ``make run`` runs: the whole demo loads, twice, through the
command itself (its imports included), and tells people how to sign in."""

import shlex
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils.html import escape

from community.choices import TokenScope
from community.services.tokens import token_create
from portal.demo import api_guidance
from standards.choices import ProposalStatus
from standards.demo.proposals import open_objection_id
from standards.models import Proposal, Release, ReleaseStatus


@pytest.mark.django_db
def test_the_demo_loads_and_loading_it_again_changes_nothing():
    out = StringIO()

    call_command("load_demo", stdout=out)
    counts = (Proposal.objects.count(), Release.objects.count())
    call_command("load_demo", stdout=StringIO())

    assert "Demo content loaded." in out.getvalue()
    assert "steward2@example.gov.uk" in out.getvalue()
    assert Proposal.objects.filter(status=ProposalStatus.RELEASED).exists()
    assert Release.objects.filter(status=ReleaseStatus.AWAITING_APPROVAL).exists()
    assert (Proposal.objects.count(), Release.objects.count()) == counts


def _request(client, command: str, tokens: dict[str, str]):
    """Run a ``curl`` command from the guidance with Django's test client."""
    for name, raw in tokens.items():
        command = command.replace(f"${name}", raw)
    words = shlex.split(command.replace("\\\n", " "))
    method, headers, data, url = "GET", {}, None, None
    words = iter(words[1:])
    for word in words:
        if word == "-X":
            method = next(words)
        elif word == "-H":
            name, _, value = next(words).partition(":")
            headers[name.strip()] = value.strip()
        elif word in ("--data", "--data-binary"):
            data = next(words)
        elif not word.startswith("-"):
            url = word
    path = url.removeprefix(api_guidance.BASE)
    content_type = headers.pop("Content-Type", "application/json")
    extra = {f"HTTP_{name.upper().replace('-', '_')}": value for name, value in headers.items()}
    if method == "POST":
        return client.post(path, data or "", content_type=content_type, **extra)
    return client.get(path, **extra)


@pytest.mark.django_db
def test_every_example_on_the_use_the_api_page_works_against_the_demo(client):
    call_command("load_demo", stdout=StringIO())
    User = get_user_model()  # noqa: N806 - a class
    tokens = {
        "TOKEN": token_create(
            owner=User.objects.get(email="la-member@northmere.example.gov.uk"),
            name="Guidance examples",
            scopes=[TokenScope.PROPOSALS_WRITE, TokenScope.VOTES_WRITE],
            days=30,
        )[1],
        "CONVENER_TOKEN": token_create(
            owner=User.objects.get(email="la-convener@northmere.example.gov.uk"),
            name="Guidance examples",
            scopes=[TokenScope.VOTES_WRITE],
            days=30,
        )[1],
    }
    page = client.get(api_guidance.PATH).content.decode()
    examples = [
        *api_guidance.read_examples(),
        *api_guidance.check_examples(),
        *api_guidance.write_examples(objection=open_objection_id()),
    ]

    for example in examples:
        assert escape(example.caption) in page
        response = _request(client, example.command, tokens)
        assert response.status_code == example.status, (example.caption, response.content[:500])

    draft = client.get("/standards/damp-and-mould/proposals/DM-0010/").content.decode()
    assert "Record how a hazard was inspected" in draft
