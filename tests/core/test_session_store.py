"""Database sessions read with SQL written once (backoffice/people/session_store.py): the same
rows as Django's own store, so sessions still expire and end."""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from backoffice.people.session_store import SessionStore

pytestmark = pytest.mark.django_db


def test_a_saved_session_reads_back_as_djangos_store_reads_it():
    store = SessionStore()
    store["answer"] = 42
    store.save()
    assert SessionStore(store.session_key).load() == {"answer": 42}
    assert DjangoStore(store.session_key).load() == SessionStore(store.session_key).load()


def test_an_expired_deleted_or_unknown_session_is_empty_and_forgotten():
    store = SessionStore()
    store["answer"] = 42
    store.save()
    key = store.session_key
    Session.objects.filter(pk=key).update(expire_date=timezone.now() - datetime.timedelta(1))
    for session_key in (key, "x" * 32, None):
        reading = SessionStore(session_key)
        assert reading.load() == {}
        assert reading.session_key is None
    Session.objects.filter(pk=key).delete()
    assert SessionStore(key).load() == {}


def test_signed_in_pages_read_the_session_in_one_query(
    client_for, hr_user, django_assert_num_queries
):
    assert settings.SESSION_ENGINE == "backoffice.people.session_store"  # the default
    client = client_for(hr_user)
    client.get(reverse("password_change"))
    with django_assert_num_queries(2):  # the session, then the user with their roles
        assert client.get(reverse("password_change")).status_code == 200


def test_a_session_ended_in_the_database_signs_out(client_for, hr_user):
    client = client_for(hr_user)
    assert client.get(reverse("password_change")).status_code == 200
    Session.objects.all().delete()
    assert client.get(reverse("password_change")).status_code == 302
