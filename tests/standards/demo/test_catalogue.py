import pytest

from standards.choices import VersionStatus
from standards.demo import catalogue as demo
from standards.models import Attribute, Code, ComponentVersion, StandardVersion, VersionArtefact


@pytest.fixture
def loaded(steward):
    demo.load()


def snapshot():
    return [
        StandardVersion.objects.count(),
        ComponentVersion.objects.count(),
        Attribute.objects.count(),
        Code.objects.count(),
        VersionArtefact.objects.count(),
        list(Attribute.history.values_list("history_id", flat=True)),
    ]


def test_demo_publishes_1_0_0_then_1_1_0(loaded):
    versions = dict(
        StandardVersion.objects.filter(standard__slug=demo.SLUG).values_list("minor", "status")
    )

    assert versions == {0: VersionStatus.SUPERSEDED, 1: VersionStatus.PUBLISHED}


def test_demo_keys_the_guidance_pages_link_to(loaded):
    keys = set(ComponentVersion.objects.values_list("component__key", flat=True))

    assert {"person-alert-codes", "work-order"} <= keys


def test_demo_1_1_0_adds_attribute_and_deprecates_code(loaded):
    latest = {"version__minor": 1}

    assert Attribute.objects.filter(
        component_version__component__key="investigation-hazard",
        key="mould_severity_score",
        **{f"component_version__{k}": v for k, v in latest.items()},
    ).exists()
    code = Code.objects.get(key="MH1.06", component_version__version__minor=1)
    assert (code.deprecated, code.replaced_by) == (True, "MH1.11")


def test_demo_load_twice_changes_nothing(loaded):
    before = snapshot()

    demo.load()

    assert snapshot() == before


def test_demo_skips_when_files_are_missing(db, monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("SHARED_DATA_DIR", str(tmp_path / "nowhere"))

    demo.load()

    assert "Skipped the demo standard" in capsys.readouterr().out
    assert StandardVersion.objects.count() == 0
