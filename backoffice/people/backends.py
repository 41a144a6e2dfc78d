"""Sign-in by email with Django's ModelBackend; the session user comes with their roles."""

from django.contrib.auth.backends import ModelBackend

from backoffice.people.models import User


class ModelBackendWithRoles(ModelBackend):
    def get_user(self, user_id):
        # Every page asks for the user's roles: read them with the user, not in a second query.
        user = User.objects.with_role_names().filter(pk=user_id).first()
        return user if self.user_can_authenticate(user) else None
