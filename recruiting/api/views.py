"""Recruiting's API viewsets: the pages' role checks, `visible_to` querysets and services.

Lists start from the same selectors as the pages; details from the same `*_get_for_user`
helpers (404 for what the caller may not see); writes go through recruiting.services
(a move through `application_move`) and are checked by the pages' own forms.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Prefetch
from django.forms.models import model_to_dict
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from backoffice.core.api import ApiViewSet, form_errors, roles_required
from backoffice.people.roles import RECRUITING_ROLES, Role
from recruiting import services
from recruiting.api import serializers as s
from recruiting.forms.requisitions import RequisitionForm
from recruiting.models.candidates import Application, Candidate, RejectionReason, StageEvent, Tag
from recruiting.models.requisitions import Requisition
from recruiting.selectors import candidates as candidate_selectors
from recruiting.selectors import requisitions as requisition_selectors
from recruiting.selectors import scorecards as scorecard_selectors
from recruiting.services.applications import ImportedApplication, applications_import
from recruiting.views.access import MANAGER_ROLES

FORM_FIELDS = list(RequisitionForm.Meta.fields)


def _skills_text(skills) -> str:
    lines = []
    for skill in skills or []:
        if not isinstance(skill, dict):
            lines.append(str(skill))
            continue
        years = skill.get("minimum_years") or 0
        lines.append(f"{skill.get('name', '')}: {years}" if years else str(skill.get("name", "")))
    return "\n".join(lines)


def _form_data(data, base: dict | None = None) -> dict:
    """The API body as the page form's data: skills as objects become the form's lines."""
    if not isinstance(data, dict):
        return {}
    merged = dict(base or {})
    for name in (*FORM_FIELDS, "skills"):
        if name in data:
            merged[name] = data[name]
    if isinstance(merged.get("skills"), list):
        merged["skills"] = _skills_text(merged["skills"])
    return {name: ("" if value is None else value) for name, value in merged.items()}


class RequisitionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Requisitions: HR sees all, a hiring manager their own (as on "My requisitions")."""

    serializer_class = s.RequisitionSerializer

    def get_permissions(self):
        roles = RECRUITING_ROLES if self.action in ("list", "retrieve") else MANAGER_ROLES
        return [*super().get_permissions(), roles_required(*roles)()]

    def get_queryset(self):
        # The rule of "My requisitions" (requisitions_for_user) without its per-stage counts.
        return (
            Requisition.objects.visible_to(self.request.user)
            .select_related("department", "role_family", "hiring_manager")
            .prefetch_related("skills")
        )

    def get_object(self):
        requisition = requisition_selectors.requisition_get_for_user(
            self.request.user, self.kwargs["pk"]
        )
        return (
            Requisition.objects.prefetch_related("skills")
            .select_related("department", "role_family", "hiring_manager")
            .get(pk=requisition.pk)
        )

    @extend_schema(request=s.RequisitionInputSerializer, responses={201: s.RequisitionSerializer})
    def create(self, request):
        """Draft a requisition (hiring managers for themselves; HR for any hiring manager)."""
        form = RequisitionForm(_form_data(request.data), user=request.user)
        if not form.is_valid():
            return form_errors(form)
        data = dict(form.cleaned_data)
        skills = data.pop("skills")
        manager = data.pop("hiring_manager", None) or request.user
        requisition = services.requisition_create(
            by=request.user, hiring_manager=manager, skills=skills, **data
        )
        return self._answer(requisition, status.HTTP_201_CREATED)

    @extend_schema(request=s.RequisitionInputSerializer, responses=s.RequisitionSerializer)
    def partial_update(self, request, pk=None):
        """Edit the details: its manager while it is a draft, HR at any time (as the page)."""
        requisition = self.get_object()
        if requisition.status != Requisition.Status.DRAFT and not request.user.is_hr:
            raise PermissionDenied("Only drafts can be edited; ask HR to change it.")
        current = model_to_dict(requisition, fields=FORM_FIELDS)
        current["skills"] = [
            {"name": skill.name, "minimum_years": skill.minimum_years}
            for skill in requisition.skills.all()
        ]
        form = RequisitionForm(
            _form_data(request.data, _form_data(current)), instance=requisition, user=request.user
        )
        if not form.is_valid():
            return form_errors(form)
        data = dict(form.cleaned_data)
        skills = data.pop("skills")
        services.requisition_update(requisition=requisition, by=request.user, skills=skills, **data)
        return self._answer(requisition, status.HTTP_200_OK)

    @extend_schema(request=s.TransitionSerializer, responses=s.RequisitionSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        """Submit, approve, send back, hold, fill or cancel (requisition_transition)."""
        requisition = self.get_object()
        body = s.TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.requisition_transition(
            requisition=requisition,
            to_status=body.validated_data["to_status"],
            by=request.user,
            comment=body.validated_data.get("comment", ""),
        )
        return self._answer(requisition, status.HTTP_200_OK)

    def _answer(self, requisition, code):
        self.kwargs["pk"] = requisition.pk
        fresh = self.get_object()
        return Response(self.get_serializer(fresh).data, status=code)


class CandidateViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, ApiViewSet):
    """Candidates: whoever sees one of their applications (HR: all), as the candidate list."""

    serializer_class = s.CandidateSerializer
    permission_classes = [roles_required(*RECRUITING_ROLES)]

    def get_queryset(self):
        return Candidate.objects.visible_to(self.request.user).prefetch_related(
            Prefetch("tags", queryset=Tag.objects.order_by("name"))
        )

    @extend_schema(request=s.TagSerializer, responses=s.CandidateSerializer)
    @action(detail=True, methods=["post"])
    def tags(self, request, pk=None):
        """Tag the candidate (candidates_tag), through an application the caller manages."""
        candidate = self.get_object()
        body = s.TagSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        managed = list(Application.objects.manageable_by(request.user).filter(candidate=candidate))
        if not managed:
            raise PermissionDenied("Only HR and the job's hiring manager tag candidates.")
        services.candidates_tag(applications=managed, tag_name=body.validated_data["tag"])
        return Response(self.get_serializer(self.get_object()).data)


class ApplicationViewSet(mixins.ListModelMixin, ApiViewSet):
    """Applications (the candidate list's rows); moves go through application_move."""

    serializer_class = s.ApplicationSerializer

    def get_permissions(self):
        roles = (Role.HR,) if self.action == "create" else RECRUITING_ROLES
        return [*super().get_permissions(), roles_required(*roles)()]

    @extend_schema(
        parameters=[
            OpenApiParameter("requisition", int, description="Only this requisition's."),
            OpenApiParameter("stage", str, enum=Application.Stage.values),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def get_queryset(self):
        queryset = candidate_selectors.candidate_list_queryset(self.request.user)
        requisition = self.request.query_params.get("requisition")
        if requisition and requisition.isdigit():
            queryset = queryset.filter(requisition_id=int(requisition))
        stage = self.request.query_params.get("stage")
        if stage in Application.Stage.values:
            queryset = queryset.filter(stage=stage)
        return queryset

    def _visible(self, pk) -> Application:
        return candidate_selectors.application_get_for_user(self.request.user, int(pk))

    def _manageable(self, pk) -> Application:
        """Visible (else 404) and manageable (else 403), as recruiting.views.access."""
        application = self._visible(pk)
        if not application.can_manage:
            raise PermissionDenied("Only HR and the job's hiring manager change applications.")
        return application

    def _detail(self, pk, code=status.HTTP_200_OK) -> Response:
        application = self._visible(pk)
        events = StageEvent.objects.filter(application=application).select_related("by")
        data = dict(s.ApplicationSerializer(application).data)
        data["can_manage"] = application.can_manage
        data["events"] = s.StageEventSerializer(events, many=True).data
        return Response(data, status=code)

    @extend_schema(responses=s.ApplicationDetailSerializer)
    def retrieve(self, request, pk=None):
        return self._detail(pk)

    @extend_schema(
        request=s.ApplicationCreateSerializer, responses={201: s.ApplicationDetailSerializer}
    )
    def create(self, request):
        """HR adds a candidate with an application, as one row of the candidate import.

        An address that is already a candidate is refused (409): profiles are never merged.
        """
        body = s.ApplicationCreateSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        requisition = (
            Requisition.objects.visible_to(request.user).filter(pk=data["requisition"]).first()
        )
        if requisition is None:
            return Response({"requisition": ["No such requisition."]}, status=400)
        if Candidate.objects.filter(email=data["email"]).exists():
            return Response(
                {"detail": f"{data['email']} is already a candidate: their profile is unchanged."},
                status=status.HTTP_409_CONFLICT,
            )
        row = ImportedApplication(
            requisition=requisition,
            name=data["name"],
            email=data["email"],
            phone=data["phone"].strip(),
            source=data["source"].strip() or "API",
            stage=data["stage"],
        )
        try:
            with transaction.atomic():
                (application,) = applications_import(rows=[row], by=request.user)
        except IntegrityError:
            return Response(
                {"detail": f"{data['email']} became a candidate meanwhile; nothing was added."},
                status=status.HTTP_409_CONFLICT,
            )
        return self._detail(application.pk, status.HTTP_201_CREATED)

    @extend_schema(request=s.MoveSerializer, responses=s.ApplicationDetailSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        """Move to another stage through application_move (reject or withdraw with a reason).

        A move the pipeline forbids, or one on a card someone else moved since
        `expected_stage`, is refused with 409 and nothing changes.
        """
        application = self._manageable(pk)
        body = s.MoveSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        to_stage = data["to_stage"]
        reason = None
        if "rejection_reason" in data:
            reason = RejectionReason.objects.filter(
                pk=data["rejection_reason"], is_active=True
            ).first()
            if reason is None:
                return Response({"rejection_reason": ["No such rejection reason."]}, status=400)
        if (
            to_stage == Application.Stage.OFFER
            and not data["confirmed"]
            and (warnings := scorecard_selectors.balance_warnings(application))
        ):
            return Response(
                {"detail": " ".join(warnings) + " Nothing was moved: send confirmed=true."},
                status=status.HTTP_409_CONFLICT,
            )
        common = {
            "application": application,
            "by": request.user,
            "note": data["note"],
            "expected_stage": data.get("expected_stage"),
        }
        if to_stage == Application.Stage.REJECTED and reason is not None:
            services.application_reject(reason=reason, send_email=data["send_email"], **common)
        else:
            services.application_move(to_stage=to_stage, rejection_reason=reason, **common)
        return self._detail(pk)

    @extend_schema(request=s.NoteSerializer, responses={201: s.ApplicationDetailSerializer})
    @action(detail=True, methods=["post"])
    def notes(self, request, pk=None):
        """Add a note (application_note_add): whoever sees the application, as on its page."""
        application = self._visible(pk)
        body = s.NoteSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.application_note_add(
            application=application, author=request.user, body=body.validated_data["body"]
        )
        return self._detail(pk, status.HTTP_201_CREATED)
