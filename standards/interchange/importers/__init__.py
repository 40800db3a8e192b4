"""Importers: files in, a plan out (pure), then a service applies the plan to a draft.

``json_schema_parse`` and ``code_list_parse`` read a file into an ``ImportPlan``; ``plan_parse``
does either from a stored upload. ``standards.versions.services.import_preview`` and
``import_apply`` compare a plan with a draft and write it.
"""

from standards.interchange.importers.changes import (
    ImportRefused,
    ImportReport,
    ImportStale,
    draft_fingerprint,
    import_compare,
    import_write,
)
from standards.interchange.importers.csv_codes import code_list_parse
from standards.interchange.importers.json_schema import component_key, json_schema_parse
from standards.interchange.importers.plan import (
    AttributePlan,
    CodePlan,
    ComponentPlan,
    ImportPlan,
    Issue,
)
from standards.models import ImportFormat


def plan_parse(*, format: str, content: bytes | str, source: str, options: dict) -> ImportPlan:
    """Parse content in the given ``ImportFormat``; CSV needs ``key`` and ``name`` options."""
    if format == ImportFormat.CSV_CODE_LIST:
        return code_list_parse(
            content,
            source=source,
            key=options["key"],
            name=options["name"],
            definition=options.get("definition", ""),
        )
    return json_schema_parse(content, source=source)


__all__ = [
    "AttributePlan",
    "CodePlan",
    "ComponentPlan",
    "ImportPlan",
    "ImportRefused",
    "ImportReport",
    "ImportStale",
    "Issue",
    "code_list_parse",
    "component_key",
    "draft_fingerprint",
    "import_compare",
    "import_write",
    "json_schema_parse",
    "plan_parse",
]
