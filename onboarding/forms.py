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

    def mark_wrong(self, question_ids: list[int]) -> None:
        """Flag the questions answered wrongly, without saying which answer was right."""
        for question_id in question_ids:
            self.add_error(
                f"question_{question_id}",
                "Not right: read that part of the training again, then choose again.",
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


class PolicyDraftForm(forms.Form):
    body = forms.CharField(
        label="Policy text",
        required=False,
        widget=forms.Textarea(attrs={"rows": 18, "class": "font-monospace"}),
        help_text="Markdown: ## for headings, - for lists, **bold**. Started from the current "
        "version: change what changes.",
    )
    change_note = forms.CharField(
        label="What changed",
        max_length=300,
        required=False,
        help_text="One line employees see above the text, e.g. “Remote work now needs…”.",
    )
    effective_date = forms.DateField(widget=DateInput())
    pdf = forms.FileField(label="PDF (optional)", required=False)
    remove_pdf = forms.BooleanField(label="Remove the attached PDF", required=False)

    def clean_pdf(self):
        pdf = self.cleaned_data.get("pdf")
        if pdf and document_validate(pdf) != "application/pdf":
            raise ValidationError("Attach a PDF file.")
        return pdf


class PolicyPublishForm(forms.Form):
    MATERIAL, MINOR = "material", "minor"
    change = forms.ChoiceField(
        label="This change is",
        choices=[
            (MATERIAL, "Material: everyone concerned must read and accept it again"),
            (MINOR, "Minor (a typo, a contact, a link): nobody is asked again"),
        ],
        widget=forms.RadioSelect,
        initial=MATERIAL,
    )
    expected_number = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, first_version: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if first_version:
            # The first version is always read by everyone it concerns.
            self.fields["change"].choices = self.fields["change"].choices[:1]

    @property
    def material(self) -> bool:
        return self.cleaned_data["change"] == self.MATERIAL
