"""Which keywords each JSON Schema dialect has: the one table the importer follows.

Sources: the specifications' keyword lists (draft-04: json-schema-core and -validation 04;
draft-06 and draft-07: their validation and core drafts; 2019-09 and 2020-12: the core,
applicator, validation, meta-data, format, content and unevaluated vocabularies). Each later
dialect is the one before it with keywords added and removed, written as such so the differences
are visible:

- draft-06 renames ``id`` to ``$id``, adds ``const``, ``contains``, ``propertyNames`` and
  ``examples``, and makes ``exclusiveMinimum``/``exclusiveMaximum`` numbers (in draft-04 they
  are booleans that qualify ``minimum``/``maximum``);
- draft-07 adds ``$comment``, ``if``/``then``/``else``, ``readOnly``, ``writeOnly`` and the
  content keywords;
- 2019-09 adds ``$defs``, ``$anchor``, ``$recursiveRef``, the ``dependentRequired``/
  ``dependentSchemas`` split of ``dependencies``, ``minContains``/``maxContains``,
  ``unevaluated*``, ``deprecated`` and ``contentSchema``, and lets keywords beside ``$ref``
  apply (up to draft-07 a ``$ref`` replaces its schema);
- 2020-12 replaces ``$recursive*`` with ``$dynamicRef``/``$dynamicAnchor``, and the array form
  of ``items`` and ``additionalItems`` with ``prefixItems`` and ``items``.

``definitions`` and ``dependencies`` stay readable in 2019-09 and 2020-12 (their meta-schemas
keep them for compatibility), so they are listed there too.
"""

import jsonschema

DRAFT_04, DRAFT_06, DRAFT_07, DRAFT_2019_09, DRAFT_2020_12 = (
    "draft-04",
    "draft-06",
    "draft-07",
    "2019-09",
    "2020-12",
)
ORDER = (DRAFT_04, DRAFT_06, DRAFT_07, DRAFT_2019_09, DRAFT_2020_12)

# Dialect addresses without their scheme, so http:// and https:// spellings both match.
ADDRESSES = {
    "json-schema.org/draft-04/schema": DRAFT_04,
    "json-schema.org/draft-06/schema": DRAFT_06,
    "json-schema.org/draft-07/schema": DRAFT_07,
    "json-schema.org/draft/2019-09/schema": DRAFT_2019_09,
    "json-schema.org/draft/2020-12/schema": DRAFT_2020_12,
}
VALIDATORS = {
    DRAFT_04: jsonschema.Draft4Validator,
    DRAFT_06: jsonschema.Draft6Validator,
    DRAFT_07: jsonschema.Draft7Validator,
    DRAFT_2019_09: jsonschema.Draft201909Validator,
    DRAFT_2020_12: jsonschema.Draft202012Validator,
}

_DRAFT_04 = frozenset(
    {"$schema", "id", "$ref", "definitions", "title", "description", "default", "format"}
    | {"multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum"}
    | {"maxLength", "minLength", "pattern", "additionalItems", "items", "maxItems", "minItems"}
    | {"uniqueItems", "maxProperties", "minProperties", "required", "additionalProperties"}
    | {"properties", "patternProperties", "dependencies", "enum", "type"}
    | {"allOf", "anyOf", "oneOf", "not"}
)
_DRAFT_06 = (_DRAFT_04 - {"id"}) | {"$id", "const", "contains", "propertyNames", "examples"}
_DRAFT_07 = (
    _DRAFT_06
    | {"$comment", "if", "then", "else", "readOnly", "writeOnly"}
    | {
        "contentMediaType",
        "contentEncoding",
    }
)
_DRAFT_2019_09 = _DRAFT_07 | {
    "$defs",
    "$anchor",
    "$recursiveRef",
    "$recursiveAnchor",
    "$vocabulary",
    "dependentRequired",
    "dependentSchemas",
    "minContains",
    "maxContains",
    "unevaluatedItems",
    "unevaluatedProperties",
    "deprecated",
    "contentSchema",
}
_DRAFT_2020_12 = (_DRAFT_2019_09 - {"$recursiveRef", "$recursiveAnchor", "additionalItems"}) | {
    "prefixItems",
    "$dynamicRef",
    "$dynamicAnchor",
}
KEYWORDS: dict[str, frozenset[str]] = {
    DRAFT_04: _DRAFT_04,
    DRAFT_06: _DRAFT_06,
    DRAFT_07: _DRAFT_07,
    DRAFT_2019_09: _DRAFT_2019_09,
    DRAFT_2020_12: _DRAFT_2020_12,
}
EVERY_KEYWORD = frozenset().union(*KEYWORDS.values())


def dialect_rank(dialect: str) -> int:
    """The dialect's place in ``ORDER``: later dialects rank higher."""
    return ORDER.index(dialect)


def has_keyword(dialect: str, keyword: str) -> bool:
    return keyword in KEYWORDS[dialect]


def dialects_with(keyword: str) -> list[str]:
    """The dialects that define ``keyword``, oldest first; empty for a non-standard keyword."""
    return [dialect for dialect in ORDER if keyword in KEYWORDS[dialect]]
