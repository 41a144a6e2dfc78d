"""Candidate and application input: careers form, moves, rejections, notes, files, bulk."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower

from backoffice.core.uploads import ACCEPTED_DESCRIPTION, document_validate
from recruiting import consent
from recruiting.models.candidates import Application, RejectionReason
from recruiting.models.requisitions import Requisition
from recruiting.validators import validate_single_line

RETENTION_MONTHS = consent.RETENTION_MONTHS


SOURCES = [
    ("", "Choose one"),
    ("Careers page", "Our careers page"),
    ("Job board", "A job board"),
    ("LinkedIn", "LinkedIn"),
    ("Referral", "A friend or colleague"),
    ("Agency", "A recruitment agency"),
    ("Other", "Somewhere else"),
]


HONEYPOT_FIELD = "website"


class DocumentField(forms.FileField):
    """A file checked by content: PDF, DOCX, ODT or TXT, at most 5 MB, a harmless name."""

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            upload.document_kind, upload.document_content_type = document_validate(upload)
        return upload


class ApplicationForm(forms.Form):
    name = forms.CharField(
        max_length=150,
        label="Full name",
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    phone = forms.CharField(
        max_length=40,
        required=False,
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    location = forms.CharField(
        max_length=100,
        required=False,
        label="Where do you live?",
        validators=[validate_single_line],
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    link = forms.URLField(
        required=False,
        max_length=300,
        label="LinkedIn or portfolio link",
        assume_scheme="https",
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    resume = DocumentField(
        help_text=f"{ACCEPTED_DESCRIPTION[0].upper()}{ACCEPTED_DESCRIPTION[1:]}, at most 5 MB.",
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.docx,.odt,.txt,application/pdf,text/plain"}
        ),
    )
    cover_letter = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), required=False, max_length=5000
    )
    years_experience = forms.IntegerField(
        min_value=0,
        max_value=60,
        initial=0,
        label="Years of experience in data entry, record keeping or administrative work",
    )
    skills = forms.MultipleChoiceField(
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Which of these skills do you have?",
    )
    source = forms.ChoiceField(choices=SOURCES, label="Where did you hear about this job?")
    consent = forms.BooleanField(label=consent.CONSENT_TEXT)
    # Bots fill every field; people never see this one (hidden by CSS, skipped by tab).
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, requisition: Requisition, **kwargs):
        super().__init__(*args, **kwargs)
        skill_names = [skill.name for skill in requisition.skills.all()]
        self.fields["skills"].choices = [(name, name) for name in skill_names]
        if not skill_names:
            del self.fields["skills"]

    def is_bot(self) -> bool:
        return bool(self.data.get(HONEYPOT_FIELD))


class MoveForm(forms.Form):
    """The no-JavaScript move on a board card (htmx drops post the same fields)."""

    to_stage = forms.ChoiceField(choices=Application.Stage.choices)
    expected_stage = forms.ChoiceField(choices=Application.Stage.choices, required=False)
    note = forms.CharField(required=False, max_length=1000)


class RejectForm(forms.Form):
    reason = forms.ModelChoiceField(
        queryset=RejectionReason.objects.filter(is_active=True), empty_label="Choose a reason"
    )
    note = forms.CharField(
        required=False, max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )
    send_email = forms.BooleanField(
        required=False, initial=True, label="Send the reason's email to the candidate"
    )
    expected_stage = forms.ChoiceField(choices=Application.Stage.choices, required=False)


class NoteForm(forms.Form):
    body = forms.CharField(
        label="Add a note", max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AttachmentForm(forms.Form):
    file = DocumentField(
        label="Attach a document", help_text="PDF, DOCX, ODT or TXT, at most 5 MB."
    )


BULK_ACTIONS = [("move", "Move to stage"), ("reject", "Reject with reason"), ("tag", "Add tag")]


class BulkActionForm(forms.Form):
    action = forms.ChoiceField(choices=BULK_ACTIONS)
    applications = forms.ModelMultipleChoiceField(
        queryset=Application.objects.none(), widget=forms.MultipleHiddenInput
    )
    to_stage = forms.ChoiceField(
        choices=[("", "—"), *[(s.value, s.label) for s in Application.OPEN_STAGES]],
        required=False,
    )
    reason = forms.ModelChoiceField(
        queryset=RejectionReason.objects.filter(is_active=True),
        required=False,
        empty_label="Reason…",
    )
    tag = forms.CharField(required=False, max_length=40)

    def __init__(self, *args, visible_applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applications"].queryset = visible_applications

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == "move" and not data.get("to_stage"):
            raise ValidationError("Choose the stage to move them to.")
        if action == "reject" and not data.get("reason"):
            raise ValidationError("Choose a rejection reason.")
        if action == "tag" and not (data.get("tag") or "").strip():
            raise ValidationError("Type the tag to add.")
        return data


class InterviewerAssignForm(forms.Form):
    user = forms.ModelChoiceField(queryset=None, label="Interviewer", empty_label="Choose…")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        from backoffice.people.roles import Role

        self.fields["user"].queryset = (
            get_user_model()
            .objects.filter(groups__name=Role.INTERVIEWER, is_active=True)
            # Case-folded: also what keeps PostgreSQL from walking all users in name order
            # (it guesses a role holds a fifth of them; 58 ms at 50,000 users for 4 rows).
            .order_by(Lower("first_name"), Lower("last_name"), "pk")
        )
