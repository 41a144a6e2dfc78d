"""The public careers page, mounted at /careers/ (no sign-in)."""

from django.urls import path

from recruiting.views import candidate_portal, careers, feeds, withdraw

app_name = "careers"

urlpatterns = [
    path("", careers.careers_list, name="list"),
    path("jobs.rss", feeds.open_jobs_rss, name="feed_rss"),
    path("jobs.xml", feeds.open_jobs_xml, name="feed_xml"),
    path("<int:pk>/", careers.careers_detail, name="detail"),
    path("<int:pk>/applied/", careers.careers_applied, name="applied"),
    path("withdraw/<str:token>/", withdraw.application_withdraw, name="withdraw"),
    # The candidate's own signed links (from every email we send them).
    path("status/<str:token>/", candidate_portal.application_status, name="status"),
    path(
        "status/<str:token>/interviews/<int:pk>.ics",
        candidate_portal.application_interview_ics,
        name="status_interview_ics",
    ),
    path("offer/<str:token>/", candidate_portal.offer_answer, name="offer"),
    path(
        "offer/<str:token>/letter.pdf", candidate_portal.offer_pdf_for_candidate, name="offer_pdf"
    ),
]
