from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm

from backoffice.celery import enqueue
from backoffice.people import sso


class QueuedPasswordResetForm(PasswordResetForm):
    """Django's reset form, whose email is queued for a task instead of sent in the request."""

    def send_mail(self, subject_template_name, email_template_name, context, *args, **kwargs):
        # Only the user's id goes to the queue; the task makes the token and the message
        # (backoffice.people.services.password_reset_email_send), with links from SITE_URL.
        from backoffice.people.tasks import password_reset_email_task

        enqueue(password_reset_email_task, context["user"].pk)


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset: the email goes out from a task, with links built from SITE_URL."""

    form_class = QueuedPasswordResetForm


class SignInView(auth_views.LoginView):
    """Django's sign-in, with a "Sign in with <provider>" button when single sign-on is on."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["sso_provider_name"] = sso.provider_name() if sso.sso_enabled() else ""
        return context
