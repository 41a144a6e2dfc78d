from django.urls import path

from backoffice.notifications import views

app_name = "notifications"

urlpatterns = [
    path("reminders/", views.preferences, name="preferences"),
]
