from django.urls import path

from recruiting.views import applications, candidates, pipeline

app_name = "recruiting"

urlpatterns = [
    path("", pipeline.landing, name="landing"),
    path("requisitions/new/", pipeline.requisition_create, name="requisition_create"),
    path("requisitions/<int:pk>/edit/", pipeline.requisition_edit, name="requisition_edit"),
    path("requisitions/<int:pk>/board/", pipeline.requisition_board, name="requisition_board"),
    path(
        "requisitions/<int:pk>/status/",
        pipeline.requisition_transition,
        name="requisition_transition",
    ),
    path("requisitions/<int:pk>/report/", pipeline.requisition_report, name="requisition_report"),
    path("applications/<int:pk>/", applications.application_detail, name="application_detail"),
    path("applications/<int:pk>/move/", pipeline.application_move, name="application_move"),
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
    path("attachments/<int:pk>/", applications.attachment_download, name="attachment_download"),
    path("candidates/", candidates.candidate_list, name="candidate_list"),
    path("candidates/bulk/", candidates.candidate_bulk, name="candidate_bulk"),
    path("candidates/export.csv", candidates.candidate_export, name="candidate_export"),
]

from recruiting.views import hiring, skills_test  # noqa: E402

urlpatterns += [
    path(
        "applications/<int:pk>/interviews/new/",
        hiring.interview_schedule,
        name="interview_schedule",
    ),
    path("interviews/<int:pk>/", hiring.interview_kit, name="interview_kit"),
    path("interviews/<int:pk>/edit/", hiring.interview_edit, name="interview_edit"),
    path("interviews/<int:pk>/cancel/", hiring.interview_cancel, name="interview_cancel"),
    path("interviews/<int:pk>/scorecard/", hiring.scorecard_edit, name="scorecard_edit"),
    path("scorecards/<int:pk>/amend/", hiring.scorecard_amend, name="scorecard_amend"),
    path("applications/<int:pk>/offers/new/", hiring.offer_create, name="offer_create"),
    path("offers/<int:pk>/status/", hiring.offer_transition, name="offer_transition"),
    path("offers/<int:pk>/letter/", hiring.offer_letter, name="offer_letter"),
    path("requisitions/<int:pk>/ranking/", hiring.requisition_ranking, name="requisition_ranking"),
    path("calibration/", hiring.calibration, name="calibration"),
    path(
        "applications/<int:pk>/skills-test/",
        skills_test.skills_test_send,
        name="skills_test_send",
    ),
    path("skills-tests/<int:pk>/", skills_test.skills_test_result, name="skills_test_result"),
    path("skills-test/<str:token>/", skills_test.skills_test_take, name="skills_test_take"),
]
