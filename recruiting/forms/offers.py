"""Offer input: terms and status changes."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from backoffice.core.widgets import DateInput
from recruiting.models.requisitions import Requisition
from recruiting.validators import date_in_range


class OfferForm(forms.Form):
    salary = forms.IntegerField(min_value=1, max_value=10_000_000, label="Yearly salary")
    start_date = forms.DateField(widget=DateInput())
    employment_type = forms.ChoiceField(choices=Requisition.EmploymentType.choices)
    expires_on = forms.DateField(widget=DateInput(), label="Offer expires on")

    @staticmethod
    def default_dates(requisition) -> dict:
        """The requisition's target start date while it lies ahead, else four weeks out; the
        offer open for a week."""
        today = timezone.localdate()
        start = requisition.target_start_date
        if start is None or start < today:
            start = today + datetime.timedelta(weeks=4)
        return {"start_date": start, "expires_on": today + datetime.timedelta(weeks=1)}

    def clean_start_date(self):
        start_date = self.cleaned_data["start_date"]
        date_in_range(start_date, years_ahead=5, what="The start date")
        return start_date

    def clean_expires_on(self):
        expires_on = self.cleaned_data["expires_on"]
        date_in_range(expires_on, years_ahead=2, what="The expiry date")
        return expires_on

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
    # Recording a decline given by phone: what the candidate said, if anything.
    decline_reason = forms.CharField(required=False, max_length=2000, strip=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from recruiting.models.offers import Offer

        self.fields["to_status"].choices = Offer.Status.choices
