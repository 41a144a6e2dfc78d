"""Forms of pulse surveys: HR's survey definition and the one-minute answer."""

from __future__ import annotations

from django import forms
from django.utils import timezone

from backoffice.core.widgets import DateInput
from backoffice.people.models import Department
from performance.models import PulseSurvey
from performance.models.pulse import ENPS_QUESTION, PULSE_ITEMS

SCALE_WORDS = {1: "Strongly disagree", 2: "Disagree", 3: "Neutral", 4: "Agree", 5: "Strongly agree"}


class PulseSurveyForm(forms.Form):
    name = forms.CharField(max_length=150, initial="Monthly pulse")
    frequency = forms.ChoiceField(choices=PulseSurvey.Frequency.choices)
    departments = forms.ModelMultipleChoiceField(
        queryset=Department.objects.order_by("name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Leave all unticked to ask everyone.",
    )
    first_round_on = forms.DateField(
        widget=DateInput, label="First round on", help_text="Today sends it at once."
    )
    answer_days = forms.IntegerField(min_value=1, max_value=28, initial=7, label="Days to answer")
    ask_comment = forms.BooleanField(required=False, initial=True, label="Ask for a comment")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_round_on"].initial = timezone.localdate()


class PulseAnswerForm(forms.Form):
    enps = forms.TypedChoiceField(
        label=ENPS_QUESTION,
        choices=[(str(n), str(n)) for n in range(11)],
        coerce=int,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, ask_comment: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        for key, statement in PULSE_ITEMS:
            self.fields[key] = forms.TypedChoiceField(
                label=statement,
                choices=[(str(n), f"{n} · {SCALE_WORDS[n]}") for n in range(1, 6)],
                coerce=int,
                widget=forms.RadioSelect,
            )
        if ask_comment:
            self.fields["comment"] = forms.CharField(
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 3}),
                label="Anything else? (optional)",
                help_text="Shown to HR only, and only when enough people answered. Avoid names.",
            )

    def scores(self) -> dict[str, int]:
        return {key: self.cleaned_data[key] for key, _ in PULSE_ITEMS}
