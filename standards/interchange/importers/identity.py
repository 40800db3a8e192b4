"""Which component of a standard each component in an imported file means.

A file names a component in one of three ways, tried in this order:

1. **its key**: a definition named ``work-order``, or a code list imported as ``work-order``;
2. **its ``$id``**: the portal's own downloads give each component the address
   ``…/standards/<standard>/<version>/<key>.schema.json``, so a component schema downloaded from
   any version of this standard names its component, whatever the file is called. For a file's
   root, whose key the parser made up from the file's name, the ``$id`` comes first;
3. **its title**: one component of the same kind with the same name, ignoring case.

A component matched by ``$id`` or title takes the matched key, and references to it inside the
file follow. References to another component's download (``$ref`` to
``…/<key>.schema.json``), which the parser kept as text because they point outside the file,
become references when they name a component of the standard or of the file. Each match is
noted in the report, so a steward sees why a file updated a component rather than adding one.

Pure: the caller passes the standard's components as ``Known`` rows.
"""

from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from standards.choices import DataType
from standards.interchange.exporters import SCHEMA_SUFFIX
from standards.interchange.importers.plan import ImportPlan

BY_KEY, BY_ID, BY_TITLE = "key", "$id", "title"
NOTES = frozenset({"matched_by_key", "matched_by_id", "matched_by_title", "portal_ref"})


@dataclass(frozen=True)
class Known:
    """A component already in the standard: its key, name and kind."""

    key: str
    name: str
    kind: str


def portal_schema_key(address: str, *, standard: str) -> str | None:
    """The component key in a portal schema address of ``standard``, or None.

    ``https://host/standards/damp-and-mould/1.2.0/investigation-hazard.schema.json`` gives
    ``investigation-hazard`` for ``standard="damp-and-mould"``: the reverse of
    ``exporters.schema_url``, so both use its ``SCHEMA_SUFFIX``. The host and the version are not
    compared: a file downloaded from another version, or from a copy of the portal served on
    another address, still names the same component.
    """
    try:
        parts = unquote(urlsplit(address).path).split("/")
    except ValueError:
        return None
    if len(parts) < 5 or parts[-4] != "standards" or parts[-3] != standard:
        return None
    name = parts[-1]
    key = name.removesuffix(SCHEMA_SUFFIX)
    return key if name.endswith(SCHEMA_SUFFIX) and key else None


def plan_identify(plan: ImportPlan, *, standard: str, known: dict[str, Known]) -> None:
    """Give each planned component the key of the component it means, in place; note each match.

    ``standard`` is the standard's slug and ``known`` its components by key. Keys that match
    nothing are left as the parser made them: those components are new. Calling it again on the
    same plan changes nothing, so a preview and the write that follows agree.
    """
    plan.notes = [note for note in plan.notes if note.code not in NOTES]
    claimed: set[str] = set()
    matches: dict[str, tuple[str, str]] = {}  # planned key -> (known key, how)
    for planned in plan.components:
        if planned.key in known and not _named_by_id(planned, standard, known):
            matches[planned.key] = (planned.key, BY_KEY)
            claimed.add(planned.key)
    for planned in plan.components:
        key = _named_by_id(planned, standard, known)
        if planned.key not in matches and key and key not in claimed:
            matches[planned.key] = (key, BY_ID)
            claimed.add(key)
    for planned in plan.components:
        if planned.key in known and planned.key not in matches and planned.key not in claimed:
            matches[planned.key] = (planned.key, BY_KEY)
            claimed.add(planned.key)
    for planned in plan.components:
        if planned.key in matches:
            continue
        same = [
            row.key
            for row in known.values()
            if row.kind == planned.kind
            and row.name.casefold() == planned.name.casefold()
            and row.key not in claimed
        ]
        if len(same) == 1:
            matches[planned.key] = (same[0], BY_TITLE)
            claimed.add(same[0])
    _rename(plan, {old: new for old, (new, _how) in matches.items() if old != new})
    _note_matches(plan, matches)
    _resolve_portal_refs(plan, standard=standard, known=known)


def _named_by_id(planned, standard: str, known: dict[str, Known]) -> str | None:
    """The known key a root's ``$id`` names, when its own key was only made from the file name.

    ``investigation.schema.json`` downloaded for component ``investigation`` has a root whose key
    the parser makes up as ``investigation-component``; its ``$id`` is the stronger name.
    """
    if not (planned.key_from_file_name and planned.source_id):
        return None
    key = portal_schema_key(planned.source_id, standard=standard)
    return key if key in known and key != planned.key else None


def _rename(plan: ImportPlan, renamed: dict[str, str]) -> None:
    if not renamed:
        return
    for planned in plan.components:
        planned.key = renamed.get(planned.key, planned.key)
        for attribute in planned.attributes:
            attribute.references = renamed.get(attribute.references, attribute.references)


def _note_matches(plan: ImportPlan, matches: dict[str, tuple[str, str]]) -> None:
    by_key = [new for new, how in matches.values() if how == BY_KEY]
    if by_key:
        plan.note(
            "matched_by_key",
            f"Matched to the component with the same key: {', '.join(sorted(by_key))}",
        )
    pointers = {planned.key: planned.pointer for planned in plan.components}
    for old, (new, how) in matches.items():
        if how == BY_ID:
            plan.note(
                "matched_by_id",
                f"“{old}” in the file has the $id of {new}'s download, so it updates {new}",
                pointer=pointers.get(new),
            )
        elif how == BY_TITLE:
            plan.note(
                "matched_by_title",
                f"“{old}” in the file has the same title as {new}, so it updates {new}",
                pointer=pointers.get(new),
            )


def _resolve_portal_refs(plan: ImportPlan, *, standard: str, known: dict[str, Known]) -> None:
    """References to the portal's own component downloads become references to the component."""
    in_file = {planned.key for planned in plan.components}
    resolved: set[str] = set()
    for planned in plan.components:
        for attribute in planned.attributes:
            if not attribute.external_ref:
                continue
            key = portal_schema_key(attribute.external_ref, standard=standard)
            if key is None or (key not in known and key not in in_file):
                continue
            attribute.data_type = DataType.REFERENCE
            attribute.references = key
            unmapped = attribute.extra.get("unmapped", {})
            unmapped.pop("$ref", None)
            if not unmapped:
                attribute.extra.pop("unmapped", None)
            resolved.add(attribute.external_ref_pointer)
            plan.note(
                "portal_ref",
                f"“{attribute.name}” refers to {key}'s download, so it refers to {key}",
                pointer=attribute.external_ref_pointer,
            )
    if resolved:
        plan.warnings = [
            issue
            for issue in plan.warnings
            if not (issue.code == "external_ref" and issue.pointer in resolved)
        ]
