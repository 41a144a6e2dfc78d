"""The application page and what can be done on it: board moves, notes, files, rejection."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from backoffice.core.access import role_required
from backoffice.core.downloads import file_download
from backoffice.core.errors import DomainError
from backoffice.people.roles import RECRUITING_ROLES
from recruiting import services
from recruiting.filenames import document_name, kind_for_content_type
from recruiting.forms.candidates import (
    AttachmentForm,
    InterviewerAssignForm,
    MoveForm,
    NoteForm,
    RejectForm,
)
from recruiting.models.candidates import Application
from recruiting.selectors import candidates as candidate_selectors
from recruiting.selectors import requisitions as requisition_selectors
from recruiting.selectors import scorecards as scorecard_selectors
from recruiting.selectors.application_hiring import application_hiring
from recruiting.selectors.application_record import application_page
from recruiting.selectors.intake import details_differences_rows
from recruiting.views.access import MANAGER_ROLES
from recruiting.views.requisitions import _board_context


def _manageable(request: HttpRequest, pk: int) -> Application:
    """Visible (else 404) and manageable by this user (else 403)."""
    application = candidate_selectors.application_get_for_user(request.user, pk)
    if not application.can_manage:
        raise PermissionDenied
    return application


def _page(request, application, *, status=200, **forms) -> HttpResponse:
    can_manage = application.can_manage
    context = {
        "application": application,
        "candidate": application.candidate,
        "can_manage": can_manage,
        "move_options": candidate_selectors.move_options(application.stage),
        "note_form": forms.get("note_form") or NoteForm(),
        "attachment_form": forms.get("attachment_form") or AttachmentForm(),
        "reject_form": forms.get("reject_form")
        or RejectForm(initial={"expected_stage": application.stage}),
        "interviewer_form": forms.get("interviewer_form") or InterviewerAssignForm(),
        "details_differences": details_differences_rows(
            application.candidate, application.submitted_details
        ),
    }
    record = application_page(application)
    panels = record.pop("panels")
    context |= record | application_hiring(application, request.user, panels=panels)
    response = render(request, "recruiting/application.html", context)
    response.status_code = status
    return response


@require_GET
@role_required(*RECRUITING_ROLES)
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, candidate_selectors.application_get_for_user(request.user, pk))


def _document_response(file_field, filename: str, content_type: str) -> FileResponse:
    # Served under a name ending in the extension of the type we checked, whatever was typed
    # (rows stored before names were normalised included), with the core's download headers.
    filename = document_name(filename, kind_for_content_type(content_type))
    return file_download(file_field, filename=filename, content_type=content_type)


@require_GET
@role_required(*RECRUITING_ROLES)
def application_resume(request: HttpRequest, pk: int) -> FileResponse:
    application = candidate_selectors.application_get_for_user(request.user, pk)
    if not application.resume:
        raise Http404("No resume")
    return _document_response(
        application.resume, application.resume_filename or "resume", application.resume_content_type
    )


@require_GET
@role_required(*RECRUITING_ROLES)
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    attachment = candidate_selectors.attachment_get_for_user(request.user, pk)
    return _document_response(attachment.file, attachment.filename, attachment.content_type)


@require_POST
@role_required(*RECRUITING_ROLES)
def application_note_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Anyone who can see the application may note on it (interviewers too)."""
    application = candidate_selectors.application_get_for_user(request.user, pk)
    form = NoteForm(request.POST)
    if not form.is_valid():
        return _page(request, application, status=400, note_form=form)
    services.application_note_add(
        application=application, author=request.user, body=form.cleaned_data["body"]
    )
    messages.success(request, "Note added.")
    return redirect("recruiting:application_detail", pk=pk)


@require_POST
@role_required(*RECRUITING_ROLES)
def application_attachment_add(request: HttpRequest, pk: int) -> HttpResponse:
    application = _manageable(request, pk)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, application, status=400, attachment_form=form)
    upload = form.cleaned_data["file"]
    services.application_attachment_add(
        application=application,
        uploaded_by=request.user,
        upload=services.ResumeUpload(
            file=upload, filename=upload.name, content_type=upload.document_content_type
        ),
    )
    messages.success(request, "Document attached.")
    return redirect("recruiting:application_detail", pk=pk)


@require_POST
@role_required(*RECRUITING_ROLES)
def application_reject(request: HttpRequest, pk: int) -> HttpResponse:
    application = _manageable(request, pk)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _page(request, application, status=400, reject_form=form)
    data = form.cleaned_data
    withdrawn = request.POST.get("outcome") == Application.Stage.WITHDRAWN
    try:
        if withdrawn:
            # The candidate stepped back: recorded with the reason, and no email.
            services.application_move(
                application=application,
                to_stage=Application.Stage.WITHDRAWN,
                by=request.user,
                note=data["note"],
                expected_stage=data["expected_stage"] or None,
                rejection_reason=data["reason"],
            )
        else:
            services.application_reject(
                application=application,
                by=request.user,
                reason=data["reason"],
                note=data["note"],
                send_email=data["send_email"],
                expected_stage=data["expected_stage"] or None,
            )
    except DomainError as refused:
        messages.error(request, refused.text)
    else:
        verb = "withdrawn" if withdrawn else "rejected"
        text = f"{application.candidate} {verb}: {data['reason']}."
        if application.rejection_email_due_at:
            text += " The email goes out in 15 minutes unless you cancel it."
        messages.success(request, text)
    return redirect("recruiting:application_detail", pk=pk)


@require_POST
@role_required(*RECRUITING_ROLES)
def rejection_email_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    application = _manageable(request, pk)
    if services.rejection_email_cancel(application=application, by=request.user):
        messages.success(request, "The rejection email was cancelled.")
    else:
        messages.error(request, "There is no rejection email waiting to be cancelled.")
    return redirect("recruiting:application_detail", pk=pk)


@require_POST
@role_required(*RECRUITING_ROLES)
def application_interviewer_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Let an interviewer see this application (the interviews themselves come later)."""
    application = _manageable(request, pk)
    form = InterviewerAssignForm(request.POST)
    if not form.is_valid():
        return _page(request, application, status=400, interviewer_form=form)
    interviewer = form.cleaned_data["user"]
    services.application_interviewer_assign(application=application, user=interviewer)
    messages.success(request, f"{interviewer} can now see this application.")
    return redirect("recruiting:application_detail", pk=pk)


@require_POST
@role_required(*MANAGER_ROLES)
def application_move(request: HttpRequest, pk: int) -> HttpResponse:
    """A board move: a drop (htmx) or the card's small form; both post the same fields."""
    application = candidate_selectors.application_get_for_user(request.user, pk)
    if not Application.objects.manageable_by(request.user).filter(pk=pk).exists():
        raise PermissionDenied
    form = MoveForm(request.POST)
    error = None
    if not form.is_valid():
        error = "Choose a stage to move to."
    elif (
        form.cleaned_data["to_stage"] == Application.Stage.OFFER
        and not request.POST.get("confirmed")
        and (warnings := scorecard_selectors.balance_warnings(application))
    ):
        # A balanced decision: skills and culture fit both assessed, or a conscious override.
        if request.htmx:
            error = " ".join(warnings) + " Nothing was moved: confirm on the application page."
        else:
            return render(
                request,
                "recruiting/offer_confirm.html",
                {"application": application, "warnings": warnings, "form": form},
            )
    else:
        try:
            services.application_move(
                application=application,
                to_stage=form.cleaned_data["to_stage"],
                by=request.user,
                note=form.cleaned_data["note"],
                expected_stage=form.cleaned_data["expected_stage"] or None,
            )
        except DomainError as refused:
            error = refused.text
    if request.htmx:
        requisition = requisition_selectors.requisition_get_for_user(
            request.user, application.requisition_id
        )
        # A refused move still answers 200: the fresh board replaces the stale one, with the
        # reason on top (htmx would not swap a 4xx).
        # What the board's status region says, and whose Move control gets the focus back
        # (static/js/recruiting.js reads both from the fresh board).
        name = application.candidate.name
        announce = (
            f"Could not move {name}: {error}"
            if error
            else f"Moved {name} to {application.get_stage_display()}"
        )
        context = _board_context(request, requisition) | {
            "board_error": error,
            "board_announce": announce,
            "board_focus": application.pk,
        }
        return render(request, "recruiting/_board_columns.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(
            request, f"{application.candidate} moved to {application.get_stage_display()}."
        )
    next_url = request.POST.get("next")
    if next_url == "application":
        return redirect("recruiting:application_detail", pk=application.pk)
    board = redirect("recruiting:requisition_board", pk=application.requisition_id)
    if request.POST.get("sort") in candidate_selectors.BOARD_SORTS:
        board["Location"] += "?" + urlencode({"sort": request.POST["sort"]})
    return board
