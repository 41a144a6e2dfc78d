from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm

from backoffice.people.models import Employee, ExitAnswer, LeavingReason
from backoffice.people.sso import password_refusal_message, password_sign_in_refused


class SingleSignOnRequiredMixin:
    """Refuses a right password from an account that SSO_REQUIRED sends to single sign-on.

    Checked only once the password matched, so the message tells a stranger nothing.
    """

    def confirm_login_allowed(self, user):
        super().confirm_login_allowed(user)
        if password_sign_in_refused(user):
            raise forms.ValidationError(password_refusal_message(), code="sso_required")


class EmailAuthenticationForm(SingleSignOnRequiredMixin, AuthenticationForm):
    """Django's login form, asking for an email address."""

    username = forms.EmailField(
        label="Email",
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": "That email and password do not match an active account.",
    }


class AdminEmailAuthenticationForm(SingleSignOnRequiredMixin, AdminAuthenticationForm):
    """The admin's sign-in form, with the same single sign-on rule as the sign-in page."""


class LeavingForm(forms.Form):
    """HR's record of a leaving; the rules (who, once, dates) are in leaving_record()."""

    employee = forms.ModelChoiceField(queryset=None)
    last_day = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.ModelChoiceField(queryset=None)
    is_voluntary = forms.TypedChoiceField(
        label="Kind of leaving",
        choices=[("1", "Voluntary (they resigned)"), ("0", "Involuntary (we ended it)")],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    is_regrettable = forms.BooleanField(
        label="Regrettable (we would have wanted to keep them)", required=False
    )
    is_rehire_eligible = forms.BooleanField(label="Eligible for rehire", required=False)
    exit_questionnaire = forms.BooleanField(
        label="Ask them to fill in the exit questionnaire", required=False, initial=True
    )
    notes = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = (
            Employee.objects.select_related("user")
            .filter(
                status__in=[
                    Employee.Status.ACTIVE,
                    Employee.Status.ON_LEAVE,
                    Employee.Status.PRE_START,
                ]
            )
            .order_by("user__first_name", "user__last_name")
        )
        self.fields["reason"].queryset = LeavingReason.objects.filter(is_active=True)
        self.fields["is_rehire_eligible"].initial = True


class ExitAnswerForm(forms.ModelForm):
    class Meta:
        model = ExitAnswer
        fields = [
            "main_reason",
            "manager_support",
            "growth",
            "would_recommend",
            "could_have_kept_you",
        ]
        widgets = {
            "main_reason": forms.Textarea(attrs={"rows": 3}),
            "could_have_kept_you": forms.Textarea(attrs={"rows": 3}),
            "manager_support": forms.RadioSelect,
            "growth": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("manager_support", "growth"):  # required: no empty choice to tick
            self.fields[name].choices = ExitAnswer.Rating.choices
        self.fields["would_recommend"] = forms.TypedChoiceField(
            label=ExitAnswer._meta.get_field("would_recommend").verbose_name.capitalize(),
            choices=[("1", "Yes"), ("0", "No")],
            coerce=lambda value: value == "1",
            widget=forms.RadioSelect,
        )
