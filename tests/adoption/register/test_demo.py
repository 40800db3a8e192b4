"""The demo declarations: the issue's example, loaded through the services, idempotently."""

import pytest

import community.demo
import standards.demo.catalogue
from adoption import demo
from adoption.choices import AdoptionStatus
from adoption.models import AdoptionEvent, AdoptionRecord


@pytest.fixture
def loaded(db):
    community.demo.load()
    standards.demo.catalogue.load()


def test_demo_declares_the_issue_example_and_loads_twice_without_change(loaded):
    # One test: loading the demo standard takes most of a minute.
    assert demo.load() == len(demo.DECLARATIONS)

    record = AdoptionRecord.objects.get(system_name="Brookvale Repairs Hub")
    assert record.organisation.name == "Brookvale Homes"
    assert str(record.version) == "Damp and mould 1.1.0"
    assert record.status == AdoptionStatus.IN_PRODUCTION
    assert set(record.components.values_list("key", flat=True)) == {"work-order", "property"}
    assert record.declared_by.email == "ha-member@brookvalehomes.example.org.uk"
    events = AdoptionEvent.objects.count()

    assert demo.load() == 0
    assert AdoptionRecord.objects.count() == len(demo.DECLARATIONS)
    assert AdoptionEvent.objects.count() == events
