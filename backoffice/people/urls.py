from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from backoffice.people import sso
from backoffice.people.forms import EmailAuthenticationForm
from backoffice.people.views import PasswordResetView, SignInView

urlpatterns = [
    path(
        "login/",
        SignInView.as_view(
            authentication_form=EmailAuthenticationForm, redirect_authenticated_user=True
        ),
        name="login",
    ),
    # Single sign-on (OpenID Connect): to the provider, and back from it. 404 when not set up.
    path("oidc/authenticate/", sso.sign_in_with_provider, name="oidc_authentication_init"),
    path("oidc/callback/", sso.provider_callback, name="oidc_authentication_callback"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "password/change/",
        auth_views.PasswordChangeView.as_view(success_url=reverse_lazy("password_change_done")),
        name="password_change",
    ),
    path(
        "password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
