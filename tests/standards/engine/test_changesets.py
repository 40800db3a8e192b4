"""The change engine on hand-built snapshots: applying, validating and classifying operations.

No database: ``BaseState.from_snapshot`` stands in for the selector that loads a version.
"""

import copy

import pytest

from standards.choices import OperationKind
from standards.engine.changesets import BaseState, Operation, Outcome, Problem, changeset_apply
from standards.engine.diff import RULES, Impact
from tests.standards.changeset_snapshots import (
    CODE_LIST,
    ENTITY,
    housing_base,
    housing_snapshot,
    op,
)

K = OperationKind


def apply(*operations: Operation, base: BaseState | None = None) -> Outcome:
    return changeset_apply(base or housing_base(), operations)


def only_problem(*operations: Operation) -> Problem:
    outcome = apply(*operations)
    assert len(outcome.problems) == 1, outcome.problems
    return outcome.problems[0]


def rule_ids(outcome: Outcome, index: int = -1) -> set[str]:
    return {rule.id for rule in outcome.classified[index].rules}


# Each operation kind applies ---------------------------------------------------------------


def test_add_component_adds_an_empty_entity():
    outcome = apply(op(K.ADD_COMPONENT, "damp-survey", kind=ENTITY, name=" Damp survey "))

    added = outcome.after["damp-survey"]
    assert outcome.ok
    assert (added["kind"], added["name"], added["attributes"], added["codes"]) == (
        ENTITY,
        "Damp survey",
        {},
        {},
    )
    assert "damp-survey" not in outcome.before


def test_add_component_adds_a_code_list():
    outcome = apply(op(K.ADD_COMPONENT, "tenure-codes", kind=CODE_LIST, name="Tenure codes"))

    assert outcome.after["tenure-codes"]["kind"] == CODE_LIST


def test_change_component_sets_the_new_definition():
    outcome = apply(op(K.CHANGE_COMPONENT, "property", definition="A dwelling."))

    assert outcome.after["property"]["definition"] == "A dwelling."
    assert outcome.before["property"]["definition"] == "A home or other building."


def test_deprecate_component_records_note_and_replacement():
    outcome = apply(
        op(
            K.DEPRECATE_COMPONENT,
            "work-priority-codes",
            deprecation_note="Use the alert codes",
            replaced_by="person-alert-codes",
        )
    )

    after = outcome.after["work-priority-codes"]
    assert (after["deprecated"], after["deprecation_note"], after["replaced_by"]) == (
        True,
        "Use the alert codes",
        "person-alert-codes",
    )


def test_remove_component_drops_it_from_the_after_state():
    outcome = apply(op(K.REMOVE_COMPONENT, "old-notes"))

    assert outcome.ok
    assert "old-notes" not in outcome.after
    assert outcome.before["old-notes"]["name"] == "Old notes"


def test_add_attribute_fills_unstated_fields_with_defaults():
    outcome = apply(op(K.ADD_ATTRIBUTE, "work-order/due_date", name="dueDate", data_type="date"))

    added = outcome.after["work-order"]["attributes"]["due_date"]
    assert (added["name"], added["data_type"], added["required"], added["cardinality"]) == (
        "dueDate",
        "date",
        False,
        "one",
    )


def test_change_attribute_changes_only_the_named_fields():
    outcome = apply(op(K.CHANGE_ATTRIBUTE, "work-order/description", definition="The job."))

    before = outcome.before["work-order"]["attributes"]["description"]
    after = outcome.after["work-order"]["attributes"]["description"]
    assert after == {**before, "definition": "The job."}


def test_deprecate_attribute_names_its_replacement():
    outcome = apply(op(K.DEPRECATE_ATTRIBUTE, "work-order/quantity", replaced_by="cost"))

    after = outcome.after["work-order"]["attributes"]["quantity"]
    assert (after["deprecated"], after["replaced_by"]) == (True, "cost")


def test_remove_attribute_drops_it():
    outcome = apply(op(K.REMOVE_ATTRIBUTE, "work-order/legacy_ref"))

    assert outcome.ok
    assert "legacy_ref" not in outcome.after["work-order"]["attributes"]


def test_add_code_adds_it_under_its_parent():
    outcome = apply(op(K.ADD_CODE, "person-alert-codes/MED2", value="MED2", parent_value="MED"))

    added = outcome.after["person-alert-codes"]["codes"]["MED2"]
    assert (added["value"], added["parent_value"], added["deprecated"]) == ("MED2", "MED", False)


def test_change_code_sets_the_new_label():
    outcome = apply(op(K.CHANGE_CODE, "person-alert-codes/COM1", label="Deaf or hard of hearing"))

    assert outcome.after["person-alert-codes"]["codes"]["COM1"]["label"] == (
        "Deaf or hard of hearing"
    )


def test_deprecate_code_marks_it_deprecated():
    outcome = apply(op(K.DEPRECATE_CODE, "work-priority-codes/EMG", deprecation_note="Merged"))

    after = outcome.after["work-priority-codes"]["codes"]["EMG"]
    assert (after["deprecated"], after["deprecation_note"]) == (True, "Merged")


def test_remove_code_drops_it():
    outcome = apply(op(K.REMOVE_CODE, "work-priority-codes/URG"))

    assert outcome.ok
    assert "URG" not in outcome.after["work-priority-codes"]["codes"]


def test_applying_never_changes_the_base_state():
    base = housing_base()
    untouched = copy.deepcopy(base.components)

    apply(
        op(K.CHANGE_COMPONENT, "property", name="Dwelling"),
        op(K.REMOVE_ATTRIBUTE, "work-order/legacy_ref"),
        op(K.DEPRECATE_COMPONENT, "work-priority-codes"),
        base=base,
    )

    assert base.components == untouched


def test_outcome_holds_only_the_touched_components():
    outcome = apply(op(K.CHANGE_CODE, "person-alert-codes/MED", label="Medical need"))

    assert set(outcome.before) == set(outcome.after) == {"person-alert-codes"}


def test_a_later_operation_can_build_on_an_earlier_one():
    outcome = apply(
        op(K.ADD_ATTRIBUTE, "work-order/estimate", name="estimate", data_type="number"),
        op(K.DEPRECATE_ATTRIBUTE, "work-order/cost", replaced_by="estimate"),
    )

    assert outcome.ok
    assert outcome.after["work-order"]["attributes"]["cost"]["replaced_by"] == "estimate"


def test_members_of_a_new_component_are_classified_as_part_of_the_addition():
    outcome = apply(
        op(K.ADD_COMPONENT, "damp-survey", kind=ENTITY, name="Damp survey"),
        op(K.ADD_ATTRIBUTE, "damp-survey/survey_id", name="id", required=True),
    )

    assert rule_ids(outcome) == {"component.added"}
    assert outcome.impact == Impact.MINOR


def test_a_new_attribute_may_refer_to_a_component_added_earlier():
    outcome = apply(
        op(K.ADD_COMPONENT, "damp-survey", kind=ENTITY, name="Damp survey"),
        op(
            K.ADD_ATTRIBUTE,
            "property/last_survey",
            name="lastSurvey",
            data_type="reference",
            references="damp-survey",
        ),
    )

    assert outcome.ok


# Validation: each rule refuses with the right field and a helpful message --------------------


def test_add_component_refuses_a_key_already_in_the_version():
    problem = only_problem(op(K.ADD_COMPONENT, "property", kind=ENTITY, name="Premises"))

    assert problem.field == "component"
    assert "already a component with the key “property”" in problem.message


@pytest.mark.parametrize("key", ["Work Order", "-work", "work.order", ""])
def test_add_component_refuses_a_badly_formed_key(key):
    problem = only_problem(op(K.ADD_COMPONENT, key, kind=ENTITY, name="Premises"))

    assert problem.field == "component"
    assert "lower-case letters" in problem.message


def test_add_component_refuses_a_missing_kind():
    problem = only_problem(op(K.ADD_COMPONENT, "damp-survey", name="Damp survey"))

    assert problem.field == "kind"
    assert "entity or a code list" in problem.message


@pytest.mark.parametrize("kind", [K.CHANGE_COMPONENT, K.DEPRECATE_COMPONENT, K.REMOVE_COMPONENT])
def test_component_operations_refuse_a_component_that_does_not_exist(kind):
    values = {"name": "Premises"} if kind == K.CHANGE_COMPONENT else {}

    problem = only_problem(op(kind, "premises", **values))

    assert problem.field == "component"
    assert "no component with the key “premises”" in problem.message


def test_add_attribute_refuses_a_key_the_component_already_has():
    problem = only_problem(op(K.ADD_ATTRIBUTE, "work-order/quantity", name="amount"))

    assert problem.field == "member"
    assert "Work order already has an attribute with the key “quantity”" in problem.message


@pytest.mark.parametrize(
    ("kind", "values"),
    [
        (K.CHANGE_ATTRIBUTE, {"definition": "x"}),
        (K.DEPRECATE_ATTRIBUTE, {}),
        (K.REMOVE_ATTRIBUTE, {}),
    ],
)
def test_attribute_operations_refuse_an_attribute_that_does_not_exist(kind, values):
    problem = only_problem(op(kind, "work-order/colour", **values))

    assert problem.field == "member"
    assert "Work order has no attribute with the key “colour”" in problem.message


def test_add_code_refuses_a_key_the_code_list_already_has():
    problem = only_problem(op(K.ADD_CODE, "person-alert-codes/MED1", value="MED9"))

    assert problem.field == "member"
    assert "already has a code with the key “MED1”" in problem.message


@pytest.mark.parametrize(
    ("kind", "values"),
    [(K.CHANGE_CODE, {"label": "x"}), (K.DEPRECATE_CODE, {}), (K.REMOVE_CODE, {})],
)
def test_code_operations_refuse_a_code_that_does_not_exist(kind, values):
    problem = only_problem(op(kind, "person-alert-codes/ZZZ", **values))

    assert problem.field == "member"
    assert "Person alert codes has no code with the key “ZZZ”" in problem.message


def test_add_attribute_refuses_a_name_another_attribute_has():
    problem = only_problem(op(K.ADD_ATTRIBUTE, "work-order/amount", name="quantity"))

    assert problem.field == "name"
    assert "Work order already has an attribute “quantity”" in problem.message


def test_change_attribute_refuses_renaming_to_a_name_another_attribute_has():
    problem = only_problem(op(K.CHANGE_ATTRIBUTE, "work-order/cost", name="description"))

    assert problem.field == "name"
    assert "already has an attribute “description”" in problem.message


def test_add_code_refuses_a_value_another_code_has():
    problem = only_problem(op(K.ADD_CODE, "person-alert-codes/medical", value="MED"))

    assert problem.field == "value"
    assert "Person alert codes already has the code “MED”" in problem.message


def test_change_code_refuses_a_value_another_code_has():
    problem = only_problem(op(K.CHANGE_CODE, "person-alert-codes/COM1", value="MED1"))

    assert problem.field == "value"
    assert "already has the code “MED1”" in problem.message


def test_add_component_refuses_a_name_another_component_has_in_any_case():
    problem = only_problem(op(K.ADD_COMPONENT, "premises", kind=ENTITY, name="PROPERTY"))

    assert problem.field == "name"
    assert "already a component called “PROPERTY”" in problem.message


def test_change_component_refuses_a_name_another_component_has():
    problem = only_problem(op(K.CHANGE_COMPONENT, "old-notes", name="Work order"))

    assert problem.field == "name"
    assert "already a component called “Work order”" in problem.message


def test_a_name_freed_by_an_earlier_rename_can_be_taken():
    outcome = apply(
        op(K.CHANGE_COMPONENT, "property", name="Dwelling"),
        op(K.ADD_COMPONENT, "premises", kind=ENTITY, name="Property"),
    )

    assert outcome.ok


@pytest.mark.parametrize("pattern", ["[A-Z", "(?P<x", "*abc"])
def test_add_attribute_refuses_an_invalid_pattern(pattern):
    problem = only_problem(op(K.ADD_ATTRIBUTE, "work-order/code", name="code", pattern=pattern))

    assert problem.field == "pattern"
    assert problem.message.startswith("Enter a regular expression that JSON Schema can use")


def test_change_attribute_refuses_an_invalid_pattern():
    problem = only_problem(op(K.CHANGE_ATTRIBUTE, "work-order/reference_code", pattern="(unclosed"))

    assert problem.field == "pattern"
    assert "regular expression that JSON Schema can use" in problem.message


def test_add_attribute_refuses_a_reference_to_a_component_not_in_the_standard():
    problem = only_problem(
        op(
            K.ADD_ATTRIBUTE,
            "work-order/contractor",
            name="contractor",
            data_type="reference",
            references="contractor",
        )
    )

    assert problem.field == "references"
    assert "There is no component “contractor” in this standard" in problem.message


def test_a_reference_attribute_must_name_what_it_refers_to():
    problem = only_problem(
        op(K.ADD_ATTRIBUTE, "work-order/contractor", name="contractor", data_type="reference")
    )

    assert problem.field == "references"
    assert "Choose the component" in problem.message


def test_only_a_reference_attribute_may_name_a_component():
    problem = only_problem(
        op(K.ADD_ATTRIBUTE, "work-order/where", name="where", references="property")
    )

    assert problem.field == "references"
    assert "Only a reference attribute" in problem.message


def test_a_reference_to_a_component_removed_earlier_in_the_change_set_is_refused():
    problem = only_problem(
        op(K.REMOVE_COMPONENT, "old-notes"),
        op(
            K.ADD_ATTRIBUTE,
            "work-order/notes",
            name="notes",
            data_type="reference",
            references="old-notes",
        ),
    )

    assert (problem.index, problem.field) == (1, "references")


@pytest.mark.parametrize(
    ("kind", "path"),
    [
        (K.REMOVE_COMPONENT, "property"),
        (K.REMOVE_ATTRIBUTE, "work-order/description"),
        (K.REMOVE_CODE, "person-alert-codes/MED1"),
    ],
)
def test_removal_is_refused_unless_deprecated_in_the_base_version(kind, path):
    problem = only_problem(op(kind, path))

    assert problem.field == ("component" if kind == K.REMOVE_COMPONENT else "member")
    assert "deprecated in a published version" in problem.message
    assert "Deprecate it first" in problem.message


@pytest.mark.parametrize(
    ("deprecate", "remove", "field"),
    [
        (K.DEPRECATE_COMPONENT, K.REMOVE_COMPONENT, "component"),
        (K.DEPRECATE_ATTRIBUTE, K.REMOVE_ATTRIBUTE, "member"),
        (K.DEPRECATE_CODE, K.REMOVE_CODE, "member"),
    ],
)
def test_removal_is_refused_when_deprecated_only_earlier_in_the_same_change_set(
    deprecate, remove, field
):
    path = {
        K.DEPRECATE_COMPONENT: "work-priority-codes",
        K.DEPRECATE_ATTRIBUTE: "work-order/description",
        K.DEPRECATE_CODE: "person-alert-codes/MED1",
    }[deprecate]

    outcome = apply(op(deprecate, path), op(remove, path))

    assert [(problem.index, problem.field) for problem in outcome.problems] == [(1, field)]
    assert rule_ids(outcome, 0) == {"deprecated"}


def test_removing_a_member_of_a_component_added_in_the_change_set_is_refused():
    problem = only_problem(
        op(K.ADD_COMPONENT, "damp-survey", kind=ENTITY, name="Damp survey"),
        op(K.REMOVE_ATTRIBUTE, "damp-survey/anything"),
    )

    assert (problem.index, problem.field) == (1, "member")


def test_removing_a_component_other_components_refer_to_is_refused():
    problem = only_problem(op(K.REMOVE_COMPONENT, "old-survey"))

    assert problem.field == "component"
    assert "Other components refer to Old survey: property" in problem.message


def test_removing_a_component_after_its_referrer_is_removed_is_allowed():
    outcome = apply(op(K.REMOVE_ATTRIBUTE, "property/survey"), op(K.REMOVE_COMPONENT, "old-survey"))

    assert outcome.ok


def test_removing_a_component_an_earlier_operation_made_refer_to_it_is_refused():
    """The after-state must not hold a reference to a component it no longer has."""
    outcome = apply(
        op(
            K.ADD_ATTRIBUTE,
            "work-order/notes",
            name="notes",
            data_type="reference",
            references="old-notes",
        ),
        op(K.REMOVE_COMPONENT, "old-notes"),
    )

    assert [(problem.index, problem.field) for problem in outcome.problems] == [(1, "component")]


def test_removing_a_component_whose_members_changed_earlier_in_the_set_is_refused():
    """Otherwise the change set lists member changes that the diff of its result never shows."""
    outcome = apply(
        op(K.ADD_ATTRIBUTE, "old-notes/text", name="text"),
        op(K.REMOVE_COMPONENT, "old-notes"),
    )

    assert [(problem.index, problem.field) for problem in outcome.problems] == [(1, "component")]


def test_removing_a_code_that_is_the_parent_of_others_is_refused():
    problem = only_problem(op(K.REMOVE_CODE, "person-alert-codes/COM"))

    assert problem.field == "member"
    assert "Codes COM1 have COM as their parent" in problem.message


def test_add_component_refuses_a_tombstoned_key():
    problem = only_problem(op(K.ADD_COMPONENT, "retired-component", kind=ENTITY, name="Retired"))

    assert problem.field == "component"
    assert "reserved" in problem.message


def test_add_attribute_refuses_a_tombstoned_name():
    problem = only_problem(op(K.ADD_ATTRIBUTE, "work-order/old", name="oldName"))

    assert problem.field == "name"
    assert "“oldName” was an attribute of Work order in an earlier version" in problem.message


def test_change_attribute_refuses_renaming_to_a_tombstoned_name():
    problem = only_problem(op(K.CHANGE_ATTRIBUTE, "work-order/description", name="oldName"))

    assert problem.field == "name"
    assert "reserved" in problem.message


def test_add_code_refuses_a_tombstoned_value():
    problem = only_problem(op(K.ADD_CODE, "person-alert-codes/old", value="OLD"))

    assert problem.field == "value"
    assert "The code “OLD” was in Person alert codes in an earlier version" in problem.message


def test_change_code_refuses_a_tombstoned_value():
    problem = only_problem(op(K.CHANGE_CODE, "person-alert-codes/COM1", value="OLD"))

    assert problem.field == "value"
    assert "reserved" in problem.message


def test_a_name_the_base_version_still_has_is_not_treated_as_tombstoned():
    """Tombstones come from every published version; the base's own names are not reserved."""
    outcome = apply(op(K.CHANGE_ATTRIBUTE, "work-order/work_order_id", definition="The id."))

    assert outcome.ok


def test_an_attribute_name_removed_in_the_same_change_set_cannot_be_reused():
    """A removed name is reserved for ever (GOVERNANCE.md section 2), even in the same set."""
    outcome = apply(
        op(K.REMOVE_ATTRIBUTE, "work-order/legacy_ref"),
        op(K.ADD_ATTRIBUTE, "work-order/legacy", name="legacyRef"),
    )

    assert [(problem.index, problem.field) for problem in outcome.problems] == [(1, "name")]


def test_a_code_value_removed_in_the_same_change_set_cannot_be_reused():
    outcome = apply(
        op(K.REMOVE_CODE, "work-priority-codes/URG"),
        op(K.ADD_CODE, "work-priority-codes/urgent", value="URG"),
    )

    assert [(problem.index, problem.field) for problem in outcome.problems] == [(1, "value")]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (
            op(K.CHANGE_ATTRIBUTE, "work-order/description", definition="The job."),
            op(K.DEPRECATE_ATTRIBUTE, "work-order/description"),
        ),
        (
            op(K.CHANGE_CODE, "person-alert-codes/MED", label="Medical need"),
            op(K.CHANGE_CODE, "person-alert-codes/MED", definition="Needs care."),
        ),
        (
            op(K.CHANGE_COMPONENT, "property", definition="A dwelling."),
            op(K.DEPRECATE_COMPONENT, "property"),
        ),
    ],
)
def test_the_same_element_path_twice_is_refused(first, second):
    outcome = apply(first, second)

    (problem,) = outcome.problems
    assert problem.index == 1
    assert problem.message.startswith(f"Change 1 already changes {first.path}")


@pytest.mark.parametrize(
    ("operation", "message"),
    [
        (op(K.ADD_ATTRIBUTE, "person-alert-codes/colour", name="colour"), "is not an entity"),
        (op(K.CHANGE_ATTRIBUTE, "work-priority-codes/EMG", name="x"), "is not an entity"),
        (op(K.ADD_CODE, "work-order/X1", value="X1"), "is not a code list"),
        (op(K.DEPRECATE_CODE, "property/uprn"), "is not a code list"),
    ],
)
def test_member_operations_refuse_the_wrong_kind_of_component(operation, message):
    problem = only_problem(operation)

    assert problem.field == "component"
    assert message in problem.message


def test_a_component_operation_refuses_a_member_key():
    problem = only_problem(op(K.DEPRECATE_COMPONENT, "property/uprn"))

    assert problem.field == "member"
    assert "names no attribute or code" in problem.message


def test_a_member_operation_needs_a_member_key():
    problem = only_problem(op(K.DEPRECATE_ATTRIBUTE, "work-order"))

    assert problem.field == "member"
    assert "Enter the key" in problem.message


def test_an_unknown_kind_of_operation_is_refused():
    problem = only_problem(op("rename_everything", "property"))

    assert problem.field == "kind"


@pytest.mark.parametrize(
    "operation",
    [
        op(K.ADD_COMPONENT, "damp-survey", kind=ENTITY, name="Damp survey", colour="red"),
        op(K.CHANGE_COMPONENT, "property", colour="red"),
        op(K.DEPRECATE_COMPONENT, "property", colour="red"),
        op(K.REMOVE_COMPONENT, "old-notes", colour="red"),
        op(K.ADD_ATTRIBUTE, "work-order/due", name="due", colour="red"),
        op(K.CHANGE_ATTRIBUTE, "work-order/description", colour="red"),
        op(K.DEPRECATE_ATTRIBUTE, "work-order/description", colour="red"),
        op(K.REMOVE_ATTRIBUTE, "work-order/legacy_ref", colour="red"),
        op(K.ADD_CODE, "person-alert-codes/SOC", value="SOC", colour="red"),
        op(K.CHANGE_CODE, "person-alert-codes/MED", colour="red"),
        op(K.DEPRECATE_CODE, "person-alert-codes/MED", colour="red"),
        op(K.REMOVE_CODE, "work-priority-codes/URG", colour="red"),
    ],
    ids=lambda operation: operation.kind,
)
def test_an_unknown_field_is_refused_for_every_kind(operation):
    problem = only_problem(operation)

    assert problem.field == "colour"
    assert "“colour” cannot be set by this kind of change" in problem.message


@pytest.mark.parametrize(
    ("operation", "field"),
    [
        (op(K.CHANGE_COMPONENT, "property", deprecated=True), "deprecated"),
        (op(K.CHANGE_COMPONENT, "property", kind=CODE_LIST), "kind"),
        (op(K.CHANGE_ATTRIBUTE, "work-order/description", key="summary"), "key"),
        (op(K.CHANGE_CODE, "person-alert-codes/MED", deprecated=True), "deprecated"),
    ],
)
def test_a_change_cannot_set_fields_managed_by_other_operations(operation, field):
    problem = only_problem(operation)

    assert problem.field == field


@pytest.mark.parametrize(
    "operation",
    [
        op(K.CHANGE_COMPONENT, "property", definition="A home or other building."),
        op(K.CHANGE_ATTRIBUTE, "work-order/quantity", data_type="integer"),
        op(K.CHANGE_CODE, "person-alert-codes/MED", label="Medical"),
    ],
    ids=lambda operation: operation.kind,
)
def test_a_change_that_changes_nothing_is_refused(operation):
    problem = only_problem(operation)

    assert problem.field == "values"
    assert "change" in problem.message.lower()


def test_a_change_that_only_pads_the_component_name_with_spaces_changes_nothing():
    """Names are stored stripped on add; a change must strip them too, not record a rename."""
    problem = only_problem(op(K.CHANGE_COMPONENT, "property", name="  Property  "))

    assert problem.field == "values"


@pytest.mark.parametrize(
    "operation",
    [
        op(K.CHANGE_COMPONENT, "property"),
        op(K.CHANGE_ATTRIBUTE, "work-order/quantity"),
        op(K.CHANGE_CODE, "person-alert-codes/MED"),
    ],
    ids=lambda operation: operation.kind,
)
def test_a_change_with_no_values_is_refused(operation):
    problem = only_problem(operation)

    assert (problem.field, problem.message) == ("values", "Change at least one thing")


@pytest.mark.parametrize(
    "operation",
    [
        op(K.DEPRECATE_COMPONENT, "old-notes"),
        op(K.DEPRECATE_ATTRIBUTE, "work-order/legacy_ref"),
        op(K.DEPRECATE_CODE, "work-priority-codes/URG"),
    ],
    ids=lambda operation: operation.kind,
)
def test_deprecating_something_already_deprecated_is_refused(operation):
    problem = only_problem(operation)

    assert (problem.field, problem.message) == ("kind", "This is already deprecated")


def test_a_deprecation_cannot_name_the_thing_itself_as_its_replacement():
    problem = only_problem(op(K.DEPRECATE_ATTRIBUTE, "work-order/cost", replaced_by="cost"))

    assert problem.field == "replaced_by"
    assert "other than the thing itself" in problem.message


def test_a_deprecation_cannot_name_a_replacement_that_does_not_exist():
    problem = only_problem(op(K.DEPRECATE_CODE, "person-alert-codes/MED1", replaced_by="NOPE"))

    assert problem.field == "replaced_by"
    assert "There is no “NOPE”" in problem.message


def test_a_refused_deprecation_leaves_the_component_as_it_was():
    """A refused operation must change nothing, so a later change to the same component is
    classified against its real state."""
    outcome = apply(
        op(K.DEPRECATE_COMPONENT, "property", deprecation_note="Bad\x00note"),
        op(K.CHANGE_COMPONENT, "property", definition="A dwelling."),
    )

    assert [problem.index for problem in outcome.problems] == [0]
    assert outcome.after["property"]["deprecated"] is False


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x", "data_type": "colour"}, "data_type"),
        ({"name": "x", "cardinality": "several"}, "cardinality"),
        ({"name": "x", "required": "yes"}, "required"),
        ({"name": "x", "nullable": None}, "nullable"),
        ({"name": "x", "enum_values": "a,b"}, "enum_values"),
        ({"name": "x" * 201}, "name"),
        ({"name": "x", "definition": "Bad\x00text"}, "definition"),
        ({"name": "x", "format": 7}, "format"),
    ],
)
def test_add_attribute_refuses_malformed_values(values, field):
    problem = only_problem(op(K.ADD_ATTRIBUTE, "work-order/extra", **values))

    assert problem.field == field


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"value": " "}, "value", "Enter the code"),
        ({"value": "SOC", "parent_value": "SOC"}, "parent_value", "cannot be its own parent"),
        ({"value": "SOC", "parent_value": "ZZZ"}, "parent_value", "There is no code “ZZZ”"),
        ({"value": "SOC", "properties": ["x"]}, "properties", "Properties must be"),
    ],
)
def test_add_code_refuses_malformed_values(values, field, message):
    problem = only_problem(op(K.ADD_CODE, "person-alert-codes/SOC", **values))

    assert problem.field == field
    assert message in problem.message


def test_renaming_a_code_other_codes_have_as_parent_is_refused():
    """Removing a parent is refused while it has children; renaming it must not orphan them."""
    problem = only_problem(op(K.CHANGE_CODE, "person-alert-codes/MED", value="MEDICAL"))

    assert problem.field == "value"


def test_problems_do_not_stop_later_valid_operations():
    outcome = apply(
        op(K.ADD_ATTRIBUTE, "work-order/bad", name="bad", pattern="[unclosed"),
        op(K.ADD_CODE, "person-alert-codes/SOC", value="SOC", label="Social"),
        op(K.REMOVE_ATTRIBUTE, "work-order/description"),
        op(K.CHANGE_COMPONENT, "property", definition="A dwelling."),
    )

    assert [problem.index for problem in outcome.problems] == [0, 2]
    assert [item.operation.path for item in outcome.classified] == [
        "person-alert-codes/SOC",
        "property",
    ]
    assert outcome.after["property"]["definition"] == "A dwelling."
    assert "work-order" not in outcome.after


def test_problems_for_lists_the_problems_of_one_operation():
    outcome = apply(
        op(K.CHANGE_COMPONENT, "property", definition="A dwelling."),
        op(K.ADD_CODE, "work-order/X", value="X"),
    )

    assert outcome.problems_for(0) == []
    assert [problem.field for problem in outcome.problems_for(1)] == ["component"]


# Classification: each rule an operation can produce, with its impact --------------------------


CLASSIFICATIONS = [
    ("component.added", op(K.ADD_COMPONENT, "damp-survey", kind=ENTITY, name="Damp survey")),
    ("component.removed", op(K.REMOVE_COMPONENT, "old-notes")),
    ("component.renamed", op(K.CHANGE_COMPONENT, "property", name="Dwelling")),
    ("editorial", op(K.CHANGE_COMPONENT, "property", definition="A dwelling.")),
    ("deprecated", op(K.DEPRECATE_COMPONENT, "property")),
    ("attribute.added.optional", op(K.ADD_ATTRIBUTE, "work-order/due", name="due")),
    (
        "attribute.added.required",
        op(K.ADD_ATTRIBUTE, "work-order/due", name="due", required=True),
    ),
    ("attribute.removed", op(K.REMOVE_ATTRIBUTE, "work-order/legacy_ref")),
    ("attribute.renamed", op(K.CHANGE_ATTRIBUTE, "work-order/cost", name="price")),
    ("attribute.required.added", op(K.CHANGE_ATTRIBUTE, "work-order/cost", required=True)),
    (
        "attribute.required.removed",
        op(K.CHANGE_ATTRIBUTE, "work-order/work_order_id", required=False),
    ),
    ("attribute.nullable.removed", op(K.CHANGE_ATTRIBUTE, "work-order/cost", nullable=False)),
    ("attribute.nullable.added", op(K.CHANGE_ATTRIBUTE, "work-order/quantity", nullable=True)),
    ("type.widened", op(K.CHANGE_ATTRIBUTE, "work-order/quantity", data_type="number")),
    ("type.narrowed", op(K.CHANGE_ATTRIBUTE, "work-order/cost", data_type="integer")),
    ("type.incompatible", op(K.CHANGE_ATTRIBUTE, "work-order/description", data_type="date")),
    ("constraint.narrowed", op(K.CHANGE_ATTRIBUTE, "work-order/description", pattern="^.+$")),
    ("constraint.widened", op(K.CHANGE_ATTRIBUTE, "work-order/reference_code", pattern="")),
    ("constraint.narrowed", op(K.CHANGE_ATTRIBUTE, "work-order/description", format="email")),
    ("constraint.widened", op(K.CHANGE_ATTRIBUTE, "work-order/reference_code", format="")),
    (
        "constraint.narrowed",
        op(K.CHANGE_ATTRIBUTE, "work-order/status", enum_values=["open"]),
    ),
    (
        "constraint.widened",
        op(K.CHANGE_ATTRIBUTE, "work-order/status", enum_values=["open", "closed", "held"]),
    ),
    ("cardinality.changed", op(K.CHANGE_ATTRIBUTE, "work-order/quantity", cardinality="many")),
    (
        "reference.changed",
        op(K.CHANGE_ATTRIBUTE, "work-order/priority", references="person-alert-codes"),
    ),
    ("editorial", op(K.CHANGE_ATTRIBUTE, "work-order/reported_at", example="2025-02-01")),
    ("editorial", op(K.CHANGE_ATTRIBUTE, "work-order/description", definition="The job.")),
    ("deprecated", op(K.DEPRECATE_ATTRIBUTE, "work-order/quantity")),
    ("code.added", op(K.ADD_CODE, "person-alert-codes/SOC", value="SOC")),
    ("code.removed", op(K.REMOVE_CODE, "work-priority-codes/URG")),
    ("code.renamed", op(K.CHANGE_CODE, "work-priority-codes/EMG", value="EM")),
    ("editorial", op(K.CHANGE_CODE, "work-priority-codes/EMG", label="Emergency repair")),
    ("editorial", op(K.CHANGE_CODE, "work-priority-codes/EMG", definition="Within 24 hours.")),
    ("code.moved", op(K.CHANGE_CODE, "person-alert-codes/MED1", parent_value="")),
    (
        "code.properties.added",
        op(
            K.CHANGE_CODE,
            "person-alert-codes/MED1",
            properties={"is_critical": True, "group": "health"},
        ),
    ),
    (
        "code.properties.changed",
        op(K.CHANGE_CODE, "person-alert-codes/MED1", properties={"is_critical": False}),
    ),
    ("deprecated", op(K.DEPRECATE_CODE, "person-alert-codes/MED1")),
]


@pytest.mark.parametrize(
    ("rule_id", "operation"),
    CLASSIFICATIONS,
    ids=[f"{rule_id}-{operation.kind}" for rule_id, operation in CLASSIFICATIONS],
)
def test_each_operation_is_classified_by_its_rule(rule_id, operation):
    outcome = apply(operation)

    assert outcome.ok, outcome.problems
    (classified,) = outcome.classified
    assert {rule.id for rule in classified.rules} == {rule_id}
    assert classified.impact == RULES[rule_id].impact
    assert classified.main_rule == RULES[rule_id]
    assert outcome.impact == RULES[rule_id].impact


def test_every_rule_an_operation_can_produce_is_covered_by_the_table():
    # Only the version diff sees other schema keywords: no operation can set ``extra``.
    produced = {rule_id for rule_id, _ in CLASSIFICATIONS} | {"meaning.changed"}

    assert produced == set(RULES) - {"keywords.changed"}


def test_a_deprecation_with_a_note_and_a_replacement_is_minor():
    outcome = apply(
        op(K.DEPRECATE_ATTRIBUTE, "work-order/cost", replaced_by="quantity", deprecation_note="x")
    )

    assert rule_ids(outcome) == {"deprecated", "editorial"}
    assert outcome.impact == Impact.MINOR


@pytest.mark.parametrize(
    "operation",
    [
        op(K.CHANGE_COMPONENT, "property", changes_meaning=True, definition="Any building."),
        op(
            K.CHANGE_ATTRIBUTE,
            "work-order/description",
            changes_meaning=True,
            definition="What was done.",
        ),
        op(
            K.CHANGE_CODE,
            "person-alert-codes/MED",
            changes_meaning=True,
            definition="Any health need.",
        ),
    ],
    ids=lambda operation: operation.kind,
)
def test_a_definition_change_that_changes_meaning_is_major(operation):
    outcome = apply(operation)

    assert rule_ids(outcome) == {"editorial", "meaning.changed"}
    assert outcome.classified[0].main_rule == RULES["meaning.changed"]
    assert outcome.impact == Impact.MAJOR


def test_changes_meaning_without_a_new_definition_adds_no_rule():
    outcome = apply(
        op(K.CHANGE_CODE, "person-alert-codes/MED", changes_meaning=True, label="Medical need")
    )

    assert rule_ids(outcome) == {"editorial"}
    assert outcome.impact == Impact.PATCH


def test_the_change_set_impact_is_the_highest_of_its_operations():
    outcome = apply(
        op(K.CHANGE_CODE, "person-alert-codes/MED", label="Medical need"),
        op(K.ADD_CODE, "person-alert-codes/SOC", value="SOC"),
        op(K.REMOVE_CODE, "work-priority-codes/URG"),
    )

    assert [item.impact for item in outcome.classified] == [
        Impact.PATCH,
        Impact.MINOR,
        Impact.MAJOR,
    ]
    assert outcome.impact == Impact.MAJOR


def test_an_empty_change_set_has_no_impact():
    outcome = apply()

    assert (outcome.ok, outcome.impact, outcome.classified) == (True, Impact.NONE, [])


def test_component_diffs_show_each_touched_component_before_and_after():
    outcome = apply(
        op(K.ADD_CODE, "person-alert-codes/SOC", value="SOC"),
        op(K.REMOVE_COMPONENT, "old-notes"),
        op(K.ADD_COMPONENT, "damp-survey", kind=ENTITY, name="Damp survey"),
    )

    changes = {change.key: change.change for change in outcome.component_diffs()}
    assert changes == {
        "person-alert-codes": "changed",
        "old-notes": "removed",
        "damp-survey": "added",
    }


def test_the_housing_snapshot_is_a_valid_base():
    """Guards the fixture: every reference in it resolves."""
    snapshot = housing_snapshot()

    references = {
        attribute["references"]
        for component in snapshot.values()
        for attribute in component["attributes"].values()
        if attribute["references"]
    }
    assert references <= set(snapshot)
