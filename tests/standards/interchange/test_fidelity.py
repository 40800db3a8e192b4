"""The published schema accepts exactly what its source accepts, except where the report says.

For each shared community file and each import case, ``hypothesis-jsonschema`` generates
instances from each source definition, and the exported component must give the same verdict;
then the other way round, generating from the export. Where the importer reports that it could
not keep a property's meaning (a missing ``$ref``, a keyword it cannot export), the report names
the pointer, and that property is left out of the comparison on both sides; definition-level
findings are applied to the source as the report describes them (``required`` names with no
property are ignored; a definition with properties and no type is read as an object).

Bounded for CI: a few examples per definition, derandomised.
"""

from pathlib import Path
from urllib.parse import unquote

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument
from hypothesis_jsonschema import from_schema

from standards.catalogue.selectors import component_versions_for
from standards.demo.catalogue import data_dir
from standards.interchange import exporters, strict_json
from standards.interchange.importers import code_list_parse, json_schema_parse
from standards.interchange.importers.json_schema import VALIDATORS, dialect_of
from standards.versions.services import import_apply
from tests.standards.factories import VersionFactory

CASES = Path(__file__).parent / "import_cases"
COMMUNITY = sorted((data_dir() / "ukhds-damp-and-mould").glob("*.json"))
# Files the importer refuses as a whole; their own tests say so.
REFUSED = frozenset({"huge-numbers.schema.json", "duplicate-object-keys.schema.json"})
JSON_CASES = sorted(p for p in CASES.glob("*.json") if p.name not in REFUSED)
EXAMPLES = 6
# Findings that do not change which instances the export accepts.
HARMLESS = frozenset(
    {
        "no_dialect",
        "missing_description",
        "foreign_key_not_inferred",
        "code_list_like",
        "keyword_property_name",
        "no_root_properties",
        "primary_key_mismatch",
        "deprecated_object",
        "several_types",
        "tuple_translated",
        "outside_dialect",
        "ignored_beside_ref",
        "ignored_keyword",
        "duplicate_key",
        "key_made_up",
        "boolean_schema",
        "root_keyword_not_imported",
        "unknown_format",
    }
)
# Keywords of a definition that describe rather than constrain, or that are other resources.
NOT_CONSTRAINTS = ("$id", "$schema", "definitions", "$defs", "title", "$comment")
BOUNDED = settings(
    max_examples=EXAMPLES,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def numbers_case() -> tuple[str, str]:
    """The huge-numbers case with numbers JSON can hold; the original is refused (see cases)."""
    text = (CASES / "huge-numbers.schema.json").read_text()
    return "numbers.schema.json", text.replace("1e400", "1e300").replace("1e-400", "1e-300")


SOURCES = [
    *[(path.name, path.read_text()) for path in [*COMMUNITY, *JSON_CASES]],
    numbers_case(),
]


def _parts(pointer: str) -> list[str]:
    return (
        [p.replace("~1", "/").replace("~0", "~") for p in pointer[1:].split("/")] if pointer else []
    )


def _at(document, parts):
    for part in parts:
        document = document[int(part)] if isinstance(document, list) else document[part]
    return document


class Comparison:
    """The source and the export, each reduced by what the report says could not be kept."""

    def __init__(self, name: str, text: str, plan, draft):
        self.document = strict_json.loads(text)
        self.dialect = dialect_of(self.document) or "draft-07"
        rows = component_versions_for(version=draft, with_members=True)
        self.export = {
            row.component.key: exporters.component_schema(version=draft, component=row)
            for row in rows
        }
        self.by_url = {schema["$id"]: key for key, schema in self.export.items()}
        self.pointers = self._component_pointers(plan)
        self.compared = self.left_out = 0
        self._apply_report(plan)

    def _component_pointers(self, plan) -> dict[str, str | None]:
        """Component key -> the pointer of its source schema."""
        return {component.key: component.pointer for component in plan.components}

    def _apply_report(self, plan) -> None:
        removed: set[tuple[str, str]] = set()
        for issue in plan.warnings:
            if issue.code in HARMLESS or issue.pointer is None:
                continue
            parts = _parts(issue.pointer)
            owner = self._owner(parts)
            if owner is None:
                continue
            key, depth = owner
            rest = parts[depth:]
            if rest and rest[0] == "properties" and len(rest) > 1:
                removed.add((key, rest[1]))
            elif rest and rest[0] == "required" and len(rest) > 1:
                source = _at(self.document, parts[:depth])
                source["required"][int(rest[1])] = None
            elif not rest and issue.code == "missing_type":
                _at(self.document, parts[:depth])["type"] = "object"
            elif rest:
                _at(self.document, parts[:depth]).pop(rest[0], None)
        for key, name in removed:
            self._remove(key, name)
        for pointer in self.pointers.values():
            if pointer is None:
                continue
            source = _at(self.document, _parts(pointer))
            if isinstance(source.get("required"), list):
                source["required"] = [n for n in source["required"] if n is not None]
        for schema in self.export.values():
            self.compared += len(schema.get("properties", {}))
        self.left_out = len(removed)

    def _owner(self, parts: list[str]) -> tuple[str, int] | None:
        """The component whose source holds this pointer, and its pointer's length."""
        best = None
        for key, pointer in self.pointers.items():
            if pointer is None:
                continue
            own = _parts(pointer)
            if parts[: len(own)] == own and (best is None or len(own) > best[1]):
                best = (key, len(own))
        return best

    def _remove(self, key: str, name: str) -> None:
        source = _at(self.document, _parts(self.pointers[key]))
        source.get("properties", {}).pop(name, None)
        if isinstance(source.get("required"), list):
            source["required"] = [n for n in source["required"] if n != name]
        exported = self.export[key]
        exported.get("properties", {}).pop(name, None)
        if name in exported.get("required", []):
            exported["required"] = [n for n in exported["required"] if n != name]

    # Schemas without references, for generating and validating ---------------------------------

    def source_schema(self, key: str) -> dict:
        pointer = self.pointers[key]
        return self._inline(_at(self.document, _parts(pointer)), self._source_target, set())

    def export_schema(self, key: str) -> dict:
        return self._inline(self.export[key], self._export_target, set())

    def _source_target(self, ref: str):
        fragment = ref.partition("#")[2]
        return fragment, _at(self.document, _parts(fragment))

    def _export_target(self, ref: str):
        return ref, self.export[self.by_url[ref]]

    def _inline(self, schema, target_of, seen: set):
        if isinstance(schema, list):
            return [self._inline(item, target_of, seen) for item in schema]
        if not isinstance(schema, dict):
            return schema
        if "$ref" in schema:
            name, target = target_of(unquote(schema["$ref"]))
            if name in seen:
                pytest.skip(f"{name} refers to itself, which the generator cannot follow")
            inlined = self._inline(target, target_of, seen | {name})
            return {k: v for k, v in inlined.items() if k not in NOT_CONSTRAINTS}
        return {
            key: self._inline(value, target_of, seen)
            for key, value in schema.items()
            if key not in {"definitions", "$defs", "$id", "$schema"}
        }


def _for_generator(schema):
    """2020-12 tuples in the spelling the generator knows (draft-07 items lists)."""
    if isinstance(schema, list):
        return [_for_generator(item) for item in schema]
    if not isinstance(schema, dict):
        return schema
    converted = {key: _for_generator(value) for key, value in schema.items()}
    if "prefixItems" in converted:
        converted["items"], rest = converted.pop("prefixItems"), converted.get("items")
        if rest is not None:
            converted["additionalItems"] = rest
    return converted


def _strategy(schema):
    """Instances for a schema, or None where the generator cannot make any.

    hypothesis-jsonschema draws objects with Hypothesis internals that the installed Hypothesis
    no longer has, so objects and lists are assembled here and the generator is used for
    everything inside them. Instances are checked against their own side before comparing, so
    a strategy that is looser than its schema costs examples, not correctness.
    """
    try:
        return _strategy_for(_for_generator(schema))
    except (InvalidArgument, jsonschema.exceptions.SchemaError, KeyError, TypeError):
        return None


def _strategy_for(schema):
    if isinstance(schema, bool):
        return st.from_type(object).map(lambda _value: None) if schema else st.nothing()
    options = schema.get("anyOf") or schema.get("oneOf")
    if isinstance(options, list) and not {"properties", "type", "items"} & schema.keys():
        return st.one_of([_strategy_for(option) for option in options])
    types = schema.get("type")
    types = [types] if isinstance(types, str) else list(types or [])
    if "properties" in schema and not types:
        types = ["object"]
    shaped = {"object": _object_strategy, "array": _array_strategy}
    strategies = [shaped[t](schema) for t in types if t in shaped]
    others = [t for t in types if t not in shaped]
    if others or not strategies:
        rest = {k: v for k, v in schema.items() if k not in SHAPE_KEYWORDS}
        if types:
            rest["type"] = others
        strategies.append(from_schema(rest))
    return st.one_of(strategies)


SHAPE_KEYWORDS = frozenset(
    {"properties", "required", "additionalProperties", "items", "additionalItems"}
    | {"minItems", "maxItems", "uniqueItems", "type"}
)


def _object_strategy(schema):
    properties = schema.get("properties", {})
    required = [name for name in schema.get("required", []) if name in properties]
    return st.fixed_dictionaries(
        {name: _strategy_for(properties[name]) for name in required},
        optional={
            name: _strategy_for(value) for name, value in properties.items() if name not in required
        },
    )


def _array_strategy(schema):
    items = schema.get("items", True)
    if isinstance(items, list):
        return st.tuples(*[_strategy_for(member) for member in items]).map(list)
    low = schema.get("minItems", 0)
    return st.lists(_strategy_for(items), min_size=low, max_size=max(low, 3))


def _same_verdict(what: str, generated_from: str, strategy, own, other) -> None:
    """Every instance the generator's side accepts, the other side accepts too."""

    @BOUNDED
    @given(instance=strategy)
    def check(instance):
        if own(instance):
            assert other(instance), (
                f"{what}: {instance!r}, generated from the {generated_from}, is accepted there "
                "but not by the other side"
            )

    check()


@pytest.mark.parametrize(("name", "text"), SOURCES, ids=[name for name, _text in SOURCES])
def test_export_gives_the_same_verdict_as_the_source(name, text, db, steward):
    plan = json_schema_parse(text, source=name)
    draft = VersionFactory()
    import_apply(actor=steward, version=draft, plan=plan)
    comparison = Comparison(name, text, plan, draft)
    source_validator = VALIDATORS[comparison.dialect]
    checked = 0
    for key, pointer in comparison.pointers.items():
        if pointer is None or key not in comparison.export:
            continue
        source = comparison.source_schema(key)
        export = comparison.export_schema(key)
        source_ok = source_validator(source).is_valid
        export_ok = jsonschema.Draft202012Validator(export).is_valid
        for generated_from, strategy, own, other in (
            ("source", _strategy(source), source_ok, export_ok),
            ("export", _strategy(export), export_ok, source_ok),
        ):
            if strategy is None:
                assert generated_from == "export", f"cannot generate from the source of {key}"
                continue

            _same_verdict(f"{name} {key}", generated_from, strategy, own, other)
            checked += 1
    assert checked >= 1
    # The comparison must not hollow itself out by leaving most properties aside.
    assert comparison.left_out <= max(4, comparison.compared // 4)


@pytest.mark.parametrize(
    "path",
    [data_dir() / "person-alert-codes.csv", CASES / "column-names-and-deprecation.csv"],
    ids=lambda path: path.name,
)
def test_code_list_export_accepts_exactly_the_codes_in_the_file(path, db, steward):
    plan = code_list_parse(path.read_bytes(), source=path.name, key="codes", name="Codes")
    draft = VersionFactory()
    import_apply(actor=steward, version=draft, plan=plan)
    row = component_versions_for(version=draft, with_members=True)[0]
    schema = exporters.component_schema(version=draft, component=row)
    values = {code.value for code in plan.components[0].codes}
    validator = jsonschema.Draft202012Validator(schema)

    assert all(validator.is_valid(value) for value in values)

    @BOUNDED
    @given(st.one_of(st.text(max_size=12), st.sampled_from(sorted(values)), from_schema(schema)))
    def same_verdict(value):
        assert validator.is_valid(value) == (value in values)

    same_verdict()
