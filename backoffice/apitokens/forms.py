from __future__ import annotations

from django import forms

from backoffice.apitokens.services import LIFETIME_DAYS


class TokenCreateForm(forms.Form):
    name = forms.CharField(
        max_length=80, help_text="What the token is for, so that you know which to revoke."
    )
    lifetime_days = forms.TypedChoiceField(
        label="Expires after",
        coerce=int,
        choices=[(days, f"{days} days") for days in LIFETIME_DAYS],
        initial=90,
    )
