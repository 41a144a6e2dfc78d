from django.urls import path

from recruiting import views

app_name = "recruiting"

urlpatterns = [
    path("", views.landing, name="landing"),
]
