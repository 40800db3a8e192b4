"""Comment Markdown: formatting kept, anything that could run or load content removed."""

from html.parser import HTMLParser

import pytest

from standards.engine.markdown import render_markdown


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict]]:
    """The real elements in ``html``, with their attributes; escaped text is not an element."""
    parser = _Elements()
    parser.feed(html)
    return parser.found


def test_emphasis_is_kept():
    assert render_markdown("This is *important* and **urgent**") == (
        "<p>This is <em>important</em> and <strong>urgent</strong></p>\n"
    )


def test_lists_are_kept():
    html = render_markdown("- one\n- two\n\n1. first\n2. second")

    assert "<ul>\n<li>one</li>\n<li>two</li>\n</ul>" in html
    assert "<ol>\n<li>first</li>\n<li>second</li>\n</ol>" in html


def test_code_and_quotes_are_kept():
    html = render_markdown("> quoted\n\n`code`")

    assert "<blockquote>" in html
    assert "<code>code</code>" in html


def test_links_are_kept_and_marked_nofollow():
    html = render_markdown("See [the guidance](https://example.org/guide)")

    assert '<a href="https://example.org/guide" rel="nofollow noopener">the guidance</a>' in html


def test_mailto_links_are_kept():
    assert 'href="mailto:data@example.org"' in render_markdown("[Email](mailto:data@example.org)")


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        "Hello <script>alert(1)</script> world",
        '<img src="x" onerror="alert(1)">',
        '<a href="https://example.org" onclick="alert(1)">x</a>',
        "<iframe src='https://example.org'></iframe>",
        "<div style='position:fixed'>overlay</div>",
    ],
)
def test_raw_html_is_never_rendered_as_markup(source):
    found = elements(render_markdown(source))

    assert {tag for tag, _ in found} <= {"p", "a"}
    assert all(set(attributes) <= {"href", "rel"} for _, attributes in found)


def test_raw_html_is_shown_as_text():
    assert "&lt;b&gt;bold&lt;/b&gt;" in render_markdown("<b>bold</b>")


@pytest.mark.parametrize(
    "source",
    [
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        "[click](vbscript:msgbox(1))",
        "<javascript:alert(1)>",
    ],
)
def test_script_links_lose_their_address(source):
    hrefs = [
        attributes.get("href") or ""
        for tag, attributes in elements(render_markdown(source))
        if tag == "a"
    ]

    assert not [href for href in hrefs if not href.startswith(("http:", "https:", "mailto:"))]


@pytest.mark.parametrize(
    "source", ["![a cat](https://example.org/cat.png)", '![x](https://example.org/x.png "t")']
)
def test_images_are_not_rendered(source):
    assert "img" not in {tag for tag, _ in elements(render_markdown(source))}


def test_headings_are_flattened_to_text():
    html = render_markdown("# Big title")

    assert "<h1" not in html
    assert "Big title" in html


def test_empty_text_renders_nothing():
    assert render_markdown("") == ""
    assert render_markdown(None) == ""


def test_the_result_is_safe_to_insert_in_a_template():
    assert hasattr(render_markdown("*x*"), "__html__")
