from django.urls import path

from onboarding import views

app_name = "onboarding"

urlpatterns = [
    path("", views.landing, name="landing"),
    path("items/", views.items_list, name="items"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/complete/", views.item_complete, name="item_complete"),
    path("items/<int:pk>/document/", views.item_document, name="item_document"),
    path("policies/versions/<int:pk>/pdf/", views.policy_pdf, name="policy_pdf"),
    path("team/", views.team_board, name="team"),
    path("training-matrix/", views.training_matrix, name="training_matrix"),
    path("employees/<int:pk>/", views.employee_audit, name="employee"),
    path("employees/<int:pk>/activate/", views.employee_activate, name="employee_activate"),
]
