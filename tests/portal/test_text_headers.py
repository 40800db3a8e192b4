import pytest

from portal.text import header_key, mistaken_separator, undecodable_line


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Code", "code"),
        (" Parent_Code ", "parent code"),
        ("parent  code", "parent code"),
        ("Deprecation-note", "deprecation note"),
        ("\ufeffReplaced_by", "replaced by"),
        ("STRASSE", "strasse"),
    ],
)
def test_header_key_matches_common_spellings(heading, expected):
    assert header_key(heading) == expected


def test_undecodable_line_names_the_first_bad_line():
    assert undecodable_line(b"code,label\nA,ok\nB,caf\xe9\nC,\xff") == 3


def test_undecodable_line_is_none_for_utf8_with_a_byte_order_mark():
    assert undecodable_line("\ufeffcode\nÄ\n".encode()) is None


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("code;label;definition", "semicolons"),
        ("code\tlabel\tdefinition", "tabs"),
        ("code,label,definition", None),
        ("code,label;with a semicolon", None),
        ("code", None),
    ],
)
def test_mistaken_separator_names_semicolons_and_tabs(line, expected):
    assert mistaken_separator(line) == expected
