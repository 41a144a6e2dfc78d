"""The people pages (under /people/): leavers, the exit questionnaire, the turnover report."""

from django.urls import path

from backoffice.people import views_leavers

app_name = "people"

urlpatterns = [
    path("leavers/", views_leavers.leaver_list, name="leavers"),
    path("leavers/new/", views_leavers.leaver_new, name="leaver_new"),
    path("leavers/<int:pk>/", views_leavers.leaver_detail, name="leaver"),
    path("leavers/<int:pk>/last-day/", views_leavers.leaver_last_day, name="leaver_last_day"),
    path("leavers/<int:pk>/cancel/", views_leavers.leaver_cancel, name="leaver_cancel"),
    path("exit/", views_leavers.exit_questionnaire, name="exit"),
    path("exit/<str:token>/", views_leavers.exit_questionnaire_link, name="exit_link"),
    path("turnover/", views_leavers.turnover_report, name="turnover"),
    path("turnover.csv", views_leavers.turnover_export, name="turnover_export"),
]
