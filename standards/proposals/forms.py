"""Forms for composing and discussing proposals. They validate input only: the services in
``standards.proposals.services`` make each change, and views put their refusals back here.

The operation forms turn what someone typed into one ``changesets.Operation``. Their field names
follow the operation's value names, so a ``changesets.Problem`` about ``pattern`` lands on the
``pattern`` field.
"""

from django import forms
from django.utils.text import slugify

from portal.forms import TextHygieneMixin
from standards.choices import Cardinality, ComponentKind, DataType, OperationKind
from standards.engine import patterns
from standards.engine.changesets import Operation
from standards.interchange.forms import MAX_UPLOAD_BYTES
from standards.limits import COMMENT_MAX_LENGTH
from standards.models import ImportFormat

K = OperationKind
TEXT_MAX = 10_000
REASON_MAX = 1000


def _textarea(rows: int = 5) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class RevisionMixin(TextHygieneMixin, forms.Form):
    """The change set revision the person loaded: a later save by someone else is refused."""

    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ProposalDetailsForm(TextHygieneMixin, forms.Form):
    title = forms.CharField(
        label="Title",
        help_text="Say what the change does, for example “Record when a hazard was reported”.",
        max_length=200,
        error_messages={
            "required": "Enter a title for your proposal",
            "max_length": "Enter a title of 200 characters or fewer",
        },
    )
    problem = forms.CharField(
        label="What is the problem?",
        help_text="What is wrong or missing in the standard today.",
        max_length=TEXT_MAX,
        widget=_textarea(),
        error_messages={"required": "Enter the problem your proposal solves"},
    )
    use_case = forms.CharField(
        label="What does someone need to do?",
        help_text="The use case: who needs the change and what it lets them do.",
        max_length=TEXT_MAX,
        widget=_textarea(),
        error_messages={"required": "Enter the use case: what someone needs to do"},
    )
    affected = forms.CharField(
        label="Who is affected?",
        help_text="The organisations and systems the change affects, and how.",
        max_length=TEXT_MAX,
        widget=_textarea(4),
        error_messages={"required": "Enter who is affected by the change"},
    )

    def details(self) -> dict:
        return {
            name: self.cleaned_data[name] for name in ("title", "problem", "use_case", "affected")
        }


class ProposalEditForm(RevisionMixin, ProposalDetailsForm):
    pass


# Step 1 of adding a change: what kind, and to which component --------------------------------

KIND_GROUPS = (
    (
        "Attributes of an entity",
        (K.ADD_ATTRIBUTE, K.CHANGE_ATTRIBUTE, K.DEPRECATE_ATTRIBUTE, K.REMOVE_ATTRIBUTE),
    ),
    ("Codes in a code list", (K.ADD_CODE, K.CHANGE_CODE, K.DEPRECATE_CODE, K.REMOVE_CODE)),
    (
        "Whole components",
        (K.ADD_COMPONENT, K.CHANGE_COMPONENT, K.DEPRECATE_COMPONENT, K.REMOVE_COMPONENT),
    ),
)
ENTITY_KINDS = frozenset(KIND_GROUPS[0][1])
CODE_KINDS = frozenset(KIND_GROUPS[1][1])


class ChangeChooseForm(TextHygieneMixin, forms.Form):
    kind = forms.ChoiceField(
        label="What do you want to change?",
        choices=OperationKind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what you want to change",
            "invalid_choice": "Select what you want to change",
        },
    )
    component = forms.ChoiceField(
        label="Which component?",
        required=False,
        error_messages={"invalid_choice": "Select a component from the list"},
    )
    new_key = forms.CharField(
        label="Key for the new component",
        help_text="Only when adding a component: lower-case letters, numbers and hyphens, like "
        "work-order.",
        required=False,
        max_length=100,
    )

    def __init__(self, *args, components: dict[str, dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.components = components
        # Needed for every kind but "add a component", which asks for a new key instead.
        self.fields["component"].hide_optional = True
        self.fields["component"].choices = [("", "Choose a component")] + [
            (key, f"{entry['name']} ({ComponentKind(entry['kind']).label.lower()})")
            for key, entry in sorted(
                components.items(), key=lambda item: item[1]["name"].casefold()
            )
        ]

    def kind_groups(self):
        """The radios in their groups: (heading, [(value, label, checked, index)])."""
        current = self["kind"].value()
        index = 0
        groups = []
        for heading, kinds in KIND_GROUPS:
            options = []
            for kind in kinds:
                options.append((kind.value, kind.label, current == kind.value, index))
                index += 1
            groups.append((heading, options))
        return groups

    def clean_new_key(self):
        return self.cleaned_data["new_key"].strip().lower()

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if not kind:
            return data
        if kind == K.ADD_COMPONENT:
            if not data.get("new_key"):
                self.add_error("new_key", "Enter a key for the new component")
            return data
        key = data.get("component")
        if not key:
            self.add_error("component", "Select the component you want to change")
            return data
        component_kind = self.components[key]["kind"]
        if kind in ENTITY_KINDS and component_kind != ComponentKind.ENTITY:
            self.add_error("component", "Select an entity: only entities have attributes")
        if kind in CODE_KINDS and component_kind != ComponentKind.CODE_LIST:
            self.add_error("component", "Select a code list: only code lists have codes")
        return data

    @property
    def chosen_component(self) -> str:
        if self.cleaned_data["kind"] == K.ADD_COMPONENT:
            return self.cleaned_data["new_key"]
        return self.cleaned_data["component"]


class MemberChooseForm(TextHygieneMixin, forms.Form):
    """Which attribute or code, before the fields for changing it can be filled in."""

    member = forms.ChoiceField(
        error_messages={
            "required": "Select one from the list",
            "invalid_choice": "Select one from the list",
        }
    )

    def __init__(self, *args, label: str, members: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member"].label = label
        self.fields["member"].choices = [("", "Choose one"), *members]


# Step 2: the fields of each kind of operation ---------------------------------------------------


class OperationForm(RevisionMixin):
    """Base of the step 2 forms. ``state`` is the element as it stands after the change set so far
    (``None`` for an add); ``context`` carries the choices the form needs."""

    kind: str = ""
    # A problem about these engine fields lands on these form fields.
    FIELD_MAP: dict[str, str] = {}

    def __init__(self, *args, component: str, member: str = "", state=None, context=None, **kwargs):
        self.component = component
        self.member = member
        self.state = state or {}
        self.context = context or {}
        super().__init__(*args, **kwargs)
        self.setup()
        if not self.is_bound and self.state:
            for name in self.fields:
                if name in self.state and name not in self.initial:
                    value = self.state[name]
                    self.initial[name] = "" if value is None else value

    def setup(self) -> None:
        pass

    def values(self) -> dict:
        return {}

    def operation(self) -> Operation:
        return Operation(
            kind=self.kind,
            component=self.component,
            member=self.member,
            values=self.values(),
            changes_meaning=bool(self.cleaned_data.get("changes_meaning")),
        )

    def field_for(self, problem_field: str) -> str | None:
        name = self.FIELD_MAP.get(problem_field, problem_field)
        return name if name in self.fields and name != "revision" else None

    def changed_values(self, names) -> dict:
        """Only the fields that differ from the element as it stands."""
        values = {}
        for name in names:
            value = self.cleaned_data.get(name)
            current = self.state.get(name)
            if name == "references":
                value = value or None
            elif isinstance(current, str) or current is None:
                value = value if value is not None else ""
                current = current or ""
            if value != current:
                values[name] = value
        return values


class MeaningField(forms.BooleanField):
    def __init__(self):
        super().__init__(
            label="This changes what the definition means",
            help_text="Tick this if data recorded under the old definition would now mean "
            "something different. It makes the change major.",
            required=False,
        )


def _name_field(label="Name", required_message="Enter a name", max_length=200, help_text=""):
    return forms.CharField(
        label=label,
        help_text=help_text,
        max_length=max_length,
        error_messages={
            "required": required_message,
            "max_length": f"Enter {max_length} characters or fewer",
        },
    )


def _definition_field(required=False):
    return forms.CharField(
        label="Definition",
        required=required,
        max_length=TEXT_MAX,
        widget=_textarea(4),
        error_messages={"required": "Enter a definition"},
    )


class AddComponentForm(OperationForm):
    kind = K.ADD_COMPONENT
    component_kind = forms.ChoiceField(
        label="What kind of component is it?",
        choices=ComponentKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether it is an entity or a code list"},
    )
    name = _name_field(required_message="Enter a name for the component")
    definition = _definition_field()
    FIELD_MAP = {"kind": "component_kind"}

    def values(self) -> dict:
        return {
            "kind": self.cleaned_data["component_kind"],
            "name": self.cleaned_data["name"],
            "definition": self.cleaned_data["definition"],
        }


class ChangeComponentForm(OperationForm):
    kind = K.CHANGE_COMPONENT
    name = _name_field(required_message="Enter a name for the component")
    definition = _definition_field()
    changes_meaning = MeaningField()

    def values(self) -> dict:
        return self.changed_values(("name", "definition"))


class DeprecateForm(OperationForm):
    """Deprecate a component, attribute or code, naming what replaces it."""

    replaced_by = forms.ChoiceField(label="What replaces it?", required=False)
    deprecation_note = forms.CharField(
        label="Note for people who use it",
        help_text="For example, what to do instead, and when it may be removed.",
        required=False,
        max_length=TEXT_MAX,
        widget=_textarea(3),
    )

    def __init__(self, *args, kind: str, **kwargs):
        self.kind = kind
        super().__init__(*args, **kwargs)

    def setup(self) -> None:
        self.fields["replaced_by"].choices = [
            ("", "Nothing replaces it"),
            *self.context.get("replacements", []),
        ]
        self.fields["replaced_by"].error_messages["invalid_choice"] = (
            "Select a replacement from the list"
        )
        self.initial.setdefault("replaced_by", "")

    def values(self) -> dict:
        values = {"deprecation_note": self.cleaned_data["deprecation_note"]}
        if self.cleaned_data["replaced_by"]:
            values["replaced_by"] = self.cleaned_data["replaced_by"]
        return values


class RemoveForm(OperationForm):
    """Removing needs no fields: the page explains the consequence and asks to confirm."""

    def __init__(self, *args, kind: str, **kwargs):
        self.kind = kind
        super().__init__(*args, **kwargs)


class AttributeFieldsMixin(TextHygieneMixin, forms.Form):
    name = _name_field(
        label="Name",
        required_message="Enter the attribute’s name",
        max_length=200,
        help_text=(
            "The property name in data: it starts with a letter and has only letters, numbers, "
            "underscores, hyphens and full stops, like repair_priority."
        ),
    )
    definition = _definition_field()
    data_type = forms.ChoiceField(
        label="Type of data",
        choices=DataType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of data"},
    )
    references = forms.ChoiceField(
        label="Component it refers to",
        help_text="Only for the Reference type.",
        required=False,
        error_messages={"invalid_choice": "Select a component from the list"},
    )
    format = forms.CharField(
        label="Format",
        help_text="For example email, uri or uuid.",
        required=False,
        max_length=100,
    )
    pattern = forms.CharField(
        label="Pattern",
        help_text="A regular expression every value must match, for example ^[A-Z]{2}[0-9]{4}$.",
        required=False,
        max_length=patterns.MAX_LENGTH,
    )
    required = forms.BooleanField(
        label="Required: every record must have it",
        help_text="Adding a required attribute, or making one required, is a major change.",
        required=False,
    )
    nullable = forms.BooleanField(label="Can be empty (null)", required=False)
    cardinality = forms.ChoiceField(
        label="How many values?",
        choices=[(Cardinality.ONE, "One value"), (Cardinality.MANY, "A list of values")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select one value or a list"},
    )

    ATTRIBUTE_NAMES = (
        "name",
        "definition",
        "data_type",
        "format",
        "pattern",
        "required",
        "nullable",
        "cardinality",
        "references",
    )

    def setup(self) -> None:
        self.fields["references"].choices = [("", "None"), *self.context.get("components", [])]
        self.fields["pattern"].widget.attrs["spellcheck"] = "false"
        self.fields["format"].widget.attrs["spellcheck"] = "false"
        if not self.state:
            self.initial.setdefault("data_type", DataType.STRING)
            self.initial.setdefault("cardinality", Cardinality.ONE)


class AddAttributeForm(AttributeFieldsMixin, OperationForm):
    kind = K.ADD_ATTRIBUTE
    key = forms.CharField(
        label="Key",
        help_text="The attribute’s stable identifier. Leave blank to make one from the name.",
        required=False,
        max_length=200,
    )
    FIELD_MAP = {"member": "key"}
    field_order = ["key", *AttributeFieldsMixin.ATTRIBUTE_NAMES]

    def clean(self):
        data = super().clean()
        if not data.get("key") and data.get("name"):
            data["key"] = slugify(data["name"]).replace("-", "_") or data["name"]
        self.member = data.get("key", "")
        return data

    def values(self) -> dict:
        values = {name: self.cleaned_data.get(name) for name in self.ATTRIBUTE_NAMES}
        values["references"] = values["references"] or None
        return values


class ChangeAttributeForm(AttributeFieldsMixin, OperationForm):
    kind = K.CHANGE_ATTRIBUTE
    changes_meaning = MeaningField()
    field_order = [*AttributeFieldsMixin.ATTRIBUTE_NAMES, "changes_meaning"]

    def values(self) -> dict:
        return self.changed_values(self.ATTRIBUTE_NAMES)


class CodeFieldsMixin(TextHygieneMixin, forms.Form):
    value = _name_field(label="Code", required_message="Enter the code")
    label = forms.CharField(label="Label", required=False, max_length=500)
    definition = _definition_field()
    parent_value = forms.ChoiceField(
        label="Parent code",
        required=False,
        error_messages={"invalid_choice": "Select a parent code from the list"},
    )
    CODE_NAMES = ("value", "label", "definition", "parent_value")

    def setup(self) -> None:
        self.fields["parent_value"].choices = [
            ("", "None: a top-level code"),
            *self.context.get("parents", []),
        ]


class AddCodeForm(CodeFieldsMixin, OperationForm):
    kind = K.ADD_CODE
    key = forms.CharField(
        label="Key",
        help_text="The code’s stable identifier. Leave blank to use the code itself.",
        required=False,
        max_length=200,
    )
    FIELD_MAP = {"member": "key"}
    field_order = ["value", "label", "definition", "parent_value", "key"]

    def clean(self):
        data = super().clean()
        if not data.get("key") and data.get("value"):
            data["key"] = data["value"]
        self.member = data.get("key", "")
        return data

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) or "" for name in self.CODE_NAMES}


class ChangeCodeForm(CodeFieldsMixin, OperationForm):
    kind = K.CHANGE_CODE
    changes_meaning = MeaningField()

    def values(self) -> dict:
        return self.changed_values(self.CODE_NAMES)


def operation_form_class(kind: str):
    return {
        K.ADD_COMPONENT: AddComponentForm,
        K.CHANGE_COMPONENT: ChangeComponentForm,
        K.ADD_ATTRIBUTE: AddAttributeForm,
        K.CHANGE_ATTRIBUTE: ChangeAttributeForm,
        K.ADD_CODE: AddCodeForm,
        K.CHANGE_CODE: ChangeCodeForm,
    }.get(kind)


# Upload, comments, reasons ------------------------------------------------------------------------


class ChangesFromFileForm(RevisionMixin):
    format = forms.ChoiceField(
        label="What kind of file is it?",
        choices=ImportFormat.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select what kind of file it is"},
    )
    file = forms.FileField(
        label="Upload a file",
        help_text="A revised JSON Schema file (.json), or a CSV file of codes. Up to 5 MB.",
        error_messages={"required": "Select a file", "empty": "The selected file is empty"},
    )
    code_list = forms.ChoiceField(
        label="Which code list does the CSV file revise?",
        required=False,
        error_messages={"invalid_choice": "Select a code list from the list"},
    )

    def __init__(self, *args, code_lists: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.code_list_names = dict(code_lists)
        self.fields["code_list"].choices = [("", "Choose a code list"), *code_lists]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 5 MB")
        try:
            return upload.name, upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError("The selected file must be saved as UTF-8 text") from error

    def clean(self):
        data = super().clean()
        if data.get("format") == ImportFormat.CSV_CODE_LIST and not data.get("code_list"):
            self.add_error("code_list", "Select the code list the CSV file revises")
        return data

    def options(self) -> dict:
        if self.cleaned_data["format"] != ImportFormat.CSV_CODE_LIST:
            return {}
        key = self.cleaned_data["code_list"]
        return {"key": key, "name": self.code_list_names[key]}


class CommentForm(TextHygieneMixin, forms.Form):
    body = forms.CharField(
        label="Your comment",
        help_text="You can use Markdown: *emphasis*, lists, `code` and links.",
        max_length=COMMENT_MAX_LENGTH,
        widget=_textarea(5),
        error_messages={
            "required": "Enter your comment",
            "max_length": f"Enter a comment of {COMMENT_MAX_LENGTH:,} characters or fewer",
        },
    )
    parent = forms.IntegerField(widget=forms.HiddenInput, required=False)


class CommentEditForm(TextHygieneMixin, forms.Form):
    body = CommentForm.base_fields["body"]


class ReasonForm(TextHygieneMixin, forms.Form):
    reason = forms.CharField(
        label="Reason",
        max_length=REASON_MAX,
        widget=_textarea(4),
        error_messages={"max_length": f"Enter a reason of {REASON_MAX} characters or fewer"},
    )

    def __init__(
        self,
        *args,
        label: str = "Reason",
        required: bool = True,
        hint: str = "",
        required_message: str = "Enter a reason",
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        field = self.fields["reason"]
        field.label = label
        field.required = required
        field.help_text = hint
        field.error_messages["required"] = required_message
