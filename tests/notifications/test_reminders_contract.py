import datetime

import pytest
from django.urls import NoReverseMatch, reverse

from backoffice.notifications.reminders import (
    DueItem,
    path_for_pk,
    reminder_kind,
    reminder_kind_get,
    reminder_kinds,
)


def test_a_registered_kind_is_found_with_its_collector():
    # tests/notifications/conftest.py removes "tests.sample" from the registry afterwards.
    @reminder_kind(key="tests.sample", label="Sample", required=True)
    def sample(now):
        yield DueItem(
            recipient_id=1,
            kind="tests.sample",
            subject="tests.thing:1",
            period=now.date().isoformat(),
            title="Do the thing",
            path="/thing/1/",
        )

    kind = reminder_kind_get("tests.sample")
    assert kind in reminder_kinds()
    assert kind.required
    items = list(kind.collect(datetime.datetime(2026, 11, 25, 9, tzinfo=datetime.UTC)))
    assert items[0].period == "2026-11-25"


def test_kinds_registered_by_another_test_are_gone():
    assert all(not kind.key.startswith("tests.") for kind in reminder_kinds())


def test_path_for_pk_gives_what_reverse_gives():
    path = path_for_pk("onboarding:item")
    for pk in (1, 42, 987_654_321):
        assert path(pk) == reverse("onboarding:item", args=[pk])


def test_path_for_pk_refuses_a_url_without_one_integer():
    with pytest.raises(NoReverseMatch):
        path_for_pk("notifications:preferences")
