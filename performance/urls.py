from django.urls import path

from performance.views import feedback, goals, home, metrics, reviews, signal_outcomes

app_name = "performance"

urlpatterns = [
    path("", home.landing, name="landing"),
    path("reviews/<int:pk>/", reviews.review_detail, name="review_detail"),
    path("reviews/<int:pk>/save/", reviews.review_save, name="review_save"),
    path("reviews/<int:pk>/acknowledge/", reviews.review_acknowledge, name="review_acknowledge"),
    path("reviews/<int:pk>/peers/", reviews.review_nominate_peers, name="review_nominate_peers"),
    path("reviews/<int:pk>/adjust/", reviews.review_adjust_rating, name="review_adjust_rating"),
    path("peer-feedback/<int:pk>/", reviews.peer_feedback, name="peer_feedback"),
    path("cycles/<int:pk>/calibration/", reviews.calibration, name="calibration"),
    path("people/<int:pk>/metrics/", metrics.employee_metrics, name="employee_metrics"),
    path("team/metrics/", metrics.team_metrics, name="team_metrics"),
    path("measurements/new/", metrics.measurement_new, name="measurement_new"),
    path("measurements/import/", metrics.measurement_import, name="measurement_import"),
    path("people/<int:employee_pk>/goals/new/", goals.goal_new, name="goal_new"),
    path("goals/<int:pk>/", goals.goal_detail, name="goal_detail"),
    path("goals/<int:pk>/decide/", goals.goal_decide, name="goal_decide"),
    path("goals/<int:pk>/update/", goals.goal_update, name="goal_update"),
    path("goals/<int:pk>/comment/", goals.goal_comment, name="goal_comment"),
    path("check-ins/<int:pk>/", goals.check_in_detail, name="check_in"),
    path("feedback/", feedback.feedback, name="feedback"),
    path("people/<int:employee_pk>/one-on-ones/", feedback.one_on_ones, name="one_on_ones"),
    path("reports/", feedback.reports, name="reports"),
    path("reports/hiring-signals/", signal_outcomes.hiring_signals, name="hiring_signals"),
]
