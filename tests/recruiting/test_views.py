import csv
import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from backoffice.core.spreadsheet import csv_safe
from recruiting.models import (
    Application,
    ApplicationAttachment,
    ApplicationNote,
    Requisition,
    StageEvent,
)
from tests.factories.recruiting import (
    ApplicationFactory,
    CandidateFactory,
    RequisitionFactory,
    pdf_bytes,
)

pytestmark = pytest.mark.django_db


# --- My requisitions and the board -------------------------------------------------------------


def test_my_requisitions_counts_per_stage(client_for, hiring_manager, requisition):
    ApplicationFactory.create_batch(2, requisition=requisition)
    ApplicationFactory(requisition=requisition, stage="screening")
    RequisitionFactory(title="Someone else's job")
    response = client_for(hiring_manager).get(reverse("recruiting:landing"))
    assert response.status_code == 200
    [row] = response.context["requisitions"]
    counts = {stage.value: count for stage, count in row.stage_counts}
    assert counts["applied"] == 2
    assert counts["screening"] == 1
    assert row.days_open_now == 10
    assert "Someone else" not in response.content.decode()


def test_board_shows_a_card_per_open_application(client_for, hiring_manager, application):
    ApplicationFactory(requisition=application.requisition, stage="rejected")
    response = client_for(hiring_manager).get(
        reverse("recruiting:requisition_board", args=[application.requisition_id])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Jane Doe" in html
    assert 'draggable="true"' in html
    assert "1 rejected" in html
    assert "<script>" not in html.split("</head>")[1]  # no inline scripts in the body


def test_board_of_another_managers_requisition_is_404(
    client_for, other_hiring_manager, requisition
):
    url = reverse("recruiting:requisition_board", args=[requisition.pk])
    assert client_for(other_hiring_manager).get(url).status_code == 404


def test_move_by_form_post(client_for, hiring_manager, application):
    response = client_for(hiring_manager).post(
        reverse("recruiting:application_move", args=[application.pk]),
        {"to_stage": "screening", "expected_stage": "applied"},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.stage == "screening"
    assert StageEvent.objects.get().by == hiring_manager


def test_move_by_htmx_returns_the_fresh_board(client_for, hiring_manager, application):
    response = client_for(hiring_manager).post(
        reverse("recruiting:application_move", args=[application.pk]),
        {"to_stage": "screening", "expected_stage": "applied"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith('<div id="board"')
    assert Application.objects.get().stage == "screening"


def test_a_move_to_hired_is_refused_in_favour_of_the_offer(client_for, hiring_manager, application):
    Application.objects.filter(pk=application.pk).update(stage="offer")
    response = client_for(hiring_manager).post(
        reverse("recruiting:application_move", args=[application.pk]),
        {"to_stage": "hired", "expected_stage": "offer"},
        HTTP_HX_REQUEST="true",
    )
    assert "hired when they accept their offer" in response.content.decode()
    assert Application.objects.get().stage == "offer"
    assert not StageEvent.objects.exists()


def test_a_stale_htmx_move_shows_why_and_changes_nothing(client_for, hiring_manager, application):
    Application.objects.filter(pk=application.pk).update(stage="interview")
    response = client_for(hiring_manager).post(
        reverse("recruiting:application_move", args=[application.pk]),
        {"to_stage": "screening", "expected_stage": "applied"},
        HTTP_HX_REQUEST="true",
    )
    assert "while you were looking" in response.content.decode()
    assert Application.objects.get().stage == "interview"
    assert not StageEvent.objects.exists()


def test_move_needs_post_and_the_manager(client_for, interviewer, assigned_application):
    url = reverse("recruiting:application_move", args=[assigned_application.pk])
    assert client_for(interviewer).get(url).status_code == 405
    # An interviewer can see the application but not move it.
    response = client_for(interviewer).post(url, {"to_stage": "screening"})
    assert response.status_code == 403
    assert Application.objects.get().stage == "applied"


def test_move_of_an_invisible_application_is_404(client_for, other_hiring_manager, application):
    response = client_for(other_hiring_manager).post(
        reverse("recruiting:application_move", args=[application.pk]), {"to_stage": "screening"}
    )
    assert response.status_code == 404
    assert Application.objects.get().stage == "applied"


def test_requisition_transition_by_the_manager_and_refusal(client_for, hiring_manager):
    requisition = RequisitionFactory(
        hiring_manager=hiring_manager, status=Requisition.Status.DRAFT, opened_at=None
    )
    client = client_for(hiring_manager)
    url = reverse("recruiting:requisition_transition", args=[requisition.pk])
    client.post(url, {"to_status": "pending_approval"})
    requisition.refresh_from_db()
    assert requisition.status == "pending_approval"
    response = client.post(url, {"to_status": "open"}, follow=True)
    assert "you cannot change it to open" in response.content.decode()
    requisition.refresh_from_db()
    assert requisition.status == "pending_approval"
    assert client.get(url).status_code == 405


def test_hr_approves_from_the_board(client_for, hr_user):
    requisition = RequisitionFactory(status=Requisition.Status.PENDING_APPROVAL)
    client_for(hr_user).post(
        reverse("recruiting:requisition_transition", args=[requisition.pk]), {"to_status": "open"}
    )
    requisition.refresh_from_db()
    assert requisition.status == "open"
    assert requisition.events.get().by == hr_user


# --- The application page ----------------------------------------------------------------


def test_application_page(client_for, hiring_manager, application):
    response = client_for(hiring_manager).get(
        reverse("recruiting:application_detail", args=[application.pk])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Jane Doe" in html
    assert reverse("recruiting:application_resume", args=[application.pk]) in html


def test_resume_download_is_access_checked(
    client_for, hiring_manager, other_hiring_manager, application
):
    url = reverse("recruiting:application_resume", args=[application.pk])
    response = client_for(hiring_manager).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    assert client_for(other_hiring_manager).get(url).status_code == 404


def test_resumes_are_not_under_any_public_url(client_for, hr_user, application):
    client = client_for(hr_user)
    name = application.resume.name
    assert name.startswith("recruiting/resumes/")
    for prefix in ("/media/", "/static/", "/"):
        assert client.get(f"{prefix}{name}").status_code == 404


def test_add_a_note_and_markup_stays_text(client_for, interviewer, assigned_application):
    client = client_for(interviewer)
    url = reverse("recruiting:application_note_add", args=[assigned_application.pk])
    response = client.post(url, {"body": "<script>alert(1)</script> strong typist"}, follow=True)
    html = response.content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; strong typist" in html
    assert ApplicationNote.objects.get().author == interviewer
    assert client.post(url, {"body": ""}).status_code == 400
    assert client.get(url).status_code == 405


def test_attach_a_document_and_download_it(client_for, hiring_manager, application, interviewer):
    client = client_for(hiring_manager)
    upload = SimpleUploadedFile("reference.pdf", pdf_bytes("Reference"))
    client.post(
        reverse("recruiting:application_attachment_add", args=[application.pk]), {"file": upload}
    )
    attachment = ApplicationAttachment.objects.get()
    download = client.get(reverse("recruiting:attachment_download", args=[attachment.pk]))
    assert download.status_code == 200
    assert (
        client_for(interviewer)
        .get(reverse("recruiting:attachment_download", args=[attachment.pk]))
        .status_code
        == 404
    )


def test_a_bad_attachment_is_refused(client_for, hiring_manager, application):
    upload = SimpleUploadedFile("evil.pdf", b"MZ\x90\x00" + b"\x00" * 50)
    response = client_for(hiring_manager).post(
        reverse("recruiting:application_attachment_add", args=[application.pk]), {"file": upload}
    )
    assert response.status_code == 400
    assert "is not a PDF" in response.content.decode()
    assert not ApplicationAttachment.objects.exists()


def test_reject_with_reason_then_cancel_the_email(client_for, hiring_manager, application, reason):
    client = client_for(hiring_manager)
    response = client.post(
        reverse("recruiting:application_reject", args=[application.pk]),
        {
            "reason": reason.pk,
            "note": "Too few years",
            "send_email": "on",
            "expected_stage": "applied",
        },
        follow=True,
    )
    assert "The email goes out in 15 minutes" in response.content.decode()
    application.refresh_from_db()
    assert application.stage == "rejected"
    assert application.rejection_email_due_at is not None
    client.post(reverse("recruiting:rejection_email_cancel", args=[application.pk]))
    application.refresh_from_db()
    assert application.rejection_email_due_at is None
    assert mail.outbox == []


def test_reject_without_reason_shows_the_form_error(client_for, hiring_manager, application):
    response = client_for(hiring_manager).post(
        reverse("recruiting:application_reject", args=[application.pk]), {"reason": ""}
    )
    assert response.status_code == 400
    assert Application.objects.get().stage == "applied"


def test_interviewer_cannot_reject(client_for, interviewer, assigned_application, reason):
    response = client_for(interviewer).post(
        reverse("recruiting:application_reject", args=[assigned_application.pk]),
        {"reason": reason.pk},
    )
    assert response.status_code == 403
    assert Application.objects.get().stage == "applied"


# --- The candidate list ----------------------------------------------------------------------


def test_candidate_list_filters_search_and_sort(client_for, hiring_manager, requisition):
    ApplicationFactory(
        requisition=requisition,
        candidate=CandidateFactory(name="Ann Expert", skills="Spreadsheets"),
        years_experience=9,
        stage="screening",
    )
    ApplicationFactory(
        requisition=requisition, candidate=CandidateFactory(name="Bob Novice"), years_experience=1
    )
    ApplicationFactory(candidate=CandidateFactory(name="Carl Elsewhere"))
    client = client_for(hiring_manager)
    url = reverse("recruiting:candidate_list")

    def names(**query):
        response = client.get(url, query)
        assert response.status_code == 200
        return [application.candidate.name for application in response.context["page_obj"]]

    assert sorted(names()) == ["Ann Expert", "Bob Novice"]
    assert names(stage="screening") == ["Ann Expert"]
    assert names(experience_min=5) == ["Ann Expert"]
    assert names(skill="spreadsheet") == ["Ann Expert"]
    assert names(q="novice") == ["Bob Novice"]
    assert names(sort="-experience") == ["Ann Expert", "Bob Novice"]
    assert names(sort="experience") == ["Bob Novice", "Ann Expert"]


def test_candidate_list_pages_by_25(client_for, hr_user, requisition):
    ApplicationFactory.create_batch(30, requisition=requisition)
    response = client_for(hr_user).get(reverse("recruiting:candidate_list"))
    assert len(response.context["page_obj"]) == 25
    assert response.context["page_obj"].paginator.num_pages == 2


def test_bulk_move_reject_and_tag(client_for, hiring_manager, requisition, reason):
    first, second = ApplicationFactory.create_batch(2, requisition=requisition)
    foreign = ApplicationFactory()
    client = client_for(hiring_manager)
    url = reverse("recruiting:candidate_bulk")
    client.post(
        url, {"action": "move", "to_stage": "screening", "applications": [first.pk, second.pk]}
    )
    assert set(
        Application.objects.filter(requisition=requisition).values_list("stage", flat=True)
    ) == {"screening"}
    client.post(url, {"action": "tag", "tag": "Fast typist", "applications": [first.pk]})
    assert first.candidate.tags.get().name == "Fast typist"
    client.post(url, {"action": "reject", "reason": reason.pk, "applications": [second.pk]})
    second.refresh_from_db()
    assert second.stage == "rejected"
    # Someone else's application is not a valid choice: nothing changes.
    response = client.post(
        url, {"action": "move", "to_stage": "screening", "applications": [foreign.pk]}, follow=True
    )
    assert "Nothing was changed" in response.content.decode()
    foreign.refresh_from_db()
    assert foreign.stage == "applied"
    assert client.get(url).status_code == 405


def test_bulk_action_needs_its_parameter(client_for, hiring_manager, application):
    response = client_for(hiring_manager).post(
        reverse("recruiting:candidate_bulk"),
        {"action": "reject", "applications": [application.pk]},
        follow=True,
    )
    assert "Choose a rejection reason" in response.content.decode()
    assert Application.objects.get().stage == "applied"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("+31 6", "'+31 6"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
     ("Jane", "Jane"), (5, "5"), (None, "")],
)  # fmt: skip
def test_csv_safe(value, expected):
    assert csv_safe(value) == expected


def test_csv_export_is_filtered_and_neutralises_formulas(client_for, hiring_manager, requisition):
    ApplicationFactory(
        requisition=requisition,
        candidate=CandidateFactory(name='=HYPERLINK("http://evil","x")', phone="+31 6 1"),
    )
    ApplicationFactory()  # not visible to this manager
    response = client_for(hiring_manager).get(reverse("recruiting:candidate_export"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0][0] == "Name"
    assert len(rows) == 2
    assert rows[1][0] == '\'=HYPERLINK("http://evil","x")'
    assert rows[1][2] == "'+31 6 1"


# --- Drafting a requisition ------------------------------------------------------------------


def _requisition_form(**overrides):
    from tests.factories.people import DepartmentFactory, RoleFamilyFactory

    data = {
        "title": "Payroll Clerk",
        "department": DepartmentFactory(name="Finance").pk,
        "role_family": RoleFamilyFactory(slug="payroll-clerk").pk,
        "headcount": "2",
        "employment_type": "full_time",
        "location": "Utrecht",
        "remote_option": "hybrid",
        "salary_min": "30000",
        "salary_max": "36000",
        "salary_currency": "EUR",
        "description": "Run **payroll** <script>x</script>",
        "skills": "Payroll software: 2\nSpreadsheets",
    }
    data.update(overrides)
    return data


def test_hiring_manager_drafts_edits_and_submits_a_requisition(client_for, hiring_manager):
    client = client_for(hiring_manager)
    response = client.post(reverse("recruiting:requisition_create"), _requisition_form())
    requisition = Requisition.objects.get()
    assert response.headers["Location"] == reverse(
        "recruiting:requisition_board", args=[requisition.pk]
    )
    assert requisition.status == Requisition.Status.DRAFT
    assert requisition.hiring_manager == hiring_manager
    assert [(s.name, s.minimum_years) for s in requisition.skills.all()] == [
        ("Payroll software", 2),
        ("Spreadsheets", 0),
    ]
    edit_url = reverse("recruiting:requisition_edit", args=[requisition.pk])
    assert "Payroll software: 2" in client.get(edit_url).content.decode()
    client.post(edit_url, _requisition_form(title="Senior Payroll Clerk", skills="Payroll: 3"))
    requisition.refresh_from_db()
    assert requisition.title == "Senior Payroll Clerk"
    assert [s.name for s in requisition.skills.all()] == ["Payroll"]
    client.post(
        reverse("recruiting:requisition_transition", args=[requisition.pk]),
        {"to_status": "pending_approval"},
    )
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.PENDING_APPROVAL
    # Submitted: no more edits by the manager.
    assert client.get(edit_url).status_code == 403


def test_requisition_form_errors_are_shown(client_for, hiring_manager):
    response = client_for(hiring_manager).post(
        reverse("recruiting:requisition_create"),
        _requisition_form(salary_min="50000", salary_max="40000", skills="Typing: lots"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "The maximum must not be below the minimum." in html
    assert "must be a whole number" in html
    assert not Requisition.objects.exists()


def test_hr_drafts_for_a_hiring_manager(client_for, hr_user, hiring_manager):
    client_for(hr_user).post(
        reverse("recruiting:requisition_create"),
        _requisition_form(hiring_manager=hiring_manager.pk),
    )
    assert Requisition.objects.get().hiring_manager == hiring_manager


def test_manager_cannot_hand_over_or_edit_others(client_for, hiring_manager, other_hiring_manager):
    from recruiting import services

    requisition = RequisitionFactory(
        hiring_manager=other_hiring_manager, status=Requisition.Status.DRAFT
    )
    with pytest.raises(services.RequisitionTransitionRefused):
        services.requisition_update(requisition=requisition, by=hiring_manager, title="Mine")
    mine = RequisitionFactory(hiring_manager=hiring_manager, status=Requisition.Status.DRAFT)
    with pytest.raises(services.RequisitionTransitionRefused, match="Only HR"):
        services.requisition_update(
            requisition=mine, by=hiring_manager, hiring_manager=other_hiring_manager
        )
    response = client_for(hiring_manager).post(
        reverse("recruiting:requisition_edit", args=[requisition.pk]), _requisition_form()
    )
    assert response.status_code == 404


def test_assigning_an_interviewer_lets_them_see_the_application(
    client_for, hiring_manager, interviewer, application
):
    url = reverse("recruiting:application_detail", args=[application.pk])
    assert client_for(interviewer).get(url).status_code == 404
    client_for(hiring_manager).post(
        reverse("recruiting:application_interviewer_assign", args=[application.pk]),
        {"user": interviewer.pk},
    )
    response = client_for(interviewer).get(url)
    assert response.status_code == 200
    assert "Move or reject" not in response.content.decode()


def test_only_interviewers_can_be_assigned(client_for, hiring_manager, employee_user, application):
    response = client_for(hiring_manager).post(
        reverse("recruiting:application_interviewer_assign", args=[application.pk]),
        {"user": employee_user.pk},
    )
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not application.interviewer_assignments.exists()


def test_record_a_withdrawal_with_a_reason_and_no_email(
    client_for, hiring_manager, application, reason
):
    response = client_for(hiring_manager).post(
        reverse("recruiting:application_reject", args=[application.pk]),
        {"reason": reason.pk, "send_email": "on", "outcome": "withdrawn"},
        follow=True,
    )
    assert "Jane Doe withdrawn" in response.content.decode()
    application.refresh_from_db()
    assert application.stage == "withdrawn"
    assert application.rejection_reason == reason
    assert application.rejection_email_due_at is None


def test_hr_sends_back_with_a_comment_from_the_board(client_for, hr_user):
    requisition = RequisitionFactory(status=Requisition.Status.PENDING_APPROVAL)
    client = client_for(hr_user)
    url = reverse("recruiting:requisition_transition", args=[requisition.pk])
    response = client.post(url, {"to_status": "draft"}, follow=True)
    assert "Say what needs changing" in response.content.decode()
    client.post(url, {"to_status": "draft", "comment": "Salary <b>too</b> high"})
    requisition.refresh_from_db()
    assert requisition.status == Requisition.Status.DRAFT
    assert requisition.events.get().comment == "Salary <b>too</b> high"
    board = client.get(reverse("recruiting:requisition_board", args=[requisition.pk]))
    assert "Sent back by" in board.content.decode()
    assert "Salary &lt;b&gt;too&lt;/b&gt; high" in board.content.decode()


def test_a_refused_move_shows_the_domain_error_as_plain_text(
    client_for, hiring_manager, application
):
    Application.objects.filter(pk=application.pk).update(stage="offer")
    response = client_for(hiring_manager).post(
        reverse("recruiting:application_move", args=[application.pk]),
        {"to_stage": "hired", "expected_stage": "offer"},
        follow=True,
    )
    html = response.content.decode()
    assert "Nothing was moved: a candidate is hired when they accept their offer." in html
    assert "[&#x27;Nothing was moved" not in html
    assert Application.objects.get().stage == "offer"
