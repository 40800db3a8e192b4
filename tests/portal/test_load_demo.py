"""``manage.py load_demo``, which ``make run`` runs: the whole demo loads, twice, through the
command itself (its imports included), and tells people how to sign in."""

from io import StringIO

import pytest
from django.core.management import call_command

from standards.choices import ProposalStatus
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
