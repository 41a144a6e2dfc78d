from django.urls import path

from recruiting.views import (
    applications,
    candidates,
    imports,
    intake,
    interviews,
    offers,
    requisitions,
    scorecards,
    skills_test,
)

app_name = "recruiting"

urlpatterns = [
    path("", requisitions.landing, name="landing"),
    # Requisitions
    path("requisitions/new/", requisitions.requisition_create, name="requisition_create"),
    path("requisitions/<int:pk>/edit/", requisitions.requisition_edit, name="requisition_edit"),
    path("requisitions/<int:pk>/board/", requisitions.requisition_board, name="requisition_board"),
    path(
        "requisitions/<int:pk>/status/",
        requisitions.requisition_transition,
        name="requisition_transition",
    ),
    path(
        "requisitions/<int:pk>/report/", requisitions.requisition_report, name="requisition_report"
    ),
    path(
        "requisitions/<int:pk>/ranking/",
        requisitions.requisition_ranking,
        name="requisition_ranking",
    ),
    # Candidates and applications
    path("candidates/", candidates.candidate_list, name="candidate_list"),
    path("candidates/bulk/", candidates.candidate_bulk, name="candidate_bulk"),
    path("candidates/export.csv", candidates.candidate_export, name="candidate_export"),
    path("candidates/import/", imports.candidate_import, name="candidate_import"),
    path(
        "candidates/import/example.csv",
        imports.candidate_import_example_csv,
        name="candidate_import_example",
    ),
    path(
        "candidates/import/report.csv",
        imports.candidate_import_report_csv,
        name="candidate_import_report",
    ),
    path("applications/<int:pk>/", applications.application_detail, name="application_detail"),
    path("applications/<int:pk>/move/", applications.application_move, name="application_move"),
    path(
        "applications/<int:pk>/reject/", applications.application_reject, name="application_reject"
    ),
    path(
        "applications/<int:pk>/rejection-email/cancel/",
        applications.rejection_email_cancel,
        name="rejection_email_cancel",
    ),
    path(
        "applications/<int:pk>/resume/", applications.application_resume, name="application_resume"
    ),
    path(
        "applications/<int:pk>/notes/",
        applications.application_note_add,
        name="application_note_add",
    ),
    path(
        "applications/<int:pk>/attachments/",
        applications.application_attachment_add,
        name="application_attachment_add",
    ),
    path(
        "applications/<int:pk>/interviewers/",
        applications.application_interviewer_assign,
        name="application_interviewer_assign",
    ),
    path(
        "applications/<int:pk>/details/merge/",
        intake.application_details_merge,
        name="application_details_merge",
    ),
    path("attachments/<int:pk>/", applications.attachment_download, name="attachment_download"),
    # Interviews
    path(
        "applications/<int:pk>/interviews/new/",
        interviews.interview_schedule,
        name="interview_schedule",
    ),
    path("interviews/<int:pk>/", interviews.interview_kit, name="interview_kit"),
    path("interviews/<int:pk>/edit/", interviews.interview_edit, name="interview_edit"),
    path("interviews/<int:pk>/cancel/", interviews.interview_cancel, name="interview_cancel"),
    # Scorecards
    path("interviews/<int:pk>/scorecard/", scorecards.scorecard_edit, name="scorecard_edit"),
    path("scorecards/<int:pk>/amend/", scorecards.scorecard_amend, name="scorecard_amend"),
    path("calibration/", scorecards.calibration, name="calibration"),
    # Skills test
    path(
        "applications/<int:pk>/skills-test/",
        skills_test.skills_test_send,
        name="skills_test_send",
    ),
    path("skills-tests/<int:pk>/", skills_test.skills_test_result, name="skills_test_result"),
    path("skills-test/<str:token>/", skills_test.skills_test_take, name="skills_test_take"),
    # Offers
    path("applications/<int:pk>/offers/new/", offers.offer_create, name="offer_create"),
    path("offers/<int:pk>/status/", offers.offer_transition, name="offer_transition"),
    path("offers/<int:pk>/letter/", offers.offer_letter, name="offer_letter"),
    path("offers/<int:pk>/signed.pdf", offers.offer_signed_pdf, name="offer_signed_pdf"),
]
