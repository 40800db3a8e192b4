"""JSON Schema (draft-07, 2019-09, 2020-12) to components and attributes.

Mapping, decided once so every file is read the same way:

- Each entry of ``definitions`` or ``$defs`` becomes a component keyed by its name with
  underscores turned into hyphens (``work_order`` becomes ``work-order``). An object definition
  becomes an entity; a definition that is only an ``enum`` becomes a code list whose codes are
  the enum values.
- "Code-list-like tables" (an id column plus a code or name column, with no values in the file)
  stay entities: the file holds their shape, not their codes, so turning them into empty code
  lists would throw the shape away. They are reported so a steward can decide.
- The root ``properties``, if any, become one more entity named after the file
  (``work_order.schema.json`` becomes ``work-order-component``): it is the file's envelope.
- A property whose ``$ref`` (directly, or through ``items``) points to a local definition is a
  reference attribute. A ``$ref`` to something that is not there is reported and the property
  is kept as a string, because guessing the intended target would be worse.
- ``type: [X, "null"]`` and ``anyOf``/``oneOf`` of ``[X, {"type": "null"}]`` mean nullable;
  ``type: "array"`` with ``items`` means cardinality many; ``format: date`` and ``date-time``
  are data types of their own.
- Validation keywords with no field of their own (``maxLength``, ``minimum``...) are kept in
  ``extra["keywords"]`` and exported again. Anything else (``oneOf``, ``allOf``,
  ``patternProperties``, schema-valued ``additionalProperties``, non-standard keywords) is kept
  in ``extra["unmapped"]`` for reference, reported, and not exported.
"""

import json
import re
from pathlib import PurePath
from typing import Any

from django.utils.text import slugify

from ..choices import Cardinality, ComponentKind, DataType
from .plan import AttributePlan, CodePlan, ComponentPlan, ImportPlan, json_pointer

FORMAT = "json_schema"
# Real schemas nest a few dozen levels at most; this keeps well inside Python's recursion limit.
MAX_DEPTH = 100
TOO_DEEP_MESSAGE = (
    f"The file is nested more than {MAX_DEPTH} levels deep. Check it is the schema you meant "
    "to upload"
)

KNOWN_DIALECTS = {
    "http://json-schema.org/draft-07/schema": "draft-07",
    "https://json-schema.org/draft/2019-09/schema": "2019-09",
    "https://json-schema.org/draft/2020-12/schema": "2020-12",
}

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

UNMAPPABLE = frozenset(
    {
        "oneOf",
        "anyOf",
        "allOf",
        "not",
        "if",
        "then",
        "else",
        "patternProperties",
        "dependencies",
        "dependentSchemas",
        "dependentRequired",
        "propertyNames",
        "unevaluatedProperties",
        "unevaluatedItems",
        "prefixItems",
        "contains",
        "additionalItems",
        "minProperties",
        "maxProperties",
    }
)

PROPERTY_HANDLED = frozenset(
    {"type", "description", "format", "pattern", "enum", "items", "$ref", "examples"}
    | {"example", "deprecated"}
)
DEFINITION_HANDLED = frozenset(
    {"type", "description", "properties", "required", "additionalProperties", "deprecated"}
    | {"$schema", "$id", "$comment", "title"}
)
DOCUMENT_ONLY = frozenset({"definitions", "$defs"})

SIMPLE_TYPES = {
    "string": DataType.STRING,
    "integer": DataType.INTEGER,
    "number": DataType.NUMBER,
    "boolean": DataType.BOOLEAN,
}
FORMAT_TYPES = {"date": DataType.DATE, "date-time": DataType.DATE_TIME}
OWN_ID_OPENINGS = ("unique identifier", "unique id", "unique reference", "a unique reference")


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


def json_schema_parse(content: bytes | str, *, source: str) -> ImportPlan:
    """Read one JSON Schema file into a plan. Never raises for bad input: it reports it."""
    plan = ImportPlan(source=source, format=FORMAT)
    document = _load(content, plan)
    if document is None:
        return plan
    _Walker(document, plan).walk()
    return plan


def _load(content: bytes | str, plan: ImportPlan) -> dict | None:
    if isinstance(content, bytes):
        try:
            content = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            plan.error("not_utf8", "The file must be saved as UTF-8 text", pointer="")
            return None
    try:
        document = json.loads(content)
    except RecursionError:
        # json.loads recurses once per level, so a file nested thousands deep exhausts the stack.
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
    return document


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


class _Walker:
    def __init__(self, document: dict, plan: ImportPlan) -> None:
        self.document = document
        self.plan = plan
        # Definition name -> (pointer, schema), from definitions and $defs alike.
        self.definitions: dict[str, tuple[str, Any]] = {}
        # Definition name -> component key, for the definitions that became components.
        self.imported: dict[str, str] = {}

    def walk(self) -> None:
        self._check_dialect()
        self._collect_definitions()
        keys_seen: dict[str, str] = {}
        for name, (pointer, schema) in self.definitions.items():
            key = component_key(name)
            if not key:
                self.plan.warn(
                    "unmappable",
                    f"Definition “{name}” has no letters or digits to make a key from, "
                    "so it was not imported",
                    pointer=pointer,
                )
                continue
            if key in keys_seen:
                self.plan.warn(
                    "duplicate_key",
                    f"Definition “{name}” would have the same key, “{key}”, as "
                    f"“{keys_seen[key]}”, so it was not imported. Rename one of them",
                    pointer=pointer,
                )
                continue
            if self._classify(name, pointer, schema) is not None:
                keys_seen[key] = name
                self.imported[name] = key
        for name, key in self.imported.items():
            pointer, schema = self.definitions[name]
            self.plan.components.append(self._component(name, key, pointer, schema))
        self._root()
        if not self.plan.components and not self.plan.errors:
            self.plan.error(
                "nothing_to_import",
                "The file has no definitions and no properties, so there is nothing to import",
                pointer="",
            )

    # Document level -----------------------------------------------------------------------

    def _check_dialect(self) -> None:
        dialect = self.document.get("$schema")
        if dialect is None:
            self.plan.warn(
                "no_dialect",
                "The file does not say which JSON Schema version it uses ($schema), "
                "so it was read as draft-07",
                pointer="",
            )
        elif str(dialect).rstrip("#") not in KNOWN_DIALECTS:
            self.plan.warn(
                "unknown_dialect",
                f"$schema “{dialect}” is not draft-07, 2019-09 or 2020-12; "
                "the file was read as if it were",
                pointer="/$schema",
            )

    def _collect_definitions(self) -> None:
        for keyword in ("definitions", "$defs"):
            block = self.document.get(keyword)
            if block is None:
                continue
            if not isinstance(block, dict):
                self.plan.warn(
                    "unmappable",
                    f"{keyword} must be an object of named schemas, so it was ignored",
                    pointer=json_pointer(keyword),
                )
                continue
            for name, schema in block.items():
                pointer = json_pointer(keyword, name)
                if name in self.definitions:
                    self.plan.warn(
                        "duplicate_definition",
                        f"“{name}” is defined in both definitions and $defs; "
                        "the $defs one was used",
                        pointer=pointer,
                    )
                self.definitions[name] = (pointer, schema)

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
        self.plan.warn(
            "unmappable",
            f"Definition “{name}” is neither an object with properties nor an enum, so it "
            "cannot be a component and was not imported",
            pointer=pointer,
        )
        return None

    def _root(self) -> None:
        properties = self.document.get("properties")
        if properties is None:
            if self.definitions:
                self.plan.warn(
                    "no_root_properties",
                    "The file has only definitions and no root properties. Each definition "
                    "was imported as a component, and no component was made for the file itself",
                    pointer="",
                )
            return
        stem = source_stem(self.plan.source)
        key = component_key(stem)
        if not key.endswith("component"):
            key = f"{key}-component"
        if key in self.imported.values():
            self.plan.warn(
                "duplicate_key",
                f"The file's root would have the key “{key}”, which a definition already has, "
                "so the root properties were not imported",
                pointer="/properties",
            )
            return
        title = self.document.get("title")
        name = str(title) if title else humanise(stem)
        self.plan.components.append(self._component(name, key, "", self.document, root=True))

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
            deprecated=schema.get("deprecated") is True,
        )
        what = "The file" if root else f"Definition “{name}”"
        if not component.definition:
            self.plan.warn(
                "missing_description",
                f"{what} has no description, so the component has no definition",
                pointer=pointer,
            )
        if not root and "type" not in schema:
            self.plan.warn(
                "missing_type",
                f"{what} has no type; it was read as an object because it has properties",
                pointer=pointer,
            )
        self._definition_keywords(component, what, pointer, schema, root=root)
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
                definition=name,
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

    def _definition_keywords(
        self, component: ComponentPlan, what: str, pointer: str, schema: dict, *, root: bool
    ) -> None:
        keywords: dict = {}
        unmapped: dict = {}
        for keyword, value in schema.items():
            here = json_pointer(*_pointer_parts(pointer), keyword)
            if keyword == "additionalProperties":
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
            elif keyword in DEFINITION_HANDLED or (root and keyword in DOCUMENT_ONLY):
                continue
            elif keyword in PASSTHROUGH or keyword == "examples":
                keywords[keyword] = value
            elif keyword in UNMAPPABLE or keyword in DOCUMENT_ONLY:
                unmapped[keyword] = value
                self.plan.warn(
                    "unmappable",
                    f"{what} uses {keyword}, which cannot be mapped to attributes; it was kept "
                    "for reference but is not exported",
                    pointer=here,
                )
            else:
                unmapped[keyword] = value
                self.plan.warn(
                    "non_standard_keyword",
                    f"{what} uses “{keyword}”, which is not a JSON Schema keyword; it was kept "
                    "for reference but is not exported",
                    pointer=here,
                )
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
            deprecated=schema.get("deprecated") is True,
        )
        if not component.definition:
            self.plan.warn(
                "missing_description",
                f"Definition “{name}” has no description, so the code list has no definition",
                pointer=pointer,
            )
        types = [t for t in _types(schema.get("type")) if t != "null"]
        if types and types[0] in {"integer", "number"}:
            component.extra["value_type"] = types[0]
        values = schema.get("enum")
        if not isinstance(values, list):
            self.plan.warn(
                "unmappable", "enum must be a list, so no codes were imported", pointer=pointer
            )
            return component
        seen: set[str] = set()
        for index, value in enumerate(values):
            here = json_pointer(*_pointer_parts(pointer), "enum", index)
            if value is None or isinstance(value, (dict, list)):
                self.plan.warn(
                    "unmappable",
                    f"Enum value {json.dumps(value)} cannot be a code, so it was not imported",
                    pointer=here,
                )
                continue
            text = str(value).lower() if isinstance(value, bool) else str(value)
            if text in seen:
                self.plan.warn(
                    "duplicate_code",
                    f"Code “{text}” is listed twice; it was imported once",
                    pointer=here,
                )
                continue
            seen.add(text)
            component.codes.append(CodePlan(key=text, value=text, sort_order=index))
        return component

    # Attributes ---------------------------------------------------------------------------

    def _attribute(
        self,
        *,
        definition: str,
        prop_name: str,
        schema: Any,
        pointer: str,
        index: int,
        required: bool,
    ) -> AttributePlan | None:
        if not isinstance(schema, dict):
            self.plan.warn(
                "unmappable",
                f"Property “{prop_name}” is not a schema object, so it was not imported",
                pointer=pointer,
            )
            return None
        attribute = AttributePlan(
            key=prop_name, name=prop_name, required=required, sort_order=index
        )
        if prop_name in SCHEMA_KEYWORDS:
            self.plan.warn(
                "keyword_property_name",
                f"A property is named “{prop_name}”, like the JSON Schema keyword. It was "
                f"imported as an attribute called {prop_name}",
                pointer=pointer,
            )
        schema, attribute.nullable = _unwrap_nullable(schema)
        types = _types(schema.get("type"))
        keywords: dict = {}
        unmapped: dict = {}
        target = schema
        if "array" in types:
            attribute.cardinality = Cardinality.MANY
            if "null" in types:
                attribute.nullable = True
            target = schema.get("items")
            if not isinstance(target, dict):
                self.plan.warn(
                    "unmappable",
                    f"Property “{prop_name}” is an array without a single items schema; "
                    "its items were imported as strings",
                    pointer=pointer,
                )
                if target is not None:
                    unmapped["items"] = target
                target = {}
            target, item_nullable = _unwrap_nullable(target)
            if item_nullable:
                attribute.extra["items_nullable"] = True
            item_keywords = self._keywords(
                prop_name, json_pointer(*_pointer_parts(pointer), "items"), target, unmapped
            )
            if item_keywords:
                attribute.extra["item_keywords"] = item_keywords
            keywords.update(self._keywords(prop_name, pointer, schema, unmapped, array=True))
        else:
            keywords.update(self._keywords(prop_name, pointer, schema, unmapped))
        self._type(attribute, prop_name, pointer, schema, target, unmapped)
        attribute.definition = _text(schema.get("description")) or _text(target.get("description"))
        if not attribute.definition:
            self.plan.warn(
                "missing_description",
                f"Property “{prop_name}” has no description, so the attribute has no definition",
                pointer=pointer,
            )
        attribute.deprecated = schema.get("deprecated") is True
        self._examples(attribute, schema, target, keywords)
        if keywords:
            attribute.extra["keywords"] = keywords
        if unmapped:
            attribute.extra["unmapped"] = unmapped
        return attribute

    def _keywords(
        self, prop_name: str, pointer: str, schema: dict, unmapped: dict, *, array: bool = False
    ) -> dict:
        keywords = {}
        handled = PROPERTY_HANDLED
        for keyword, value in schema.items():
            if keyword in handled:
                continue
            here = json_pointer(*_pointer_parts(pointer), keyword)
            if keyword in PASSTHROUGH:
                keywords[keyword] = value
            elif keyword in UNMAPPABLE or keyword in {"properties", "additionalProperties"}:
                unmapped[keyword] = value
                self.plan.warn(
                    "unmappable",
                    f"Property “{prop_name}” uses {keyword}, which cannot be mapped to an "
                    "attribute; it was kept for reference but is not exported",
                    pointer=here,
                )
            else:
                unmapped[keyword] = value
                self.plan.warn(
                    "non_standard_keyword",
                    f"Property “{prop_name}” uses “{keyword}”, which is not a JSON Schema "
                    "keyword; it was kept for reference but is not exported",
                    pointer=here,
                )
        return keywords

    def _type(
        self,
        attribute: AttributePlan,
        prop_name: str,
        pointer: str,
        schema: dict,
        target: dict,
        unmapped: dict,
    ) -> None:
        target_pointer = (
            json_pointer(*_pointer_parts(pointer), "items") if target is not schema else pointer
        )
        if "$ref" in target:
            self._reference(attribute, prop_name, target_pointer, target["$ref"], unmapped)
            return
        types = [t for t in _types(target.get("type")) if t != "null"]
        if "null" in _types(target.get("type")):
            if attribute.cardinality == Cardinality.MANY:
                attribute.extra["items_nullable"] = True
            else:
                attribute.nullable = True
        enum = target.get("enum")
        if isinstance(enum, list):
            if None in enum:
                attribute.nullable = True
            attribute.enum_values = [value for value in enum if value is not None]
            if not types:
                types = sorted({_json_type(value) for value in attribute.enum_values})
        if len(types) > 1:
            unmapped["type"] = target.get("type")
            self.plan.warn(
                "unmappable",
                f"Property “{prop_name}” allows several types ({', '.join(types)}); "
                "it was imported as a string",
                pointer=target_pointer + "/type",
            )
            return
        if not types:
            self.plan.warn(
                "missing_type",
                f"Property “{prop_name}” has no type, so it was imported as a string",
                pointer=target_pointer,
            )
            return
        kind = types[0]
        fmt = _text(target.get("format"))
        if kind == "string" and fmt in FORMAT_TYPES:
            attribute.data_type = FORMAT_TYPES[fmt]
        elif kind in SIMPLE_TYPES:
            attribute.data_type = SIMPLE_TYPES[kind]
            attribute.format = fmt
        else:
            unmapped["type"] = target.get("type")
            self.plan.warn(
                "unmappable",
                f"Property “{prop_name}” is of type {kind}, which an attribute cannot hold "
                "without a component to refer to; it was imported as a string",
                pointer=target_pointer + "/type",
            )
            return
        attribute.pattern = _text(target.get("pattern"))

    def _reference(
        self, attribute: AttributePlan, prop_name: str, pointer: str, ref: Any, unmapped: dict
    ) -> None:
        target = _local_definition(ref)
        if target is not None and target in self.imported:
            attribute.data_type = DataType.REFERENCE
            attribute.references = self.imported[target]
            return
        unmapped["$ref"] = ref
        here = pointer + "/$ref"
        if target is None:
            self.plan.warn(
                "unmappable",
                f"Property “{prop_name}” refers to {ref}, outside this file; only references "
                "to definitions in the same file can be imported. It was kept as a string",
                pointer=here,
            )
        elif target in self.definitions:
            self.plan.warn(
                "unmappable",
                f"Property “{prop_name}” refers to {ref}, a definition that could not be "
                "imported as a component. It was kept as a string",
                pointer=here,
            )
        else:
            hint = self._similar_definition(target)
            self.plan.warn(
                "missing_ref",
                f"Property “{prop_name}” refers to {ref}, which does not exist in this file. "
                f"It was kept as a string{hint}",
                pointer=here,
            )

    def _similar_definition(self, target: str) -> str:
        wanted = component_key(target)
        for name in self.definitions:
            if component_key(name) == wanted:
                return f". Did you mean #/definitions/{name}?"
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
                hint = f" It probably refers to {stem}." if stem in self.definitions else ""
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
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
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


def _local_definition(ref: Any) -> str | None:
    if not isinstance(ref, str):
        return None
    for prefix in ("#/definitions/", "#/$defs/"):
        if ref.startswith(prefix) and "/" not in ref[len(prefix) :]:
            return ref[len(prefix) :].replace("~1", "/").replace("~0", "~")
    return None


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
