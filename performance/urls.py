from django.urls import path

from performance.views import (
    development,
    feedback,
    goals,
    home,
    metrics,
    pulse,
    reviews,
    skills,
)

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
    path("skills/", skills.skills_framework, name="skills_framework"),
    path("people/<int:pk>/skills/", skills.employee_skills, name="employee_skills"),
    path(
        "people/<int:employee_pk>/development/",
        development.development_plan,
        name="development_plan",
    ),
    path(
        "development/items/<int:pk>/",
        development.development_item_act,
        name="development_item_act",
    ),
    path("team/skills/", skills.team_skills, name="team_skills"),
    path("pulse/", pulse.pulse_surveys, name="pulse_surveys"),
    path("pulse/new/", pulse.pulse_survey_new, name="pulse_survey_new"),
    path("pulse/<int:pk>/", pulse.pulse_results, name="pulse_results"),
    path("pulse/<int:pk>/export/", pulse.pulse_results_export, name="pulse_results_export"),
    path("pulse/comments/<uuid:pk>/hide/", pulse.pulse_comment_hide, name="pulse_comment_hide"),
    path("pulse/rounds/<int:round_pk>/answer/", pulse.pulse_answer, name="pulse_answer"),
    path("pulse/answer/<str:token>/", pulse.pulse_answer_link, name="pulse_answer_link"),
]
