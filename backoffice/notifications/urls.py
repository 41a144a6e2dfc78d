from django.urls import path

from backoffice.notifications import views

app_name = "notifications"

urlpatterns = [
    path("reminders/", views.preferences, name="preferences"),
    path("reminders/all/", views.reminder_list, name="reminder_list"),
]
