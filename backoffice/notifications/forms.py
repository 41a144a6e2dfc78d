from django import forms

from backoffice.notifications.models import ReminderPreference


class ReminderPreferenceForm(forms.Form):
    delivery = forms.ChoiceField(
        label="Send my reminders",
        choices=ReminderPreference.Delivery.choices,
        widget=forms.RadioSelect,
    )
    wanted_kinds = forms.MultipleChoiceField(
        label="Remind me about",
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, kind_choices, **kwargs):
        super().__init__(*args, **kwargs)
        optional = [choice.kind for choice in kind_choices if not choice.kind.required]
        self.optional_keys = [kind.key for kind in optional]
        self.fields["wanted_kinds"].choices = [(kind.key, kind.label) for kind in optional]

    def muted_kinds(self) -> list[str]:
        wanted = set(self.cleaned_data["wanted_kinds"])
        return [key for key in self.optional_keys if key not in wanted]
