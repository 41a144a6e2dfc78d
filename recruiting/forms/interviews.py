"""Interview scheduling input."""

from __future__ import annotations

import datetime

from django import forms
from django.contrib.auth import get_user_model
from django.db.models.functions import Lower
from django.utils import timezone

from backoffice.core.widgets import ISO_DATETIME_INPUT_FORMATS, DateTimeInput
from backoffice.people.roles import Role
from recruiting.models.interviews import Interview
from recruiting.validators import date_in_range


class InterviewForm(forms.Form):
    kind = forms.ChoiceField(choices=Interview.Kind.choices, initial=Interview.Kind.INTERVIEW)
    starts_at = forms.DateTimeField(
        label="Starts (company time)",
        widget=DateTimeInput(),
        input_formats=ISO_DATETIME_INPUT_FORMATS,
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
            # Case-folded, as the application page's interviewer list (recruiting/forms/
            # candidates.py): PostgreSQL would otherwise walk every user in name order.
            .order_by(Lower("first_name"), Lower("last_name"), "pk")
        )

    def clean_starts_at(self):
        starts_at = self.cleaned_data["starts_at"]
        date_in_range(starts_at, years_ahead=2, what="The interview")
        return starts_at

    def clean(self):
        data = super().clean()
        if not data.get("location") and not data.get("video_link"):
            raise forms.ValidationError("Give a location or a video link.")
        starts_at = data.get("starts_at")
        if starts_at and starts_at < timezone.now() - datetime.timedelta(minutes=5):
            self.add_error("starts_at", "The start is in the past.")
        return data
