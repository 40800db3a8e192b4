"""The builder's downloads: a Word document and a Markdown file of a ``RequirementsDocument``.

Both number the requirements in their text ("1.", "2.", ...) rather than by list formatting, so
the numbers a tender refers to survive copying into another document.
"""

import io
import re

from django.conf import settings
from django.utils import timezone
from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from adoption.builder.compose import RequirementsDocument, Segment

DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MARKDOWN_CONTENT_TYPE = "text/markdown; charset=utf-8"
LINK_COLOUR = RGBColor(0x1D, 0x70, 0xB8)


# Word ---------------------------------------------------------------------------------------------


def _hyperlink(paragraph, text: str, url: str) -> None:
    """Append a real hyperlink: python-docx has no public API for writing one."""
    relationship = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), relationship)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), str(LINK_COLOUR))
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    properties.append(colour)
    properties.append(underline)
    run.append(properties)
    run_text = OxmlElement("w:t")
    run_text.text = text
    run_text.set(qn("xml:space"), "preserve")
    run.append(run_text)
    link.append(run)
    paragraph._p.append(link)


def _segments(paragraph, segments: tuple[Segment, ...]) -> None:
    for segment in segments:
        if segment.url:
            _hyperlink(paragraph, segment.text, segment.url)
        else:
            paragraph.add_run(segment.text)


def _properties(word, document: RequirementsDocument) -> None:
    """The file's properties say what it is and who made it, not python-docx's template
    defaults (author "python-docx", created 2013), which a buyer's records would keep."""
    now = timezone.now().replace(microsecond=0)
    properties = word.core_properties
    properties.title = document.title
    properties.subject = document.standard_version
    properties.author = properties.last_modified_by = settings.WAGTAIL_SITE_NAME
    properties.comments = f"Made with the {settings.WAGTAIL_SITE_NAME} requirements builder"
    properties.keywords = "data standards; procurement; social housing"
    properties.category = "Data requirements"
    properties.created = properties.modified = now
    properties.revision = 1


def requirements_docx(document: RequirementsDocument) -> bytes:
    """The document as a .docx: a title, headings, numbered requirements and links."""
    word = Document()
    _properties(word, document)
    word.styles["Normal"].font.name = "Arial"
    word.styles["Normal"].font.size = Pt(11)
    word.add_heading(document.title, level=0)
    for text in document.intro:
        word.add_paragraph(text)

    word.add_heading("Summary of needs", level=1)
    for label, value in document.answers:
        paragraph = word.add_paragraph(style="List Bullet")
        paragraph.add_run(f"{label}: ").bold = True
        paragraph.add_run(value)

    for section in document.sections:
        word.add_heading(section.heading, level=1)
        for requirement in section.requirements:
            paragraph = word.add_paragraph()
            paragraph.paragraph_format.left_indent = Pt(24)
            paragraph.paragraph_format.first_line_indent = Pt(-24)
            paragraph.add_run(f"{requirement.number}.\t").bold = True
            _segments(paragraph, requirement.segments)

    word.add_heading("Links", level=1)
    for link in document.links:
        paragraph = word.add_paragraph(style="List Bullet")
        paragraph.add_run(f"{link.label}: ")
        _hyperlink(paragraph, link.url, link.url)

    output = io.BytesIO()
    word.save(output)
    return output.getvalue()


# Markdown ---------------------------------------------------------------------------------------

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _escape(text: str) -> str:
    """Text from the catalogue or a steward, kept literal in Markdown."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _markdown_segments(segments: tuple[Segment, ...]) -> str:
    return "".join(f"<{part.url}>" if part.url else _escape(part.text) for part in segments)


def requirements_markdown(document: RequirementsDocument) -> str:
    lines = [f"# {_escape(document.title)}", ""]
    for text in document.intro:
        lines += [_escape(text), ""]
    lines += ["## Summary of needs", ""]
    lines += [f"- **{label}:** {_escape(value)}" for label, value in document.answers]
    for section in document.sections:
        lines += ["", f"## {section.heading}", ""]
        lines += [
            f"{requirement.number}. {_markdown_segments(requirement.segments)}"
            for requirement in section.requirements
        ]
    lines += ["", "## Links", ""]
    lines += [f"- [{_escape(link.label)}](<{link.url}>)" for link in document.links]
    return "\n".join(lines) + "\n"
