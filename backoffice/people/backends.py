"""Sign-in by email with Django's ModelBackend; the session user comes with their roles."""

from django.contrib.auth.backends import ModelBackend

from backoffice.people.models import User
from backoffice.people.sso import password_sign_in_refused


class ModelBackendWithRoles(ModelBackend):
    def get_user(self, user_id):
        # Every page asks for the user's roles: read them with the user, not in a second query.
        user = User.objects.with_role_names().filter(pk=user_id).first()
        if user is None or not self.user_can_authenticate(user):
            return None
        # A password session of an account that SSO_REQUIRED now sends to single sign-on ends
        # at its next request (single sign-on sessions are StaffOIDCBackend's).
        return None if password_sign_in_refused(user) else user
