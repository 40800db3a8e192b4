"""The procurement requirements builder: one question a page, check your answers, the result.

Nothing is saved, so the answers live in the query string. Each question is a GET form that
carries the other answers in hidden inputs; a valid answer redirects to the next unanswered
question (or to check your answers), so a Change link comes straight back. Every page and both
downloads can be bookmarked or shared, back links work, and no JavaScript is needed.
"""

from dataclasses import dataclass
from functools import cached_property

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from adoption.builder.compose import (
    Answers,
    RequirementsDocument,
    active_templates,
    builder_components,
    builder_versions,
    procurement_guidance_url,
    requirements_compose,
    version_key,
)
from adoption.builder.documents import (
    DOCX_CONTENT_TYPE,
    MARKDOWN_CONTENT_TYPE,
    requirements_docx,
    requirements_markdown,
)
from adoption.builder.forms import AccessForm, ComponentsForm, VersionForm, WriteForm
from adoption.models.builder import AccessLevel
from standards.choices import VersionStatus

STEP_FIELD = "step"
CAPTION = "Procurement requirements"


@dataclass(frozen=True)
class Question:
    name: str
    field: str
    heading: str
    hint: str
    multiple: bool = False


QUESTIONS = {
    "version": Question(
        "version",
        "version",
        "Which version of the standard must the system support?",
        "Suppliers will be asked to support this exact version. Choose the current version "
        "unless you have a reason not to.",
    ),
    "components": Question(
        "components",
        "component",
        "Which components must the system support?",
        "Select all that apply. Entities are records, such as a work order; code lists are "
        "sets of agreed values.",
        multiple=True,
    ),
    "access": Question(
        "access",
        "access",
        "What level of access to your data do you need?",
        "Each level gives you fresher data and more control than the one before it, and "
        "usually costs more. The requirements for a level include those of the levels above it.",
    ),
    "write": Question(
        "write",
        "write",
        "Do other systems need to change data in this system through an API?",
        "For example, your customer contact system might raise a repair, or a contractor's "
        "scheduling system might update an appointment.",
    ),
}
STEPS = list(QUESTIONS)
CHECK = "check"


def _url(name: str, query: QueryDict | None = None) -> str:
    url = reverse(f"adoption:builder_{name}")
    if query:
        query = query.copy()
        query.pop(STEP_FIELD, None)
        encoded = query.urlencode()
        if encoded:
            return f"{url}?{encoded}"
    return url


class Journey:
    """The buyer's answers so far, each question's form bound to the query string."""

    def __init__(self, query: QueryDict):
        self.query = query

    @cached_property
    def versions(self):
        return builder_versions()

    @cached_property
    def forms(self) -> dict:
        version_form = VersionForm(self.query, versions=self.versions)
        version = version_form.cleaned_data["version"] if version_form.is_valid() else None
        components = builder_components(version=version) if version else []
        return {
            "version": version_form,
            "components": ComponentsForm(self.query, components=components),
            "access": AccessForm(self.query),
            "write": WriteForm(self.query),
        }

    @cached_property
    def first_unanswered(self) -> str:
        for step in STEPS:
            if not self.forms[step].is_valid():
                return step
        return CHECK

    def answers(self) -> Answers:
        data = {step: self.forms[step].cleaned_data for step in STEPS}
        return Answers(
            version=data["version"]["version"],
            components=data["components"]["component"],
            access_level=AccessLevel(data["access"]["access"]),
            write_access=data["write"]["write"],
        )

    def default_version(self) -> str:
        """The current version, when there is one standard to choose from."""
        standards = {version.standard_id for version in self.versions}
        current = [v for v in self.versions if v.status == VersionStatus.PUBLISHED]
        if len(standards) == 1 and current:
            return version_key(current[0])
        return ""


def _options(question: Question, form, selected: list[str]) -> list[dict]:
    options = []
    for index, (value, label) in enumerate(form.fields[question.field].choices):
        option_id = question.field if index == 0 else f"{question.field}-{index + 1}"
        options.append(
            {
                "id": option_id,
                "value": str(value),
                "label": label,
                "hint": form.hints.get(str(value), ""),
                "checked": str(value) in selected,
            }
        )
    return options


def _question(request: HttpRequest, step: str) -> HttpResponse:
    journey = Journey(request.GET)
    # A question needs the ones before it: components depend on the version chosen.
    first = journey.first_unanswered
    if first != CHECK and STEPS.index(first) < STEPS.index(step):
        return redirect(_url(first, request.GET))
    question = QUESTIONS[step]
    form = journey.forms[step]
    submitted = request.GET.get(STEP_FIELD) == step
    if submitted and form.is_valid():
        return redirect(_url(journey.first_unanswered, request.GET))

    selected = request.GET.getlist(question.field)
    if not selected and step == "version" and not submitted:
        selected = [journey.default_version()]
    error = form.errors[question.field][0] if submitted and question.field in form.errors else ""
    carry = [
        (name, value)
        for name, values in request.GET.lists()
        if name not in {question.field, STEP_FIELD}
        for value in values
    ]
    index = STEPS.index(step)
    back_url = _url(STEPS[index - 1], request.GET) if index else _url("start")
    return render(
        request,
        "adoption/builder/question.html",
        {
            "question": question,
            "caption": CAPTION,
            "options": _options(question, form, selected),
            "error": error,
            "carry": carry,
            "step": step,
            "back_url": back_url,
            "action": _url(step),
        },
    )


@require_GET
def builder_start(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "adoption/builder/start.html",
        {
            "start_url": _url("version", request.GET),
            "guidance_url": procurement_guidance_url(request=request),
        },
    )


@require_GET
def builder_version(request: HttpRequest) -> HttpResponse:
    return _question(request, "version")


@require_GET
def builder_components_step(request: HttpRequest) -> HttpResponse:
    return _question(request, "components")


@require_GET
def builder_access(request: HttpRequest) -> HttpResponse:
    return _question(request, "access")


@require_GET
def builder_write(request: HttpRequest) -> HttpResponse:
    return _question(request, "write")


def _complete(request: HttpRequest) -> tuple[Journey, HttpResponse | None]:
    journey = Journey(request.GET)
    if journey.first_unanswered != CHECK:
        return journey, redirect(_url(journey.first_unanswered, request.GET))
    return journey, None


@require_GET
def builder_check(request: HttpRequest) -> HttpResponse:
    journey, incomplete = _complete(request)
    if incomplete:
        return incomplete
    answers = journey.answers()
    rows = [
        (
            "Standard version",
            [f"{answers.version.standard.name} {answers.version.number}"],
            "version",
        ),
        ("Components", [row.name for row in answers.components], "components"),
        ("Data access", [answers.access_level.label], "access"),
        ("Write access through an API", ["Yes" if answers.write_access else "No"], "write"),
    ]
    return render(
        request,
        "adoption/builder/check.html",
        {
            "caption": CAPTION,
            "rows": [
                {
                    "key": key,
                    "values": values,
                    "change_url": _url(step, request.GET),
                    "change_label": key.lower(),
                }
                for key, values, step in rows
            ],
            "back_url": _url(STEPS[-1], request.GET),
            "result_url": _url("result", request.GET),
        },
    )


def _document(request: HttpRequest, journey: Journey) -> RequirementsDocument:
    return requirements_compose(
        answers=journey.answers(),
        templates=active_templates(),
        absolute=request.build_absolute_uri,
        guidance_url=request.build_absolute_uri(procurement_guidance_url(request=request)),
    )


@require_GET
def builder_result(request: HttpRequest) -> HttpResponse:
    journey, incomplete = _complete(request)
    if incomplete:
        return incomplete
    document = _document(request, journey)
    return render(
        request,
        "adoption/builder/result.html",
        {
            "caption": CAPTION,
            "document": document,
            "docx_url": _url("docx", request.GET),
            "markdown_url": _url("markdown", request.GET),
            "check_url": _url(CHECK, request.GET),
            "start_url": _url("version"),
        },
    )


def _filename(document: RequirementsDocument, extension: str) -> str:
    return f"data-requirements-{slugify(document.standard_version.replace('.', '-'))}.{extension}"


def _download(request: HttpRequest, extension: str) -> HttpResponse:
    journey, incomplete = _complete(request)
    if incomplete:
        return incomplete
    document = _document(request, journey)
    if extension == "docx":
        response = HttpResponse(requirements_docx(document), content_type=DOCX_CONTENT_TYPE)
    else:
        response = HttpResponse(requirements_markdown(document), content_type=MARKDOWN_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(document, extension)}"'
    return response


@require_GET
def builder_docx(request: HttpRequest) -> HttpResponse:
    return _download(request, "docx")


@require_GET
def builder_markdown(request: HttpRequest) -> HttpResponse:
    return _download(request, "md")
