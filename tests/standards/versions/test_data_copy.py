from pathlib import Path

import pytest
from django.conf import settings

from standards.demo.catalogue import data_dir

SHARED = Path(settings.BASE_DIR).parent / "shared" / "data"
FILES = [
    "person-alert-codes.csv",
    *(f"ukhds-damp-and-mould/{path.name}" for path in sorted(data_dir().glob("ukhds*/*.json"))),
]


@pytest.mark.parametrize("name", FILES)
def test_the_repository_copy_matches_the_shared_community_file(name):
    if not SHARED.exists():
        pytest.skip("the shared data folder is not beside this checkout")

    assert (data_dir() / name).read_bytes() == (SHARED / name).read_bytes()
