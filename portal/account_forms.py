"""allauth forms with GOV.UK wording: sentence case labels and "Email address"."""

from allauth.account.forms import LoginForm, ResetPasswordForm, SignupForm


class SignInForm(LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = "Email address"
        self.fields["password"].help_text = ""
        self.fields["remember"].label = "Keep me signed in on this device"
        self.fields["remember"].required = False


class SignUpForm(SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
        self.fields[
            "email"
        ].help_text = "Use your work email address. We will send you a link to confirm it."
        self.fields["password1"].label = "Password"
        self.fields["password2"].label = "Confirm password"


class PasswordResetRequestForm(ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = "Email address"
