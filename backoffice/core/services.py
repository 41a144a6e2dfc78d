from importlib import import_module

from django.conf import settings


def sessions_clear_expired() -> None:
    """Delete expired sessions, which Django never removes on its own."""
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()
