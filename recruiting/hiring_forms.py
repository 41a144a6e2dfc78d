"""Input checks for interviews, scorecards, the skills test and offers."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone

from backoffice.people.roles import Role
from recruiting.models import Interview, Recommendation, Requisition, ScorecardCriterion
from recruiting.services.scorecards import RatingInput


class InterviewForm(forms.Form):
    kind = forms.ChoiceField(choices=Interview.Kind.choices, initial=Interview.Kind.INTERVIEW)
    starts_at = forms.DateTimeField(
        label="Starts (company time)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    duration_minutes = forms.IntegerField(min_value=5, max_value=480, initial=45, label="Minutes")
    location = forms.CharField(max_length=200, required=False)
    video_link = forms.URLField(required=False, assume_scheme="https")
    interviewers = forms.ModelMultipleChoiceField(
        queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["interviewers"].queryset = (
            get_user_model()
            .objects.filter(
                groups__name__in=[Role.INTERVIEWER, Role.HIRING_MANAGER], is_active=True
            )
            .distinct()
            .order_by("first_name", "last_name")
        )

    def clean(self):
        data = super().clean()
        if not data.get("location") and not data.get("video_link"):
            raise forms.ValidationError("Give a location or a video link.")
        starts_at = data.get("starts_at")
        if starts_at and starts_at < timezone.now() - datetime.timedelta(minutes=5):
            self.add_error("starts_at", "The start is in the past.")
        return data


def scorecard_inputs(post, criteria: list[ScorecardCriterion]) -> tuple[list[RatingInput], dict]:
    """Parse rating_<id> (1-4, or empty = not assessed) and note_<id> for each criterion."""
    ratings, errors = [], {}
    for criterion in criteria:
        raw = (post.get(f"rating_{criterion.pk}") or "").strip()
        note = (post.get(f"note_{criterion.pk}") or "")[:4000]
        rating = None
        if raw:
            if raw not in {"1", "2", "3", "4"}:
                errors[criterion.pk] = "Rate from 1 to 4, or mark it not assessed."
                continue
            rating = int(raw)
        ratings.append(RatingInput(criterion_id=criterion.pk, rating=rating, note=note))
    return ratings, errors


RECOMMENDATION_CHOICES = [("", "Choose…"), *Recommendation.choices]


class OfferForm(forms.Form):
    salary = forms.IntegerField(min_value=1, max_value=10_000_000, label="Yearly salary")
    start_date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    employment_type = forms.ChoiceField(choices=Requisition.EmploymentType.choices)
    expires_on = forms.DateField(
        widget=forms.DateInput(attrs={"type": "date"}), label="Offer expires on"
    )

    def clean(self):
        data = super().clean()
        today = timezone.localdate()
        if data.get("start_date") and data["start_date"] < today:
            self.add_error("start_date", "The start date has passed.")
        if data.get("expires_on") and data["expires_on"] < today:
            self.add_error("expires_on", "The expiry date has passed.")
        return data


class OfferTransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=[])

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from recruiting.models import Offer

        self.fields["to_status"].choices = Offer.Status.choices
