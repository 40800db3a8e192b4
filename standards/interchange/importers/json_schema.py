"""JSON Schema (draft-07, 2019-09, 2020-12) to components and attributes.

The contract: each keyword in the file is mapped to a field, carried into the export unchanged,
or reported with its JSON Pointer, so that the published schema accepts exactly the instances
the source accepts unless the report says where, and why, it could not. Mapping, decided once
so every file is read the same way:

- Numbers are read strictly (``strict_json``): a number JSON tools cannot read back as written
  (``1e400``, ``1e-400``, ``NaN``) refuses the file, naming its pointer. Integers stay exact.
- The file is checked against its dialect's meta-schema first. A keyword whose value is of the
  wrong kind (``"type": "str"``, a bad regular expression in ``pattern``) is reported with its
  pointer and value and never exported as given; a ``format`` that is not a known format (a
  regular expression written there, say) is reported and not kept.
- Each entry of ``definitions`` or ``$defs``, at any depth, becomes a component keyed by its
  name with underscores turned into hyphens (``work_order`` becomes ``work-order``). Two names
  that give the same key both become components: the later one gets ``-2``, and the report
  names both. An object definition becomes an entity; a definition that is only an ``enum``
  becomes a code list whose codes are the enum values.
- "Code-list-like tables" (an id column plus a code or name column, with no values in the file)
  stay entities: the file holds their shape, not their codes. They are reported.
- The root ``properties``, if any, become one more entity named after the file
  (``work_order.schema.json`` becomes ``work-order-component``): it is the file's envelope.
- ``$ref`` is resolved as the specification says: against the file's ``$id``, percent-decoded,
  then as an RFC 6901 pointer (``~1`` before ``~0``), with ``definitions`` and ``$defs`` kept
  apart and letter case significant. A reference to a definition that became a component is a
  reference attribute; a reference to anything else, or outside the file, is reported (never
  fetched) and the property kept as a string.
- ``type: [X, "null"]``, ``anyOf``/``oneOf`` of ``[X, {"type": "null"}]``, ``null`` in ``enum``
  and OpenAPI 3.0 ``nullable: true`` (with a warning) mean nullable. ``type: "array"`` means
  cardinality many; tuple arrays (draft-07 ``items`` lists, 2020-12 ``prefixItems``) and boolean
  subschemas are carried into the export. Several types are carried as a type list.
- Validation keywords with no field of their own (``maxLength``, ``minimum``, ``const``...) and
  ``x-`` extension keywords are kept in ``extra["keywords"]`` and exported again. Anything else
  (``oneOf``, ``allOf``, ``patternProperties``, non-standard keywords) is kept in
  ``extra["unmapped"]`` for reference, reported, and not exported.
"""

import contextlib
import copy
import json
import re
from pathlib import PurePath
from typing import Any
from urllib.parse import unquote, urldefrag, urljoin

import jsonschema
from django.utils.text import slugify

from standards.choices import Cardinality, ComponentKind, DataType
from standards.engine.keys import attribute_name_problem, code_value_problem
from standards.engine.patterns import pattern_fault
from standards.interchange import strict_json
from standards.interchange.importers.dialects import (
    ADDRESSES,
    DRAFT_04,
    DRAFT_2019_09,
    EVERY_KEYWORD,
    ORDER,
    VALIDATORS,
    dialect_rank,
    dialects_with,
    has_keyword,
)
from standards.interchange.importers.plan import AttributePlan, CodePlan, ComponentPlan, ImportPlan
from standards.interchange.importers.version_json import is_version_json, version_json_read
from standards.interchange.strict_json import json_pointer

FORMAT = "json_schema"
# Real schemas nest a few dozen levels at most; this keeps well inside Python's recursion limit.
MAX_DEPTH = 100
TOO_DEEP_MESSAGE = (
    f"The file is nested more than {MAX_DEPTH} levels deep. Check it is the schema you meant "
    "to upload"
)

JSON_TYPES = frozenset({"string", "integer", "number", "boolean", "object", "array", "null"})
# The formats the JSON Schema specifications define, and the OpenAPI format registry's common
# ones. Anything else in ``format`` is reported rather than published as if it were a format.
KNOWN_FORMATS = frozenset(
    {
        "date-time",
        "date",
        "time",
        "duration",
        "email",
        "idn-email",
        "hostname",
        "idn-hostname",
        "ipv4",
        "ipv6",
        "uri",
        "uri-reference",
        "iri",
        "iri-reference",
        "uuid",
        "uri-template",
        "json-pointer",
        "relative-json-pointer",
        "regex",
        "int32",
        "int64",
        "float",
        "double",
        "byte",
        "binary",
        "password",
    }
)

# Names a naive walker would take for keywords if they appeared as property names.
SCHEMA_KEYWORDS = frozenset(
    {
        "type",
        "properties",
        "items",
        "required",
        "enum",
        "format",
        "pattern",
        "description",
        "definitions",
        "$defs",
        "$ref",
        "title",
        "default",
        "examples",
        "const",
    }
)

# Keywords with no field of their own that the exporter writes back unchanged.
PASSTHROUGH = frozenset(
    {
        "title",
        "minLength",
        "maxLength",
        "minimum",
        "maximum",
        "exclusiveMinimum",
        "exclusiveMaximum",
        "multipleOf",
        "minItems",
        "maxItems",
        "uniqueItems",
        "default",
        "const",
        "readOnly",
        "writeOnly",
        "$comment",
        "contentEncoding",
        "contentMediaType",
    }
)

# Keywords that describe rather than constrain: kept beside $ref in every dialect.
ANNOTATIONS = frozenset(
    {"description", "title", "$comment", "examples", "example", "default", "deprecated"}
    | {"readOnly", "writeOnly"}
)
# Keywords ``_type`` maps for a plain property, which beside a $ref are carried as written.
REF_SIBLINGS_HANDLED = ("type", "format", "pattern", "enum")
PROPERTY_HANDLED = frozenset(
    {"type", "description", "format", "pattern", "enum", "items", "$ref", "examples"}
    | {"example", "deprecated", "nullable"}
)
ARRAY_HANDLED = frozenset({"prefixItems", "additionalItems"})
DEFINITION_HANDLED = frozenset(
    {"type", "description", "properties", "required", "additionalProperties", "deprecated"}
    | {"$schema", "$id", "$comment", "title", "$anchor"}
)
DOCUMENT_ONLY = frozenset({"definitions", "$defs"})
# Keywords that make a subschema mean something different in draft-07 and 2020-12, or point
# elsewhere, so it cannot be carried into a 2020-12 export word for word.
NOT_CARRIED = frozenset(
    {"$ref", "$id", "$anchor", "$dynamicRef", "$recursiveRef", "definitions", "$defs"}
    | {"additionalItems", "dependencies"}
)

SIMPLE_TYPES = {
    "string": DataType.STRING,
    "integer": DataType.INTEGER,
    "number": DataType.NUMBER,
    "boolean": DataType.BOOLEAN,
}
FORMAT_TYPES = {"date": DataType.DATE, "date-time": DataType.DATE_TIME}
# OpenAPI 3.1's default dialect is its own superset of 2020-12, read here as 2020-12.
DEFAULT_OPENAPI_DIALECT = "https://json-schema.org/draft/2020-12/schema"
OPENAPI_DOCUMENT = frozenset(
    {"openapi", "info", "jsonSchemaDialect", "servers", "paths", "webhooks", "components"}
    | {"security", "tags", "externalDocs"}
)
# What JSON Schema cannot say: a code list is an enum of bare values, so a code's label,
# definition, parent, properties and deprecation are not in the file; nor is a deprecation note
# unless ``deprecated`` is given as an object.
KEPT_FIELDS = {
    "component": ["deprecation_note"],
    "attribute": ["deprecation_note"],
    "code": [
        "label",
        "definition",
        "parent_value",
        "properties",
        "deprecated",
        "deprecation_note",
        "replaced_by",
    ],
}
OWN_ID_OPENINGS = ("unique identifier", "unique id", "unique reference", "a unique reference")
REGEX_LOOKING = re.compile(r"[\^$\[\]()\\*+?{}|]")
# Longest value quoted back in a report message.
QUOTE_LIMIT = 120


def component_key(name: str) -> str:
    """``work_order`` and ``WorkOrder`` become ``work-order``: hyphenated, as URLs prefer."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "-", name)
    return slugify(spaced.replace("_", "-"))[:100]


def humanise(name: str) -> str:
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", name).replace("_", " ").replace("-", " ")
    words = " ".join(words.split())
    return words[:1].upper() + words[1:].lower() if words else name


def source_stem(source: str) -> str:
    name = PurePath(source).name
    for suffix in (".json", ".JSON", ".schema"):
        name = name.removesuffix(suffix)
    return name or "schema"


def dialect_of(document: dict) -> str | None:
    """One of ``dialects.ORDER`` from ``$schema``, in either URL scheme; else None."""
    value = document.get("$schema")
    if not isinstance(value, str):
        return None
    address = value.strip().rstrip("#").rstrip("/")
    for scheme in ("https://", "http://"):
        address = address.removeprefix(scheme)
    return ADDRESSES.get(address)


def quoted(value: Any) -> str:
    """A value as JSON, shortened for a report message."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= QUOTE_LIMIT else text[: QUOTE_LIMIT - 1] + "…"


def json_schema_parse(content: bytes | str, *, source: str) -> ImportPlan:
    """Read one JSON Schema file into a plan. Never raises for bad input: it reports it."""
    plan = ImportPlan(
        source=source,
        format=FORMAT,
        kept_fields=copy.deepcopy(KEPT_FIELDS),
        kept_extra={"component": ["unmapped"], "attribute": ["unmapped"]},
    )
    document = _load(content, plan)
    if document is None:
        return plan
    if is_version_json(document):
        plan.kept_fields, plan.kept_extra = {}, {}
        version_json_read(document, plan)
        return plan
    _Walker(document, plan).walk()
    return plan


def _load(content: bytes | str, plan: ImportPlan) -> dict | None:
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = content[: error.start].count(b"\n") + 1
            plan.error("not_utf8", "The file must be saved as UTF-8 text", line=line)
            return None
    try:
        document = strict_json.loads(content, max_depth=MAX_DEPTH)
    except (strict_json.TooDeep, RecursionError):
        plan.error("too_deep", TOO_DEEP_MESSAGE, pointer="")
        return None
    except json.JSONDecodeError as error:
        plan.error(
            "invalid_json",
            f"The file is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}",
            line=error.lineno,
        )
        return None
    if not isinstance(document, dict):
        plan.error("not_object", "The file must hold a JSON Schema object", pointer="")
        return None
    if _deeper_than(document, MAX_DEPTH):
        # The walker recurses too, and so does saving the report: stop at a depth no real
        # schema reaches rather than fail part way.
        plan.error("too_deep", TOO_DEEP_MESSAGE, pointer="")
        return None
    nul = _first_nul(document)
    if nul is not None:
        # PostgreSQL cannot store the NUL character in text, so refuse it here, by pointer.
        plan.error(
            "nul_character",
            "The file has a NUL character (\\u0000), which text cannot hold. Remove it",
            pointer=nul,
        )
        return None
    for pointer in strict_json.named_twice(document):
        plan.error(
            "duplicate_name",
            f"“{_pointer_parts(pointer)[-1]}” is given more than once in the same object. JSON "
            "tools disagree about which one counts, so keep only the one you mean",
            pointer=pointer,
        )
    if plan.errors:
        return None
    numbers = strict_json.unrepresentable(document)
    for pointer, number in numbers:
        plan.error(
            "unrepresentable_number",
            f"The number {number.text} {number.reason}. Write a number within the range of "
            "a double-precision number, or leave the keyword out",
            pointer=pointer,
        )
    return None if numbers else document


def _first_nul(document: Any) -> str | None:
    """The pointer of the first name or text holding a NUL character, or None."""
    stack: list[tuple[tuple, Any]] = [((), document)]
    while stack:
        parts, value = stack.pop()
        if isinstance(value, str) and "\x00" in value:
            return json_pointer(*parts)
        if isinstance(value, dict):
            for key, child in value.items():
                if "\x00" in key:
                    return json_pointer(*parts, key)
                stack.append(((*parts, key), child))
        elif isinstance(value, list):
            stack.extend(((*parts, index), child) for index, child in enumerate(value))
    return None


def _deeper_than(document: Any, limit: int) -> bool:
    """Whether objects and arrays nest more than `limit` levels, checked without recursion."""
    stack = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > limit:
            return True
        children = value.values() if isinstance(value, dict) else value
        stack.extend((child, depth + 1) for child in children if isinstance(child, dict | list))
    return False


def _carryable(schema: Any) -> bool:
    """Whether a subschema means the same in a 2020-12 export as in its source, word for word."""
    stack = [schema]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            if NOT_CARRIED & value.keys() or isinstance(value.get("items"), list):
                return False
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return True


class _Walker:
    def __init__(self, document: dict, plan: ImportPlan) -> None:
        self.document = document
        self.plan = plan
        # An OpenAPI 3.1 document's schemas are in components/schemas, in its JSON Schema dialect.
        self.openapi = isinstance(document.get("openapi"), str)
        if self.openapi:
            self.dialect = (
                dialect_of({"$schema": document.get("jsonSchemaDialect", DEFAULT_OPENAPI_DIALECT)})
                or "2020-12"
            )
        else:
            self.dialect = dialect_of(document) or "draft-07"
        # Definition pointer -> (name, schema), from definitions and $defs at any depth.
        self.definitions: dict[str, tuple[str, Any]] = {}
        # Definition pointer -> component key, for the definitions that became components.
        self.imported: dict[str, str] = {}
        self.keys_used: dict[str, str] = {}
        # Pointer -> message, for keyword values the meta-schema refuses.
        self.invalid: dict[str, str] = {}
        # draft-04 names a schema's address ``id``; later dialects ``$id``.
        self.id_keyword = "id" if self.dialect == DRAFT_04 else "$id"
        base = document.get(self.id_keyword)
        self.base = urldefrag(base)[0] if isinstance(base, str) else ""
        # Absolute address (no fragment) -> pointer of the schema resource it names.
        self.resources: dict[str, str] = {"": "", self.base: ""}
        # Plain-name fragment -> pointer, from $anchor (and draft-07 "$id": "#name").
        self.anchors: dict[str, str] = {}

    def walk(self) -> None:
        self._check_dialect()
        self._check_keyword_values()
        self._collect_definitions(self.document, [])
        if self.openapi:
            self._collect_openapi_schemas()
        for pointer, (name, schema) in self.definitions.items():
            if self._classify(name, pointer, schema) is not None:
                self.imported[pointer] = self._key_for(name, pointer, component_key(name))
        for pointer, key in self.imported.items():
            name, schema = self.definitions[pointer]
            component = self._component(name, key, pointer, schema)
            component.pointer = pointer
            component.source_id = self._absolute_id(schema)
            self.plan.components.append(component)
        self._root()
        if not self.plan.components and not self.plan.errors:
            self.plan.error(
                "nothing_to_import",
                "The file has no definitions and no properties, so there is nothing to import",
                pointer="",
            )

    def _key_for(self, name: str, pointer: str, wanted: str) -> str:
        """A key no other component of this file has, reporting any change from ``wanted``."""
        base = wanted or "definition"
        key, number = base, 2
        while key in self.keys_used:
            key = f"{base[:95]}-{number}"
            number += 1
        if not wanted:
            self.plan.warn(
                "key_made_up",
                f"“{name}” has no letters or digits to make a key from, so it was imported "
                f"with the key “{key}”",
                pointer=pointer,
            )
        elif key != wanted:
            self.plan.warn(
                "duplicate_key",
                f"“{name}” would have the same key, “{wanted}”, as “{self.keys_used[wanted]}”, "
                f"so it was imported with the key “{key}”. Rename one of them to choose the keys",
                pointer=pointer,
            )
        self.keys_used[key] = name
        return key

    # Document level -----------------------------------------------------------------------

    def _check_dialect(self) -> None:
        dialect = self.document.get("$schema")
        if self.openapi:
            if dialect_of({"$schema": self.document.get("jsonSchemaDialect", "")}) is None:
                self.plan.warn(
                    "unknown_dialect",
                    "The OpenAPI document does not name draft-07, 2019-09 or 2020-12 in "
                    "jsonSchemaDialect, so its schemas were read as 2020-12",
                    pointer="/jsonSchemaDialect" if "jsonSchemaDialect" in self.document else "",
                )
            return
        if dialect is None:
            self.plan.warn(
                "no_dialect",
                "The file does not say which JSON Schema version it uses ($schema), "
                "so it was read as draft-07",
                pointer="",
            )
        elif dialect_of(self.document) is None:
            self.plan.warn(
                "unknown_dialect",
                f"$schema {quoted(dialect)} is not {', '.join(ORDER[:-1])} or {ORDER[-1]}; "
                "the file was read as if it were draft-07",
                pointer="/$schema",
            )

    def _check_keyword_values(self) -> None:
        """Report every keyword whose value its dialect's meta-schema refuses, by pointer."""
        validator_class = VALIDATORS[self.dialect]
        # Patterns are ECMA-262, not Python's dialect, which jsonschema's own check uses.
        format_checker = copy.copy(validator_class.FORMAT_CHECKER)
        format_checker.checkers = {
            **format_checker.checkers,
            "regex": (lambda value: not isinstance(value, str) or not pattern_fault(value), ()),
        }
        validator = validator_class(validator_class.META_SCHEMA, format_checker=format_checker)
        document = {key: value for key, value in self.document.items() if key != "$schema"}
        try:
            errors = sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.path)))
        except (
            jsonschema.exceptions.SchemaError,
            jsonschema.exceptions.FormatError,
            RecursionError,
        ):
            self.plan.warn(
                "not_checked",
                f"The file could not be checked against the {self.dialect} meta-schema, so "
                "keyword values of the wrong kind may not have been reported",
                pointer="",
            )
            return
        for error in errors:
            parts = list(error.absolute_path)
            if parts and parts[-1] == "deprecated" and isinstance(error.instance, dict):
                continue  # An object here is read as a deprecation note: see _deprecation.
            pointer = json_pointer(*parts)
            if pointer in self.invalid:
                continue
            keyword = str(parts[-1]) if parts else "the file"
            message = (
                f"“{keyword}” holds {quoted(error.instance)}, which is not allowed there in "
                f"{self.dialect} ({_reason(error)}). It was not imported or exported as given"
            )
            self.invalid[pointer] = message
            self.plan.warn("invalid_keyword_value", message, pointer=pointer)

    def _is_invalid(self, pointer: str) -> bool:
        return any(p == pointer or p.startswith(pointer + "/") for p in self.invalid)

    def _collect_openapi_schemas(self) -> None:
        schemas = (self.document.get("components") or {}).get("schemas")
        if not isinstance(schemas, dict):
            return
        self.plan.note(
            "openapi",
            "The file is an OpenAPI document: each of its components/schemas was read as a "
            "definition",
            pointer="/components/schemas",
        )
        for name, definition in schemas.items():
            pointer = json_pointer("components", "schemas", name)
            self.definitions[pointer] = (name, definition)
            if isinstance(definition, dict):
                self._collect_resource(pointer, definition)
                self._collect_definitions(definition, ["components", "schemas", name])

    def _collect_definitions(self, schema: dict, parts: list) -> None:
        for keyword in ("definitions", "$defs"):
            block = schema.get(keyword)
            if block is None:
                continue
            if not isinstance(block, dict):
                self.plan.warn(
                    "unmappable",
                    f"{keyword} must be an object of named schemas, so it was ignored",
                    pointer=json_pointer(*parts, keyword),
                )
                continue
            for name, definition in block.items():
                pointer = json_pointer(*parts, keyword, name)
                self.definitions[pointer] = (name, definition)
                if isinstance(definition, dict):
                    self._collect_resource(pointer, definition)
                    self._collect_definitions(definition, [*parts, keyword, name])

    def _collect_resource(self, pointer: str, schema: dict) -> None:
        anchor = schema.get("$anchor")
        if isinstance(anchor, str):
            self.anchors.setdefault(anchor, pointer)
        own_id = schema.get(self.id_keyword)
        if isinstance(own_id, str):
            if own_id.startswith("#"):
                self.anchors.setdefault(own_id[1:], pointer)
            else:
                # An $id that is not a URL names nothing a reference could reach.
                with contextlib.suppress(ValueError):
                    self.resources.setdefault(urldefrag(urljoin(self.base, own_id))[0], pointer)

    def _absolute_id(self, schema: Any) -> str:
        """The absolute address a schema's own ``$id`` gives it, without a fragment, or ""."""
        own_id = schema.get(self.id_keyword) if isinstance(schema, dict) else None
        if not isinstance(own_id, str) or own_id.startswith("#"):
            return ""
        try:
            return urldefrag(urljoin(self.base, own_id))[0]
        except ValueError:
            return ""

    def _resolve(self, ref: str) -> tuple[str, str]:
        """("found" | "missing" | "external", pointer or address) for a ``$ref``."""
        try:
            address = urljoin(self.base, ref) if self.base else ref
            url, fragment = urldefrag(address)
        except ValueError:
            return "external", ref
        if url not in self.resources:
            return "external", address
        start = self.resources[url]
        if not fragment.startswith("/") and fragment:
            anchor = self.anchors.get(unquote(fragment))
            return ("found", anchor) if anchor is not None else ("missing", fragment)
        parts = _pointer_parts(start)
        value: Any = self.document
        for part in parts:
            value = value[int(part)] if isinstance(value, list) else value[part]
        if fragment:
            for token in unquote(fragment)[1:].split("/"):
                token = token.replace("~1", "/").replace("~0", "~")
                if isinstance(value, dict) and token in value:
                    value = value[token]
                elif isinstance(value, list) and token.isdigit() and int(token) < len(value):
                    value = value[int(token)]
                else:
                    return "missing", fragment
                parts.append(token)
        return "found", json_pointer(*parts)

    def _classify(self, name: str, pointer: str, schema: Any) -> str | None:
        """The kind of component a definition becomes, or None (reported) if it cannot be one."""
        if not isinstance(schema, dict):
            self.plan.warn(
                "unmappable",
                f"Definition “{name}” is not a schema object, so it was not imported",
                pointer=pointer,
            )
            return None
        if "enum" in schema and "properties" not in schema:
            return ComponentKind.CODE_LIST
        if "properties" in schema or _types(schema.get("type")) == ["object"]:
            return ComponentKind.ENTITY
        if DOCUMENT_ONLY & schema.keys():
            return None  # Only a container for nested definitions, each imported on its own.
        self.plan.warn(
            "unmappable",
            f"Definition “{name}” is neither an object with properties nor an enum, so it "
            "cannot be a component and was not imported",
            pointer=pointer,
        )
        return None

    def _root(self) -> None:
        properties = self.document.get("properties")
        if properties is None and "enum" in self.document:
            # A code list on its own, as the portal's per-component downloads of code lists are.
            self._root_component()
            return
        if properties is None:
            if self.definitions:
                self.plan.warn(
                    "no_root_properties",
                    "The file has only definitions and no root properties. Each definition "
                    "was imported as a component, and no component was made for the file itself",
                    pointer="",
                )
            self._root_keywords_left()
            return
        self._root_component()

    def _root_component(self) -> None:
        stem = source_stem(self.plan.source)
        key = component_key(stem)
        if not key.endswith("component"):
            key = f"{key}-component"
        key = self._key_for(f"the file’s root ({stem})", "/properties", key)
        self.imported[""] = key
        title = self.document.get("title")
        name = str(title) if title else humanise(stem)
        component = self._component(name, key, "", self.document, root=True)
        component.pointer = ""
        component.source_id = self.base
        component.key_from_file_name = True
        self.plan.components.append(component)

    def _root_keywords_left(self) -> None:
        """With no root component, say which root keywords therefore go nowhere."""
        about_file = {"$schema", "$id", "$comment", "title", "description", "type"}
        if self.openapi:
            about_file |= OPENAPI_DOCUMENT
        for keyword in self.document:
            if keyword in about_file or keyword in DOCUMENT_ONLY:
                continue
            self.plan.warn(
                "root_keyword_not_imported",
                f"The file’s root uses “{keyword}”, but the root has no properties and so "
                "became no component; it was not imported",
                pointer=json_pointer(keyword),
            )

    # Components ---------------------------------------------------------------------------

    def _component(
        self, name: str, key: str, pointer: str, schema: dict, *, root: bool = False
    ) -> ComponentPlan:
        if self._classify_quiet(schema) == ComponentKind.CODE_LIST:
            return self._code_list(name, key, pointer, schema)
        component = ComponentPlan(
            key=key,
            name=name if root else str(schema.get("title") or humanise(name)),
            kind=ComponentKind.ENTITY,
            definition=_text(schema.get("description")),
        )
        what = "The file" if root else f"Definition “{name}”"
        self._deprecation(component, what, pointer, schema)
        if not component.definition:
            self.plan.warn(
                "missing_description",
                f"{what} has no description, so the component has no definition",
                pointer=pointer,
            )
        if "type" not in schema:
            self.plan.warn(
                "missing_type",
                f"{what} has no type, so it accepts values that are not objects too; it was "
                "read as an object because it has properties, and is exported as one",
                pointer=pointer,
            )
        self._definition_keywords(component, what, pointer, schema, root=root)
        types = _types(schema.get("type"))
        if "null" in types and types != ["null"]:
            # An object that may be null: carried as the file gives it, so null stays valid.
            component.extra.setdefault("keywords", {})["type"] = types
        properties = schema.get("properties") or {}
        if not isinstance(properties, dict):
            self.plan.warn(
                "unmappable",
                f"{what}: properties must be an object, so none were imported",
                pointer=pointer + "/properties",
            )
            properties = {}
        required = self._required(what, pointer, schema, properties)
        for index, (prop_name, prop_schema) in enumerate(properties.items()):
            attribute = self._attribute(
                prop_name=prop_name,
                schema=prop_schema,
                pointer=json_pointer(*_pointer_parts(pointer), "properties", prop_name),
                index=index,
                required=prop_name in required,
            )
            if attribute is not None:
                component.attributes.append(attribute)
        if not root:
            self._foreign_keys(name, pointer, schema, component.attributes)
            self._code_list_like(name, pointer, component)
        return component

    def _classify_quiet(self, schema: dict) -> str:
        if "enum" in schema and "properties" not in schema:
            return ComponentKind.CODE_LIST
        return ComponentKind.ENTITY

    def _deprecation(self, row: ComponentPlan | AttributePlan, what: str, pointer: str, schema):
        """``deprecated: true``, or an object with a note and a version, which some tools write."""
        value = schema.get("deprecated")
        if value is None or value is False:
            return
        if value is True:
            row.deprecated = True
            return
        here = json_pointer(*_pointer_parts(pointer), "deprecated")
        if isinstance(value, dict):
            row.deprecated = True
            note = value.get("description", value.get("note"))
            row.deprecation_note = note.strip() if isinstance(note, str) else ""
            version = value.get("deprecatedVersion", value.get("since"))
            if version is not None:
                row.extra["deprecated_in"] = str(version)
            row.extra["deprecation"] = value
            self.plan.warn(
                "deprecated_object",
                f"{what} gives deprecated as an object, not true or false. It was marked "
                "deprecated, keeping its note and version; the export says deprecated: true",
                pointer=here,
            )
            return
        if here not in self.invalid:
            self.plan.warn(
                "invalid_keyword_value",
                f"{what}: deprecated holds {quoted(value)}, which is not true or false, so it "
                "was not imported",
                pointer=here,
            )

    def _definition_keywords(
        self, component: ComponentPlan, what: str, pointer: str, schema: dict, *, root: bool
    ) -> None:
        keywords: dict = {}
        unmapped: dict = {}
        for keyword, value in schema.items():
            here = json_pointer(*_pointer_parts(pointer), keyword)
            if keyword in DOCUMENT_ONLY:
                continue  # Nested definitions are components of their own.
            if self._is_invalid(here):
                unmapped[keyword] = value
            elif keyword == "additionalProperties":
                if isinstance(value, bool):
                    keywords[keyword] = value
                else:
                    unmapped[keyword] = value
                    self.plan.warn(
                        "unmappable",
                        f"{what}: additionalProperties with a schema cannot be mapped to "
                        "attributes; it was kept for reference but is not exported",
                        pointer=here,
                    )
            elif keyword in DEFINITION_HANDLED or keyword == self.id_keyword:
                continue
            elif self._outside_dialect(what, keyword, here):
                unmapped[keyword] = value
            elif keyword in PASSTHROUGH or keyword == "examples" or keyword.startswith("x-"):
                keywords[keyword] = value
            else:
                unmapped[keyword] = value
                self._not_exported(what, keyword, here, "attributes")
        self._draft_04_bounds(keywords, pointer)
        if keywords:
            component.extra["keywords"] = keywords
        if unmapped:
            component.extra["unmapped"] = unmapped
        if "primaryKey" in schema:
            self._primary_key(what, pointer, schema)

    def _primary_key(self, what: str, pointer: str, schema: dict) -> None:
        properties = schema.get("properties") or {}
        declared = schema["primaryKey"] if isinstance(schema["primaryKey"], list) else []
        missing = [column for column in declared if column not in properties]
        if missing:
            self.plan.warn(
                "primary_key_mismatch",
                f"{what}: primaryKey names {', '.join(map(str, missing))}, which is not one "
                "of its properties",
                pointer=json_pointer(*_pointer_parts(pointer), "primaryKey"),
            )

    def _required(self, what: str, pointer: str, schema: dict, properties: dict) -> set[str]:
        required = schema.get("required", [])
        if not isinstance(required, list):
            self.plan.warn(
                "unmappable",
                f"{what}: required must be a list of property names, so it was ignored",
                pointer=json_pointer(*_pointer_parts(pointer), "required"),
            )
            return set()
        for index, prop_name in enumerate(required):
            if prop_name not in properties:
                self.plan.warn(
                    "required_undefined",
                    f"{what} lists “{prop_name}” as required, but has no such property, "
                    "so it was ignored",
                    pointer=json_pointer(*_pointer_parts(pointer), "required", index),
                )
        return {str(name) for name in required}

    def _code_list(self, name: str, key: str, pointer: str, schema: dict) -> ComponentPlan:
        component = ComponentPlan(
            key=key,
            name=str(schema.get("title") or humanise(name)),
            kind=ComponentKind.CODE_LIST,
            definition=_text(schema.get("description")),
        )
        self._deprecation(component, f"Definition “{name}”", pointer, schema)
        if not component.definition:
            self.plan.warn(
                "missing_description",
                f"Definition “{name}” has no description, so the code list has no definition",
                pointer=pointer,
            )
        values = schema.get("enum")
        if not isinstance(values, list):
            self.plan.warn(
                "unmappable", "enum must be a list, so no codes were imported", pointer=pointer
            )
            return component
        types = [t for t in _types(schema.get("type")) if t != "null"]
        if not types:
            types = sorted({_json_type(value) for value in values if value is not None})
            if types == ["integer", "number"]:
                types = ["number"]
        if len(types) > 1:
            self.plan.warn(
                "unmappable",
                f"Definition “{name}” mixes values of several types ({', '.join(types)}); "
                "its codes were imported and exported as text",
                pointer=json_pointer(*_pointer_parts(pointer), "enum"),
            )
        elif types and types[0] in {"integer", "number", "boolean"}:
            component.extra["value_type"] = types[0]
        seen: set[str] = set()
        for index, value in enumerate(values):
            here = json_pointer(*_pointer_parts(pointer), "enum", index)
            if value is None or isinstance(value, (dict, list)):
                self.plan.warn(
                    "unmappable",
                    f"Enum value {quoted(value)} cannot be a code, so it was not imported",
                    pointer=here,
                )
                continue
            text = json.dumps(value) if isinstance(value, bool) else str(value)
            if text in seen:
                self.plan.warn(
                    "duplicate_code",
                    f"Code “{text}” is listed twice; it was imported once",
                    pointer=here,
                )
                continue
            seen.add(text)
            problem = code_value_problem(text)
            if problem:
                self.plan.error(
                    "bad_code",
                    f"Enum value {quoted(value)} cannot be a code. {problem}",
                    pointer=here,
                )
                continue
            component.codes.append(CodePlan(key=text, value=text, sort_order=index, pointer=here))
        return component

    # Attributes ---------------------------------------------------------------------------

    def _attribute(
        self, *, prop_name: str, schema: Any, pointer: str, index: int, required: bool
    ) -> AttributePlan | None:
        attribute = AttributePlan(
            key=prop_name, name=prop_name, required=required, sort_order=index, pointer=pointer
        )
        if isinstance(schema, bool):
            attribute.extra["schema"] = schema
            attribute.definition = ""
            self.plan.warn(
                "boolean_schema",
                f"Property “{prop_name}” is the schema {json.dumps(schema)}, which accepts "
                f"{'any value' if schema else 'no value'}. It was kept as it is, and exported so",
                pointer=pointer,
            )
            return attribute
        if not isinstance(schema, dict):
            if pointer not in self.invalid:
                self.plan.warn(
                    "unmappable",
                    f"Property “{prop_name}” is not a schema object, so it was not imported",
                    pointer=pointer,
                )
            return None
        if not prop_name.strip():
            self.plan.warn(
                "unmappable",
                "A property has an empty name, which an attribute cannot have, so it was not "
                "imported",
                pointer=pointer,
            )
            return None
        problem = attribute_name_problem(prop_name)
        if problem:
            # The change editor asks the same rule (``standards.engine.keys``), so no name can enter
            # the standard by one door that the other refuses.
            self.plan.error(
                "bad_name",
                f"Property {quoted(prop_name)} cannot be an attribute name. {problem}",
                pointer=pointer,
            )
            return None
        if prop_name in SCHEMA_KEYWORDS:
            self.plan.warn(
                "keyword_property_name",
                f"A property is named “{prop_name}”, like the JSON Schema keyword. It was "
                f"imported as an attribute called {prop_name}",
                pointer=pointer,
            )
        schema, attribute.nullable = _unwrap_nullable(schema)
        unmapped: dict = {}
        schema = self._ref_siblings(prop_name, pointer, schema, unmapped)
        self._openapi_nullable(attribute, prop_name, pointer, schema, unmapped)
        types = _types(schema.get("type"))
        target = schema
        target_pointer = pointer
        keywords: dict = {}
        if "array" in types:
            attribute.cardinality = Cardinality.MANY
            if "null" in types:
                attribute.nullable = True
            others = [t for t in types if t not in {"array", "null"}]
            if others:
                unmapped["type"] = schema.get("type")
                self.plan.warn(
                    "unmappable",
                    f"Property “{prop_name}” may be a list or a single value "
                    f"({', '.join(types)}); it was imported as a list",
                    pointer=pointer + "/type",
                )
            target = self._array_items(attribute, prop_name, pointer, schema, unmapped)
            target_pointer = json_pointer(*_pointer_parts(pointer), "items")
            target, item_nullable = _unwrap_nullable(target)
            target = self._ref_siblings(prop_name, target_pointer, target, unmapped)
            if item_nullable:
                attribute.extra["items_nullable"] = True
            item_keywords = self._keywords(prop_name, target_pointer, target, unmapped)
            if item_keywords:
                attribute.extra["item_keywords"] = item_keywords
            keywords.update(
                self._keywords(prop_name, pointer, schema, unmapped, skip=ARRAY_HANDLED)
            )
        else:
            keywords.update(self._keywords(prop_name, pointer, schema, unmapped))
        self._type(attribute, prop_name, target_pointer, target, unmapped, keywords)
        attribute.definition = _text(schema.get("description")) or _text(target.get("description"))
        if not attribute.definition:
            self.plan.warn(
                "missing_description",
                f"Property “{prop_name}” has no description, so the attribute has no definition",
                pointer=pointer,
            )
        self._deprecation(attribute, f"Property “{prop_name}”", pointer, schema)
        self._examples(attribute, schema, target, keywords)
        if keywords:
            attribute.extra["keywords"] = keywords
        if unmapped:
            attribute.extra["unmapped"] = unmapped
        return attribute

    def _ref_siblings(self, prop_name: str, pointer: str, schema: dict, unmapped: dict) -> dict:
        """``schema`` without the keywords beside ``$ref`` that its dialect ignores, reported.

        Up to draft-07 a ``$ref`` replaces its whole schema, so validators ignore a ``maxLength``
        or ``enum`` written beside it; exported to 2020-12, where they apply, they would refuse
        data the source accepts. From 2019-09 they apply, and ``_type`` carries them.
        """
        if "$ref" not in schema or dialect_rank(self.dialect) >= dialect_rank(DRAFT_2019_09):
            return schema
        kept = {}
        for keyword, value in schema.items():
            if keyword == "$ref" or keyword in ANNOTATIONS:
                kept[keyword] = value
                continue
            unmapped[keyword] = value
            self.plan.warn(
                "ignored_beside_ref",
                f"Property “{prop_name}” has “{keyword}” beside $ref, which {self.dialect} "
                "ignores, so validators of this file ignore it too. It was not exported. Move "
                "it into the definition, or declare $schema 2020-12, if it is meant to apply",
                pointer=json_pointer(*_pointer_parts(pointer), keyword),
            )
        return kept

    def _openapi_nullable(
        self, attribute: AttributePlan, prop_name: str, pointer: str, schema: dict, unmapped
    ) -> None:
        if "nullable" not in schema:
            return
        value = schema["nullable"]
        here = json_pointer(*_pointer_parts(pointer), "nullable")
        unmapped["nullable"] = value
        if value is True:
            attribute.nullable = True
            self.plan.warn(
                "openapi_nullable",
                f"Property “{prop_name}” uses nullable: true, the OpenAPI 3.0 way of allowing "
                "null, which JSON Schema ignores. It was imported as nullable, and the export "
                "allows null with a type list instead",
                pointer=here,
            )
        else:
            self.plan.warn(
                "openapi_nullable",
                f"Property “{prop_name}” uses nullable: {quoted(value)}, an OpenAPI 3.0 keyword "
                "that JSON Schema ignores; it changes nothing, so it was not exported",
                pointer=here,
            )

    def _array_items(
        self, attribute: AttributePlan, prop_name: str, pointer: str, schema: dict, unmapped
    ) -> dict:
        """The schema the list's items share, with tuple forms carried in ``array_keywords``."""
        parts = _pointer_parts(pointer)
        items = schema.get("items")
        prefix = schema.get("prefixItems")
        additional = schema.get("additionalItems")
        tuple_form = self.dialect != "2020-12" and isinstance(items, list)
        if prefix is not None and self.dialect != "2020-12":
            unmapped["prefixItems"] = prefix
            self.plan.warn(
                "outside_dialect",
                f"Property “{prop_name}” uses prefixItems, which is not part of "
                f"{self.dialect}, so validators of this file ignore it. It was not exported. "
                "Declare $schema 2020-12 if the file means to use it",
                pointer=json_pointer(*parts, "prefixItems"),
            )
        if additional is not None and not tuple_form:
            unmapped["additionalItems"] = additional
            self.plan.warn(
                "ignored_keyword",
                f"Property “{prop_name}” uses additionalItems without a list of items"
                f"{', and 2020-12 has no such keyword' if self.dialect == '2020-12' else ''}, "
                "so validators ignore it. It was not exported",
                pointer=json_pointer(*parts, "additionalItems"),
            )
        if tuple_form or (prefix is not None and self.dialect == "2020-12"):
            members = items if tuple_form else prefix
            rest = additional if tuple_form else items
            return self._tuple(attribute, prop_name, pointer, members, rest, unmapped, tuple_form)
        if isinstance(items, bool):
            attribute.extra["array_keywords"] = {"items": items}
            return {}
        if items is None:
            attribute.extra["array_keywords"] = {}
            return {}
        if not isinstance(items, dict):
            unmapped["items"] = items
            return {}
        return items

    def _tuple(self, attribute, prop_name, pointer, members, rest, unmapped, translated) -> dict:
        here = json_pointer(*_pointer_parts(pointer), "items" if translated else "prefixItems")
        keyword = "items" if translated else "prefixItems"
        if not isinstance(members, list) or not _carryable([members, rest]):
            unmapped[keyword] = members
            self.plan.warn(
                "unmappable",
                f"Property “{prop_name}” is a tuple whose items refer elsewhere or nest other "
                "tuples, which cannot be carried into the export; its items were imported as "
                "strings and the tuple is not exported",
                pointer=here,
            )
            return {}
        array_keywords: dict = {"prefixItems": members}
        if rest is not None:
            array_keywords["items"] = rest
        attribute.extra["array_keywords"] = array_keywords
        if translated:
            self.plan.warn(
                "tuple_translated",
                f"Property “{prop_name}” uses the {self.dialect} tuple form of items (a list "
                "of schemas). It was exported as prefixItems"
                f"{' and items' if rest is not None else ''}, which mean the same in 2020-12",
                pointer=here,
            )
        shared = {
            tuple(_types(member.get("type"))) if isinstance(member, dict) else None
            for member in [*members, *([rest] if isinstance(rest, dict) else [])]
        }
        return {"type": list(shared.pop())} if len(shared) == 1 and None not in shared else {}

    def _keywords(
        self, prop_name: str, pointer: str, schema: dict, unmapped: dict, *, skip=frozenset()
    ) -> dict:
        keywords = {}
        for keyword, value in schema.items():
            if keyword in PROPERTY_HANDLED or keyword in skip:
                continue
            here = json_pointer(*_pointer_parts(pointer), keyword)
            if self._is_invalid(here):
                unmapped[keyword] = value  # Already reported by the meta-schema check.
            elif self._outside_dialect(f"Property “{prop_name}”", keyword, here):
                unmapped[keyword] = value
            elif keyword in PASSTHROUGH or keyword.startswith("x-"):
                keywords[keyword] = value
            else:
                unmapped[keyword] = value
                self._not_exported(f"Property “{prop_name}”", keyword, here, "an attribute")
        self._draft_04_bounds(keywords, pointer)
        return keywords

    def _outside_dialect(self, what: str, keyword: str, here: str) -> bool:
        """Report (and say True for) a keyword of another dialect, which this file's ignores."""
        if keyword not in EVERY_KEYWORD or has_keyword(self.dialect, keyword):
            return False
        if keyword in ANNOTATIONS:
            return False  # Describes, never constrains: harmless to carry.
        self.plan.warn(
            "outside_dialect",
            f"{what} uses “{keyword}”, a keyword of {', '.join(dialects_with(keyword))} but "
            f"not of {self.dialect}, so validators of this file ignore it. It was not "
            f"exported. Declare the $schema the file is written for if it is meant to apply",
            pointer=here,
        )
        return True

    def _not_exported(self, what: str, keyword: str, here: str, target: str) -> None:
        if keyword in EVERY_KEYWORD:
            self.plan.warn(
                "unmappable",
                f"{what} uses {keyword}, a {self.dialect} keyword that cannot be mapped to "
                f"{target}; it was kept for reference but is not exported",
                pointer=here,
            )
        else:
            self.plan.warn(
                "non_standard_keyword",
                f"{what} uses “{keyword}”, which is not a JSON Schema keyword; it was kept "
                "for reference but is not exported",
                pointer=here,
            )

    def _draft_04_bounds(self, keywords: dict, pointer: str) -> None:
        """draft-04's boolean exclusiveMinimum/Maximum, as the numbers later dialects use."""
        if self.dialect != DRAFT_04:
            return
        for bound, exclusive in (("minimum", "exclusiveMinimum"), ("maximum", "exclusiveMaximum")):
            flag = keywords.get(exclusive)
            if not isinstance(flag, bool):
                continue
            del keywords[exclusive]
            if flag and bound in keywords:
                keywords[exclusive] = keywords.pop(bound)
                self.plan.note(
                    "bound_translated",
                    f"{exclusive}: true with {bound} {keywords[exclusive]} (draft-04) was "
                    f"exported as {exclusive}: {keywords[exclusive]}, which means the same in "
                    "2020-12",
                    pointer=json_pointer(*_pointer_parts(pointer), exclusive),
                )

    def _type(
        self,
        attribute: AttributePlan,
        prop_name: str,
        pointer: str,
        target: dict,
        unmapped: dict,
        keywords: dict,
    ) -> None:
        """Data type, format, pattern and enum from ``target`` (the items schema of a list)."""
        many = attribute.cardinality == Cardinality.MANY
        if "$ref" in target:
            self._reference(attribute, prop_name, pointer, target["$ref"], unmapped)
            # From 2019-09 keywords beside $ref apply as well: carry them as written.
            beside = {k: target[k] for k in REF_SIBLINGS_HANDLED if k in target}
            if beside:
                (attribute.extra.setdefault("item_keywords", {}) if many else keywords).update(
                    beside
                )
            return
        type_pointer = json_pointer(*_pointer_parts(pointer), "type")
        if type_pointer in self.invalid:
            unmapped["type"] = target.get("type")
            types: list[str] = []
        else:
            types = _types(target.get("type"))
        if "null" in types:
            if many:
                attribute.extra["items_nullable"] = True
            else:
                attribute.nullable = True
        types = [t for t in types if t != "null"]
        if not types and type_pointer not in self.invalid:
            types = self._inferred_types(attribute, target, keywords, many)
        self._enum(attribute, pointer, target, keywords, unmapped, many)
        if not types:
            if "array_keywords" in attribute.extra or type_pointer in self.invalid:
                return
            attribute.extra["untyped"] = True
            if "enum" not in keywords and "const" not in keywords:
                self.plan.warn(
                    "missing_type",
                    f"Property “{prop_name}” has no type, so it accepts any value. It is shown "
                    "as a string, and exported with no type, as in the file",
                    pointer=pointer,
                )
            return
        if len(types) > 1:
            if all(t in SIMPLE_TYPES for t in types):
                attribute.data_type = SIMPLE_TYPES[types[0]]
                attribute.extra["types"] = types
                self.plan.warn(
                    "several_types",
                    f"Property “{prop_name}” allows several types ({', '.join(types)}). It is "
                    f"shown as {types[0]}, and exported with all of them",
                    pointer=type_pointer,
                )
            else:
                unmapped["type"] = target.get("type")
                self.plan.warn(
                    "unmappable",
                    f"Property “{prop_name}” allows several types ({', '.join(types)}), some "
                    "of which an attribute cannot hold; it was imported as a string",
                    pointer=type_pointer,
                )
            self._format(attribute, prop_name, pointer, target, unmapped, types)
            return
        kind = types[0]
        if kind not in SIMPLE_TYPES:
            unmapped["type"] = target.get("type")
            self.plan.warn(
                "unmappable",
                f"Property “{prop_name}” is of type {kind}, which an attribute cannot hold "
                "without a component to refer to; it was imported as a string",
                pointer=type_pointer,
            )
            return
        attribute.data_type = SIMPLE_TYPES[kind]
        self._format(attribute, prop_name, pointer, target, unmapped, types)

    def _format(self, attribute, prop_name, pointer, target, unmapped, types) -> None:
        pattern_pointer = json_pointer(*_pointer_parts(pointer), "pattern")
        if "pattern" in target and pattern_pointer in self.invalid:
            unmapped["pattern"] = target["pattern"]
        elif "pattern" in target:
            attribute.pattern = _text(target.get("pattern"))
        if "format" not in target:
            return
        fmt = target["format"]
        here = json_pointer(*_pointer_parts(pointer), "format")
        if here in self.invalid:
            unmapped["format"] = fmt
            return
        if not isinstance(fmt, str) or fmt not in KNOWN_FORMATS:
            unmapped["format"] = fmt
            hint = (
                " It looks like a regular expression, which belongs in pattern"
                if isinstance(fmt, str) and REGEX_LOOKING.search(fmt)
                else ""
            )
            self.plan.warn(
                "unknown_format",
                f"Property “{prop_name}” has format {quoted(fmt)}, which is not a format "
                f"JSON Schema or OpenAPI defines, so it was not imported or exported.{hint}",
                pointer=here,
            )
            return
        if types == ["string"] and fmt in FORMAT_TYPES:
            attribute.data_type = FORMAT_TYPES[fmt]
        else:
            attribute.format = fmt

    def _inferred_types(self, attribute, target: dict, keywords: dict, many: bool) -> list[str]:
        """Types implied by ``enum`` or ``const`` when the file gives none."""
        if isinstance(target.get("enum"), list):
            values = target["enum"]
        elif "const" in target:
            values = [target["const"]]
        else:
            return []
        types = sorted({_json_type(value) for value in values})
        if "null" in types:
            if many:
                attribute.extra["items_nullable"] = True
            else:
                attribute.nullable = True
            types.remove("null")
        if types == ["integer", "number"]:
            types = ["number"]
        return types if all(t in SIMPLE_TYPES for t in types) else []

    def _enum(self, attribute, pointer: str, target: dict, keywords, unmapped, many) -> None:
        if "enum" not in target:
            return
        enum = target["enum"]
        if not isinstance(enum, list) or self._is_invalid(
            json_pointer(*_pointer_parts(pointer), "enum")
        ):
            unmapped["enum"] = enum
            return
        values = [value for value in enum if value is not None]
        if None in enum:
            if many:
                attribute.extra["items_nullable"] = True
            else:
                attribute.nullable = True
        if not values:
            # Only null: the attribute's enum field holds values, so carry the keyword as is.
            (attribute.extra.setdefault("item_keywords", {}) if many else keywords)["enum"] = enum
            return
        if any(isinstance(value, (dict, list)) for value in values):
            (attribute.extra.setdefault("item_keywords", {}) if many else keywords)["enum"] = enum
            return
        attribute.enum_values = values

    def _reference(
        self, attribute: AttributePlan, prop_name: str, pointer: str, ref: Any, unmapped: dict
    ) -> None:
        here = json_pointer(*_pointer_parts(pointer), "$ref")
        unmapped["$ref"] = ref
        if not isinstance(ref, str):
            return  # Reported by the meta-schema check.
        status, where = self._resolve(ref)
        if status == "found" and where in self.imported:
            del unmapped["$ref"]
            attribute.data_type = DataType.REFERENCE
            attribute.references = self.imported[where]
            return
        if status == "external":
            attribute.external_ref, attribute.external_ref_pointer = where, here
            self.plan.warn(
                "external_ref",
                f"Property “{prop_name}” refers to {ref}, outside this file. Other files are "
                "never fetched; only references to definitions in the same file can be "
                "imported. It was kept as a string",
                pointer=here,
            )
        elif status == "found" and where in self.definitions:
            self.plan.warn(
                "unmappable",
                f"Property “{prop_name}” refers to {ref}, a definition that could not be "
                "imported as a component. It was kept as a string",
                pointer=here,
            )
        elif status == "found":
            self.plan.warn(
                "unmappable",
                f"Property “{prop_name}” refers to {ref}, a part of the file that is not a "
                "definition, so it cannot be a component. It was kept as a string",
                pointer=here,
            )
        else:
            self.plan.warn(
                "missing_ref",
                f"Property “{prop_name}” refers to {ref}, which does not exist in this file. "
                f"It was kept as a string{self._similar_definition(where)}",
                pointer=here,
            )

    def _similar_definition(self, fragment: str) -> str:
        """A hint naming a definition the missing one may have meant. Never used as a match."""
        wanted = component_key(unquote(fragment).rsplit("/", 1)[-1])
        for pointer, (name, _schema) in self.definitions.items():
            if component_key(name) == wanted:
                return f". Did you mean #{pointer}?"
        return ""

    def _examples(
        self, attribute: AttributePlan, schema: dict, target: dict, keywords: dict
    ) -> None:
        examples = schema.get("examples", target.get("examples"))
        if isinstance(examples, list) and examples:
            attribute.example = examples[0]
            if len(examples) > 1:
                keywords["examples"] = examples
        elif "example" in schema:
            attribute.example = schema["example"]

    # Reports about relationships and shapes -------------------------------------------------

    def _foreign_keys(
        self, name: str, pointer: str, schema: dict, attributes: list[AttributePlan]
    ) -> None:
        declared = _declared_foreign_keys(schema)
        names = {definition_name for definition_name, _schema in self.definitions.values()}
        for index, attribute in enumerate(attributes):
            if attribute.data_type not in {DataType.STRING, DataType.INTEGER, DataType.NUMBER}:
                continue
            if not attribute.name.endswith("_id") or _is_own_id(name, index, attribute):
                continue
            if attribute.name in declared:
                hint = (
                    f" The file's non-standard foreignKeys says it refers to "
                    f"{declared[attribute.name]}."
                )
            else:
                stem = attribute.name.removesuffix("_id")
                hint = f" It probably refers to {stem}." if stem in names else ""
            self.plan.warn(
                "foreign_key_not_inferred",
                f"“{attribute.name}” in {name} looks like a foreign key, but as a plain "
                f"{attribute.data_type} it cannot say what it refers to, so no relationship was "
                f"created and it was kept as a {attribute.data_type}.{hint} Use a $ref to link "
                "components",
                pointer=json_pointer(*_pointer_parts(pointer), "properties", attribute.name),
            )

    def _code_list_like(self, name: str, pointer: str, component: ComponentPlan) -> None:
        names = [attribute.name for attribute in component.attributes]
        looks_like = (
            len(names) == 2
            and names[0].endswith("_id")
            and names[1] in {"code", name, "name", "description"}
        ) or "code list" in component.definition.lower()
        if looks_like:
            self.plan.warn(
                "code_list_like",
                f"“{name}” looks like a code list table, but the file gives its columns and no "
                "values, so it was imported as an entity. Import its values as a code list if "
                "you have them",
                pointer=pointer,
            )


def _reason(error: jsonschema.ValidationError) -> str:
    """A short reason from a meta-schema error, without the value it repeats."""
    if (
        error.validator in {"anyOf", "oneOf"}
        and error.schema_path
        and "type" in map(str, error.schema_path)
    ):
        return "not a JSON Schema type"
    if error.validator == "format" and error.validator_value == "regex":
        return pattern_fault(error.instance) or "not a valid regex"
    if error.validator == "format":
        return f"not a valid {error.validator_value}"
    if error.validator == "type":
        expected = error.validator_value
        return f"it must be {' or '.join(expected) if isinstance(expected, list) else expected}"
    if error.validator == "enum":
        return "not one of the values allowed"
    if error.validator in {"minimum", "exclusiveMinimum"}:
        return f"it must be at least {error.validator_value}"
    return error.validator


def _pointer_parts(pointer: str) -> list[str]:
    if not pointer:
        return []
    return [part.replace("~1", "/").replace("~0", "~") for part in pointer[1:].split("/")]


def _types(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [str(item) for item in value]
    return []


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "integer" if value.is_integer() else "number"
    if isinstance(value, dict):
        return "object"
    if isinstance(value, list):
        return "array"
    return "string"


def _is_null_schema(schema: Any) -> bool:
    return isinstance(schema, dict) and _types(schema.get("type")) == ["null"]


def _unwrap_nullable(schema: dict) -> tuple[dict, bool]:
    """``anyOf``/``oneOf`` of one schema and ``{"type": "null"}`` is just a nullable schema."""
    for keyword in ("anyOf", "oneOf"):
        options = schema.get(keyword)
        if isinstance(options, list) and len(options) == 2 and any(map(_is_null_schema, options)):
            other = next(option for option in options if not _is_null_schema(option))
            if isinstance(other, dict):
                merged = {k: v for k, v in schema.items() if k != keyword}
                merged.update({k: v for k, v in other.items() if k not in merged})
                return merged, True
    return schema, False


def _declared_foreign_keys(schema: dict) -> dict[str, str]:
    declared: dict[str, str] = {}
    foreign_keys = schema.get("foreignKeys")
    if not isinstance(foreign_keys, list):
        return declared
    for entry in foreign_keys:
        if not isinstance(entry, dict):
            continue
        table = (entry.get("reference") or {}).get("table")
        for column in entry.get("columns") or []:
            if table:
                declared[str(column)] = str(table)
    return declared


def _is_own_id(definition: str, index: int, attribute: AttributePlan) -> bool:
    if attribute.name == f"{definition}_id":
        return True
    return index == 0 and attribute.definition.lower().startswith(OWN_ID_OPENINGS)
