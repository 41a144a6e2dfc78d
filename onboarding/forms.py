"""Input for completing items and for HR's corrections."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from backoffice.core.widgets import DateInput
from onboarding.services import document_validate


class PolicyAcceptForm(forms.Form):
    accept = forms.BooleanField(required=True)

    def __init__(self, *args, version_number: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.version_number = version_number
        self.fields["accept"].label = f"I have read and accept version {version_number}"
        self.fields["accept"].error_messages["required"] = (
            f"Tick “I have read and accept version {version_number}” to continue."
        )


class QuizForm(forms.Form):
    """One radio group per question; the service grades the answers."""

    def __init__(self, *args, module, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(module.questions.prefetch_related("choices"))
        for question in self.questions:
            self.fields[f"question_{question.pk}"] = forms.TypedChoiceField(
                label=question.text,
                choices=[(choice.pk, choice.text) for choice in question.choices.all()],
                coerce=int,
                widget=forms.RadioSelect,
                error_messages={"required": "Answer this question."},
            )

    def answers(self) -> dict[int, int]:
        return {
            question.pk: self.cleaned_data[f"question_{question.pk}"] for question in self.questions
        }


class UploadForm(forms.Form):
    document = forms.FileField(
        label="Document",
        help_text="PDF, Word (DOCX), OpenDocument (ODT) or plain text, up to 5 MB.",
    )

    def clean_document(self):
        document = self.cleaned_data["document"]
        document_validate(document)
        return document


class ExtendDueForm(forms.Form):
    due_date = forms.DateField(widget=DateInput())
    reason = forms.CharField(max_length=300, required=False)


class MarkDoneForm(forms.Form):
    reason = forms.CharField(
        max_length=300, help_text="Why it is done without the usual proof, e.g. “signed on paper”."
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError("Give the reason.")
        return reason
