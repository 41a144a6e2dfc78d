"""The public careers page, mounted at /careers/ (no sign-in)."""

from django.urls import path

from recruiting.views import careers, withdraw

app_name = "careers"

urlpatterns = [
    path("", careers.careers_list, name="list"),
    path("<int:pk>/", careers.careers_detail, name="detail"),
    path("<int:pk>/applied/", careers.careers_applied, name="applied"),
    path("withdraw/<str:token>/", withdraw.application_withdraw, name="withdraw"),
]
