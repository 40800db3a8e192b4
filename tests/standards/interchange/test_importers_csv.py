import pytest

from standards.choices import ComponentKind
from standards.demo.catalogue import data_dir
from standards.interchange.importers import code_list_parse

HEADER = "code,parent_code,name\n"


def parse(text: str | bytes):
    return code_list_parse(text, source="codes.csv", key="codes", name="Codes")


@pytest.fixture(scope="module")
def alerts():
    path = data_dir() / "person-alert-codes.csv"
    return code_list_parse(
        path.read_bytes(), source=path.name, key="person-alert-codes", name="Person alert codes"
    )


def codes_by_value(plan):
    return {code.value: code for code in plan.components[0].codes}


def test_person_alert_codes_import_as_one_hierarchical_code_list(alerts):
    component = alerts.components[0]

    assert alerts.errors == []
    assert (component.key, component.kind) == ("person-alert-codes", ComponentKind.CODE_LIST)
    # 126 rows plus the 20 group codes they sit under.
    assert len(component.codes) == 146


def test_person_alert_code_label_parent_and_properties(alerts):
    asthma = codes_by_value(alerts)["MED1.01"]

    assert (asthma.label, asthma.parent_value) == ("Asthma", "MED1")
    assert asthma.properties == {
        "category": "Medical",
        "name": "Respiratory Condition",
        "is_critical": True,
        "is_awaab_relevant": True,
        "repairs_impact": "High",
        "support_required": "Prioritise mould/damp repairs",
    }


def test_missing_group_codes_are_added_with_a_warning_per_group(alerts):
    added = [issue for issue in alerts.warnings if issue.code == "parent_added"]

    assert len(added) == 20
    assert added[0].line == 2
    assert "MED1" in added[0].message
    med1 = codes_by_value(alerts)["MED1"]
    assert (med1.label, med1.properties) == ("Respiratory Condition", {"category": "Medical"})


def test_group_whose_codes_disagree_gets_no_label(alerts):
    assert codes_by_value(alerts)["MH1"].label == ""
    assert any(
        "MH1" in issue.message and "different names" in issue.message for issue in alerts.warnings
    )


def test_only_parent_warnings_for_person_alert_codes(alerts):
    assert {issue.code for issue in alerts.warnings} == {"parent_added"}


def test_parents_come_before_their_children(alerts):
    values = [code.value for code in alerts.components[0].codes]

    assert values.index("MED1") < values.index("MED1.01")


def test_missing_required_columns_refuse():
    plan = parse("value,label_text\nA,Apple\n")

    assert [(i.code, i.line) for i in plan.errors] == [("missing_columns", 1)]


def test_duplicate_code_refuses_with_line():
    plan = parse(HEADER + "A,,Apple\nA,,Again\n")

    assert [(i.code, i.line) for i in plan.errors] == [("duplicate_code", 3)]


def test_parent_that_does_not_exist_refuses():
    plan = parse(HEADER + "A,,Apple\nB,ZZZ,Banana\n")

    assert [(i.code, i.line) for i in plan.errors] == [("missing_parent", 3)]


def test_parent_cycle_refuses():
    plan = parse(HEADER + "A,B,Apple\nB,A,Banana\n")

    assert {i.code for i in plan.errors} == {"parent_cycle"}


def test_not_utf8_refuses():
    plan = parse("code,name\nA,Caf\xe9\n".encode("latin-1"))

    assert [i.code for i in plan.errors] == ["not_utf8"]


def test_boolean_column_with_other_values_is_kept_as_text_with_warning():
    plan = parse("code,name,is_active\nA,Apple,true\nB,Banana,maybe\n")

    assert codes_by_value(plan)["B"].properties == {"is_active": "maybe"}
    assert [(i.code, i.line) for i in plan.warnings] == [("not_boolean", 1)]


def test_short_row_is_reported_with_line():
    plan = parse("code,name,colour\nA,Apple,red\nB,Banana\n")

    assert [(i.code, i.line) for i in plan.warnings] == [("missing_cells", 3)]


@pytest.mark.parametrize(
    "header",
    [
        "Code,Title,Parent code,Definition",
        "CODE,LABEL,PARENT,DESCRIPTION",
        "code,name,parent_code,description",
        " Code , Name , Parent-Code , Definition ",
        "\ufeffcode,label,parent code,definition",
    ],
)
def test_common_header_spellings_are_matched(header):
    plan = parse(f"{header}\nA,Alpha,,First\nA.1,Alpha one,A,Child\n")

    assert plan.errors == []
    child = codes_by_value(plan)["A.1"]
    assert (child.label, child.parent_value, child.definition) == ("Alpha one", "A", "Child")
    assert child.properties == {}


def test_report_says_which_column_was_read_as_what():
    plan = parse("Code,Label,Colour\nA,Alpha,red\n")

    read = next(issue for issue in plan.notes if issue.code == "columns_read")
    assert "“Code” as the code" in read.message
    assert "“Label” as the label" in read.message
    assert "“Colour”" in read.message
    assert codes_by_value(plan)["A"].properties == {"colour": "red"}


@pytest.mark.parametrize(
    ("cell", "deprecated", "version"),
    [
        ("", False, None),
        ("no", False, None),
        ("Yes", True, None),
        ("TRUE", True, None),
        ("2.1", True, "2.1"),
        ("v3.0.1", True, "3.0.1"),
    ],
)
def test_deprecated_column_holds_a_flag_or_a_version(cell, deprecated, version):
    plan = parse(f"code,label,deprecated\nA,Alpha,{cell}\n")

    code = codes_by_value(plan)["A"]
    assert code.deprecated is deprecated
    assert code.properties.get("deprecated_in") == version


def test_deprecated_column_with_other_words_is_an_error():
    plan = parse("code,label,deprecated\nA,Alpha,soon\n")

    assert [(i.code, i.line) for i in plan.errors] == [("invalid_deprecated", 2)]


def test_replacement_must_be_a_code_in_the_file():
    plan = parse("code,label,deprecated,replaced by\nA,Alpha,yes,Z\nB,Beta,yes,B\n")

    assert sorted((i.code, i.line) for i in plan.errors) == [
        ("missing_replacement", 2),
        ("own_replacement", 3),
    ]


def test_replacement_without_deprecated_marks_it_deprecated_with_a_warning():
    plan = parse("code,label,replaced_by,deprecation_note\nA,Alpha,B,Gone\nB,Beta,,\n")

    code = codes_by_value(plan)["A"]
    assert (code.deprecated, code.replaced_by, code.deprecation_note) == (True, "B", "Gone")
    assert [i.line for i in plan.warnings if i.code == "deprecated_implied"] == [2]


@pytest.mark.parametrize(("separator", "word"), [(";", "semicolons"), ("\t", "tabs")])
def test_semicolon_or_tab_separated_file_gets_an_error_that_says_so(separator, word):
    plan = parse(f"code{separator}label{separator}definition\nA{separator}Alpha{separator}x\n")

    assert [i.code for i in plan.errors] == ["wrong_separator"]
    assert word in plan.errors[0].message
