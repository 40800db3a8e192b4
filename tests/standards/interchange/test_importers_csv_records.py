"""CSV records: where each starts, quotation marks that swallow rows, and titles and notes
around the table."""

from standards.interchange.importers import code_list_parse


def parse(text: str):
    return code_list_parse(text, source="codes.csv", key="codes", name="Codes")


def values(plan) -> list[str]:
    return [code.value for code in plan.components[0].codes]


def issues(plan, code: str) -> dict[int, str]:
    return {i.line: i.message for i in [*plan.errors, *plan.warnings] if i.code == code}


def test_an_error_names_the_line_where_a_multi_line_record_starts():
    plan = parse('Code,Label,Definition\nA,"Alpha","One.\nTwo."\nB<,"Beta\nb",x\n')

    assert list(issues(plan, "bad_code")) == [4]


def test_a_warning_names_the_line_where_a_record_after_a_multi_line_cell_starts():
    plan = parse('Code,Label,Definition\nA,Alpha,"One.\nTwo.\nThree."\nB,,x\n')

    assert values(plan) == ["A", "B"]
    assert list(issues(plan, "missing_label")) == [5]


def test_a_quotation_mark_that_swallows_rows_is_refused_at_the_line_that_opens_it():
    plan = parse('Code,Label\nA,"Alpha\nB,Beta\nC,"Gamma"\nD,Delta\n')

    message = issues(plan, "unclosed_quote")[2]
    assert "not closed until line 4" in message
    assert "lines 3 to 4 were read as part of one cell" in message
    assert not plan.ok


def test_a_curly_closing_quotation_mark_is_named_as_the_cause():
    plan = parse('Code,Label\nA,"Alpha”\nB,Beta\nC,"Gamma"\n')

    assert "not a curly one" in issues(plan, "unclosed_quote")[2]


def test_a_quotation_mark_never_closed_is_refused_at_the_line_that_opens_it():
    plan = parse('Code,Label\nA,Alpha\nB,Be"ta\n"C,Gamma\nD,Delta\n')

    assert "never closed" in issues(plan, "unclosed_quote")[4]
    assert not plan.ok


def test_a_cell_with_a_line_break_and_doubled_quotation_marks_is_read_whole():
    plan = parse('Code,Label,Definition\nA,Alpha,"He said ""damp"".\nThen left."\nB,Beta,x\n')

    assert plan.ok
    assert plan.components[0].codes[0].definition == 'He said "damp".\nThen left.'


def test_title_rows_above_the_header_are_skipped_and_reported():
    plan = parse("Damp and mould codes\nPublished by the ministry,,\n\nCode,Label\nA,Alpha\n")

    assert values(plan) == ["A"]
    message = issues(plan, "title_rows")[1]
    assert "Lines 1 to 2 above the header row" in message
    assert "“Damp and mould codes”" in message


def test_notes_below_the_table_are_skipped_and_reported_not_imported_as_codes():
    plan = parse(
        "Code,Label\nA,Alpha\nB,Beta\n\n"
        "Source: Ministry of Housing, Communities and Local Government\n© Crown copyright 2026\n"
    )

    assert values(plan) == ["A", "B"]
    message = issues(plan, "footer_rows")[5]
    assert "Lines 5 to 6 below the table" in message
    assert "“© Crown copyright 2026”" in message
    assert not issues(plan, "missing_cells")


def test_a_last_code_without_a_label_is_still_a_code():
    plan = parse("Code,Label\nA,Alpha\nZ9\n")

    assert values(plan) == ["A", "Z9"]
    assert not issues(plan, "footer_rows")
    assert 3 in issues(plan, "missing_label")


def test_a_file_of_only_notes_is_not_taken_for_a_footer():
    plan = parse("Code,Label\nSource: nowhere\n")

    assert not issues(plan, "footer_rows")
