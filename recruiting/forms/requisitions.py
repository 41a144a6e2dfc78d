"""Requisition input: the requisition form and its status changes."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from backoffice.core.widgets import DateInput
from recruiting.models.requisitions import Requisition
from recruiting.validators import date_in_range


class RequisitionTransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=Requisition.Status.choices)
    comment = forms.CharField(required=False, max_length=2000)


class RequisitionForm(forms.ModelForm):
    """The job's details; skills are typed one per line as "name" or "name: minimum years"."""

    skills = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One per line, e.g. “10-key numeric entry: 2” for at least 2 years.",
    )
    hiring_manager = forms.ModelChoiceField(queryset=None, required=False)

    class Meta:
        model = Requisition
        fields = [
            "title",
            "hiring_manager",
            "department",
            "role_family",
            "headcount",
            "employment_type",
            "location",
            "remote_option",
            "salary_min",
            "salary_max",
            "salary_currency",
            "target_start_date",
            "description",
        ]
        labels = {"salary_min": "Salary from (a year)", "salary_max": "Salary up to"}
        widgets = {
            "target_start_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 10}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        from backoffice.people.roles import Role

        for name in ("department", "role_family"):
            self.fields[name].empty_label = "Choose…"
        if user.is_hr:
            self.fields["hiring_manager"].queryset = get_user_model().objects.filter(
                groups__name=Role.HIRING_MANAGER, is_active=True
            )
            self.fields["hiring_manager"].required = True
        else:
            del self.fields["hiring_manager"]
        if self.instance.pk:
            self.initial["skills"] = "\n".join(
                f"{skill.name}: {skill.minimum_years}" if skill.minimum_years else skill.name
                for skill in self.instance.skills.all()
            )

    def clean_skills(self) -> list[tuple[str, int]]:
        skills = []
        for number, line in enumerate(self.cleaned_data["skills"].splitlines(), start=1):
            line = line.strip()
            if not line:
                continue
            name, _, years = line.partition(":")
            name = name.strip()[:80]
            try:
                minimum = int(years.strip() or 0)
            except ValueError:
                raise ValidationError(
                    f"Line {number}: the minimum years after “:” must be a whole number."
                ) from None
            if not name or not 0 <= minimum <= 50:
                raise ValidationError(f"Line {number}: write “skill” or “skill: years”.")
            skills.append((name, minimum))
        return skills

    def clean_target_start_date(self):
        target = self.cleaned_data.get("target_start_date")
        date_in_range(target, years_ahead=5, what="The target start date")
        return target

    def clean(self):
        data = super().clean()
        low, high = data.get("salary_min"), data.get("salary_max")
        if low is not None and high is not None and low > high:
            self.add_error("salary_max", "The maximum must not be below the minimum.")
        return data
