"""allauth forms with GOV.UK wording: sentence case labels and "Email address".

Every form that takes an email address someone will be written to refuses quoted local parts
and control characters (see `community.validators.validate_plain_email`).
"""

from allauth.account import forms as allauth_forms
from django.core.validators import EmailValidator

from community.validators import EMAIL_FORMAT_MESSAGE, validate_plain_email
from portal.forms import TextHygieneMixin


class PlainEmailMixin:
    """Label the email field in GOV.UK style and refuse addresses we could not safely use."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["email"]
        field.label = "Email address"
        field.validators = [
            *(v for v in field.validators if not isinstance(v, EmailValidator)),
            validate_plain_email,
        ]
        field.error_messages["invalid"] = EMAIL_FORMAT_MESSAGE


class SignInForm(TextHygieneMixin, allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Email address"
        self.fields["password"].help_text = ""
        self.fields["remember"].label = "Keep me signed in on this device"
        self.fields["remember"].required = False


class SignUpForm(TextHygieneMixin, PlainEmailMixin, allauth_forms.SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "email"
        ].help_text = "Use your work email address. We will send you a link to confirm it."
        self.fields["password1"].label = "Password"
        self.fields["password2"].label = "Confirm password"


class PasswordResetRequestForm(TextHygieneMixin, PlainEmailMixin, allauth_forms.ResetPasswordForm):
    """allauth emails even unknown addresses (to prevent enumeration), so this refuses too."""


class AddEmailForm(TextHygieneMixin, PlainEmailMixin, allauth_forms.AddEmailForm):
    pass


class ChangeEmailForm(TextHygieneMixin, PlainEmailMixin, allauth_forms.ChangeEmailForm):
    pass
