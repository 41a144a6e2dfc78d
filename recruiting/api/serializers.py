"""What the recruiting API returns, and the input of the writes that have no page form."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import serializers

from recruiting.models.candidates import Application, Candidate, StageEvent
from recruiting.models.requisitions import Requisition, RequisitionSkill
from recruiting.services.applications import IMPORTABLE_STAGES
from recruiting.validators import validate_single_line


class NamedSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="__str__")


class SkillSerializer(serializers.ModelSerializer):
    class Meta:
        model = RequisitionSkill
        fields = ["name", "minimum_years"]


class RequisitionSerializer(serializers.ModelSerializer):
    department = NamedSerializer()
    role_family = NamedSerializer()
    hiring_manager = NamedSerializer()
    skills = SkillSerializer(many=True)
    allowed_transitions = serializers.SerializerMethodField()

    class Meta:
        model = Requisition
        fields = [
            "id",
            "title",
            "status",
            "department",
            "role_family",
            "hiring_manager",
            "headcount",
            "employment_type",
            "location",
            "remote_option",
            "salary_min",
            "salary_max",
            "salary_currency",
            "description",
            "target_start_date",
            "skills",
            "allowed_transitions",
            "opened_at",
            "closed_at",
            "created_at",
            "updated_at",
        ]

    def get_allowed_transitions(self, requisition) -> list[str]:
        """The statuses the caller may move this requisition to (requisition_transition)."""
        return requisition.transitions_for(self.context["request"].user)


class RequisitionInputSerializer(serializers.Serializer):
    """Documents the write's body; RequisitionForm (the page's own form) validates it."""

    title = serializers.CharField()
    hiring_manager = serializers.IntegerField(required=False, help_text="HR only.")
    department = serializers.IntegerField()
    role_family = serializers.IntegerField()
    headcount = serializers.IntegerField(required=False)
    employment_type = serializers.ChoiceField(Requisition.EmploymentType.choices, required=False)
    location = serializers.CharField()
    remote_option = serializers.ChoiceField(Requisition.RemoteOption.choices, required=False)
    salary_min = serializers.IntegerField(required=False, allow_null=True)
    salary_max = serializers.IntegerField(required=False, allow_null=True)
    salary_currency = serializers.CharField(required=False)
    description = serializers.CharField()
    target_start_date = serializers.DateField(required=False, allow_null=True)
    skills = SkillSerializer(many=True, required=False)


class TransitionSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(Requisition.Status.choices)
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


class CandidateSerializer(serializers.ModelSerializer):
    tags = serializers.SlugRelatedField(many=True, read_only=True, slug_field="name")

    class Meta:
        model = Candidate
        fields = [
            "id",
            "name",
            "email",
            "phone",
            "location",
            "source",
            "tags",
            "created_at",
            "anonymised_at",
        ]


class TagSerializer(serializers.Serializer):
    tag = serializers.CharField(max_length=40)

    def validate_tag(self, value: str) -> str:
        value = value.strip()
        if not value:
            raise serializers.ValidationError("A tag needs a name.")
        return value


class ApplicationSerializer(serializers.ModelSerializer):
    candidate = NamedSerializer()
    requisition = NamedSerializer()
    rejection_reason = serializers.StringRelatedField()

    class Meta:
        model = Application
        fields = [
            "id",
            "candidate",
            "requisition",
            "stage",
            "stage_changed_at",
            "applied_at",
            "source",
            "years_experience",
            "rejection_reason",
        ]


class StageEventSerializer(serializers.ModelSerializer):
    by = serializers.StringRelatedField()

    class Meta:
        model = StageEvent
        fields = ["from_stage", "to_stage", "by", "at", "note"]


class ApplicationDetailSerializer(ApplicationSerializer):
    events = StageEventSerializer(many=True)
    can_manage = serializers.BooleanField()

    class Meta(ApplicationSerializer.Meta):
        fields = [*ApplicationSerializer.Meta.fields, "can_manage", "events"]


class ApplicationCreateSerializer(serializers.Serializer):
    """A new candidate with an application, as one row of the candidate import."""

    requisition = serializers.IntegerField()
    name = serializers.CharField(max_length=150)
    email = serializers.EmailField(max_length=254)
    phone = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    source = serializers.CharField(max_length=40, required=False, allow_blank=True, default="")
    stage = serializers.ChoiceField(
        [(stage, Application.Stage(stage).label) for stage in IMPORTABLE_STAGES],
        default=Application.Stage.APPLIED,
    )

    def validate_name(self, value: str) -> str:
        value = value.strip()
        try:
            validate_single_line(value)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages) from None
        return value

    def validate_email(self, value: str) -> str:
        return value.strip().lower()


class MoveSerializer(serializers.Serializer):
    to_stage = serializers.ChoiceField(Application.Stage.choices)
    expected_stage = serializers.ChoiceField(
        Application.Stage.choices,
        required=False,
        help_text="The stage you saw: if someone moved it meanwhile, the move is refused (409).",
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=1000, default="")
    rejection_reason = serializers.IntegerField(
        required=False, help_text="Needed to reject; optional to withdraw."
    )
    send_email = serializers.BooleanField(
        required=False, default=True, help_text="Rejections: send the reason's email."
    )
    confirmed = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Moving to offer without balanced scorecards needs this (as the page asks).",
    )


class NoteSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=5000)
