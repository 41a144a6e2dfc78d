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
