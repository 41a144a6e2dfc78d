"""Input validation for performance pages."""

from __future__ import annotations

import csv
import io

from django import forms

from backoffice.core.widgets import DateInput
from backoffice.people.models import Employee
from performance.models import Feedback, Goal, Metric, Review, ReviewQuestion
from performance.models.skills import LEVEL_NAMES, LEVELS
from performance.services.metrics import IMPORT_MAX_ROWS, ImportMode

MEGABYTE = 1024 * 1024
# Room for IMPORT_MAX_ROWS rows of up to ~500 bytes: a longer row than the fields allow.
IMPORT_MAX_BYTES = 5 * MEGABYTE

RATING_CHOICES = [("", "—")] + [(str(value), str(value)) for value in range(1, 6)]


class ReviewAnswersForm(forms.Form):
    """One rating and/or text field per question; the manager also rates overall and potential.

    Fields are optional so that drafts save whatever is there; submitting checks completeness.
    """

    def __init__(
        self, *args, questions, answers, review: Review, is_manager: bool, skills=(), **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.skills = list(skills)
        self.is_manager = is_manager
        author = "manager" if is_manager else "self"
        for question in questions:
            answer = answers.get(question.pk)
            if question.kind == ReviewQuestion.Kind.RATING:
                self.fields[f"rating_{question.pk}"] = forms.TypedChoiceField(
                    label=question.prompt_for(author),
                    choices=[
                        (str(v), f"{v} · {text}" if text else str(v)) for v, text in question.levels
                    ],
                    coerce=int,
                    empty_value=None,
                    required=False,
                    widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                    initial=answer.rating if answer else None,
                )
            self.fields[f"text_{question.pk}"] = forms.CharField(
                label="Comment"
                if question.kind == ReviewQuestion.Kind.RATING
                else question.prompt_for(author),
                required=False,
                widget=forms.Textarea(attrs={"rows": 3}),
                initial=answer.text if answer else "",
                max_length=5000,
            )
        for row in self.skills:
            skill = row.skill
            self.fields[f"skill_{skill.pk}"] = forms.TypedChoiceField(
                label=skill.name,
                choices=[
                    (str(n), f"{n} · {LEVEL_NAMES[n]}: {getattr(skill, f'level_{n}')}")
                    for n in LEVELS
                ],
                coerce=int,
                empty_value=None,
                required=False,
                widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
                initial=row.initial,
            )
        if is_manager:
            self.fields["overall_rating"] = forms.TypedChoiceField(
                label="Overall rating",
                choices=RATING_CHOICES,
                coerce=int,
                empty_value=None,
                required=False,
                initial=review.overall_rating,
            )
            self.fields["potential"] = forms.ChoiceField(
                label="Potential (for the 9-box)",
                choices=[("", "—"), *Review.Potential.choices],
                required=False,
                initial=review.potential,
            )

    def answers(self) -> dict[int, dict]:
        data = self.cleaned_data
        return {
            question.pk: {
                "rating": data.get(f"rating_{question.pk}"),
                "text": data.get(f"text_{question.pk}", ""),
            }
            for question in self.questions
        }

    def skill_levels(self) -> dict[int, int]:
        """Skill id → the level chosen (skills left blank are not in it)."""
        data = self.cleaned_data
        chosen = {row.skill.pk: data.get(f"skill_{row.skill.pk}") for row in self.skills}
        return {pk: level for pk, level in chosen.items() if level is not None}

    def skill_fields(self):
        """(review skill row, its field) for the template."""
        for row in self.skills:
            yield row, self[f"skill_{row.skill.pk}"]

    def rows(self):
        """(question, rating field or None, text field) for the template."""
        for question in self.questions:
            rating = self[f"rating_{question.pk}"] if question.kind == "rating" else None
            yield question, rating, self[f"text_{question.pk}"]


class AcknowledgeForm(forms.Form):
    comment = forms.CharField(
        label="Comment (optional)",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Acknowledging means you have read the review, not that you agree with it.",
    )


class PeerNominationForm(forms.Form):
    peers = forms.ModelMultipleChoiceField(queryset=Employee.objects.none(), label="Ask peers")

    def __init__(self, *args, review: Review, **kwargs):
        from performance.selectors.reviews import peer_choices

        super().__init__(*args, **kwargs)
        # Whoever the search offered, new starters included when asked for by name; never the
        # employee, their manager or an HR-only account.
        self.fields["peers"].queryset = peer_choices(review)


class PeerFeedbackForm(forms.Form):
    strengths = forms.CharField(
        label="What do they do well?", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    improvements = forms.CharField(
        label="What could they do better?", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class CycleCopyForm(forms.Form):
    """A new cycle from an old one: its name and the period it covers."""

    name = forms.CharField(max_length=150)
    period_start = forms.DateField(widget=DateInput())
    period_end = forms.DateField(widget=DateInput())

    def clean(self):
        data = super().clean()
        start, end = data.get("period_start"), data.get("period_end")
        if start and end and end < start:
            self.add_error("period_end", "The period must end on or after the day it starts.")
        return data


class RatingAdjustForm(forms.Form):
    to_rating = forms.TypedChoiceField(label="Final rating", choices=RATING_CHOICES[1:], coerce=int)
    reason = forms.CharField(label="Reason", max_length=2000)


class MeasurementForm(forms.Form):
    employee = forms.ModelChoiceField(queryset=Employee.objects.none())
    metric = forms.ModelChoiceField(queryset=Metric.objects.none())
    period_start = forms.DateField(widget=DateInput())
    value = forms.DecimalField(max_digits=12, decimal_places=2)

    def __init__(self, *args, employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees
        self.fields["metric"].queryset = (
            Metric.objects.filter(is_active=True, role_family__employees__in=employees)
            .distinct()
            .select_related("role_family")
        )

    def clean(self):
        data = super().clean()
        employee, metric = data.get("employee"), data.get("metric")
        if employee and metric and metric.role_family_id != employee.role_family_id:
            self.add_error("metric", f"This is not a metric of {employee}'s role.")
        return data


class MeasurementImportForm(forms.Form):
    file = forms.FileField(
        label="CSV file",
        help_text="Columns: email, metric, period_start (YYYY-MM-DD), value. "
        f"At most {IMPORT_MAX_ROWS:,} rows.",
    )
    mode = forms.ChoiceField(
        label="If some rows are bad",
        choices=ImportMode.CHOICES,
        widget=forms.RadioSelect,
        initial=ImportMode.ALL_OR_NOTHING,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > IMPORT_MAX_BYTES:
            raise forms.ValidationError(
                f"The file is larger than {IMPORT_MAX_BYTES // MEGABYTE} MB. At most "
                f"{IMPORT_MAX_ROWS:,} rows can be imported at once: split it into smaller files."
            )
        try:
            text = upload.read().decode("utf-8-sig")
        except UnicodeDecodeError:
            raise forms.ValidationError("The file must be UTF-8 text (CSV).") from None
        try:
            rows = sum(1 for row in csv.reader(io.StringIO(text)) if row) - 1  # not the header
        except csv.Error as error:
            raise forms.ValidationError(f"The file is not readable as CSV: {error}.") from None
        if rows > IMPORT_MAX_ROWS:
            raise forms.ValidationError(
                f"The file has {rows:,} rows. At most {IMPORT_MAX_ROWS:,} rows can be imported "
                "at once: split it into smaller files."
            )
        return text


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["title", "description", "due_date", "weight", "progress_kind", "metric"]
        widgets = {
            "due_date": DateInput(),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, employee: Employee, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["metric"].queryset = Metric.objects.filter(
            role_family_id=employee.role_family_id, is_active=True
        )
        self.fields["metric"].required = False


class GoalUpdateForm(forms.Form):
    progress = forms.IntegerField(label="Progress (%)", min_value=0, max_value=100, required=False)
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class GoalCommentForm(forms.Form):
    comment = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}), max_length=5000)


class FeedbackForm(forms.ModelForm):
    class Meta:
        model = Feedback
        fields = ["recipient", "kind", "visibility", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 3})}
        labels = {"recipient": "For", "visibility": "Who can read it", "text": "Your words"}

    def __init__(self, *args, giver, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recipient"].queryset = (
            Employee.objects.select_related("user")
            .exclude(status=Employee.Status.LEFT)
            .exclude(user=giver)
        )


class OneOnOneNoteForm(forms.Form):
    met_on = forms.DateField(label="Met on", widget=DateInput())
    text = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}), max_length=10000)


class CheckInForm(forms.Form):
    notes = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)
