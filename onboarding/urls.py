from django.urls import path

from onboarding import views
from onboarding.views import policies as views_policies

app_name = "onboarding"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("items/", views.items_list, name="items"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/complete/", views.item_complete, name="item_complete"),
    path("items/<int:pk>/document/", views.item_document, name="item_document"),
    path("training-files/<int:pk>/", views.training_attachment, name="training_attachment"),
    path("policies/", views_policies.policies, name="policies"),
    path("policies/<int:pk>/", views_policies.policy_detail, name="policy"),
    path(
        "policies/<int:pk>/new-version/", views_policies.policy_draft_new, name="policy_draft_new"
    ),
    path("policies/versions/<int:pk>/", views_policies.policy_version, name="policy_version"),
    path("policies/versions/<int:pk>/edit/", views_policies.policy_draft, name="policy_draft"),
    path(
        "policies/versions/<int:pk>/preview/",
        views_policies.policy_draft_preview,
        name="policy_preview",
    ),
    path(
        "policies/versions/<int:pk>/publish/",
        views_policies.policy_draft_publish,
        name="policy_publish",
    ),
    path(
        "policies/versions/<int:pk>/delete/",
        views_policies.policy_draft_delete,
        name="policy_draft_delete",
    ),
    path("policies/versions/<int:pk>/pdf/", views.policy_pdf, name="policy_pdf"),
    path("team/", views.team_board, name="team"),
    path("training-matrix/", views.training_matrix, name="training_matrix"),
    path("employees/<int:pk>/", views.employee_audit, name="employee"),
    path("employees/<int:pk>/activate/", views.employee_activate, name="employee_activate"),
]
