"""Querysets compiled once per process (backoffice/core/compiled_once.py): the same instances
and the same access answers as the queryset built afresh, for every viewer sharing the SQL."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch
from django.http import Http404

from backoffice.core.compiled_once import CompiledOnce
from backoffice.people.models import User
from recruiting.models import Application
from recruiting.selectors.candidates import _application_for, application_get_for_user
from tests.factories.people import EmployeeFactory
from tests.factories.recruiting import ApplicationFactory, ApplicationInterviewerFactory

pytestmark = pytest.mark.django_db

FIELDS = ("pk", "stage", "candidate_id", "requisition_id", "owner_id", "rejection_reason_id")


def _answer(user, pk):
    try:
        application = application_get_for_user(user, pk)
    except Http404:
        return None
    return (
        *(getattr(application, field) for field in FIELDS),
        application.can_manage,
        application.candidate.name,
        application.requisition.title,
        application.requisition.hiring_manager_id,
    )


def _built_afresh(user, pk):
    application = next(iter(_application_for(user, pk)), None)
    if application is None:
        return None
    return (
        *(getattr(application, field) for field in FIELDS),
        application.can_manage,
        application.candidate.name,
        application.requisition.title,
        application.requisition.hiring_manager_id,
    )


def test_every_viewer_gets_what_the_queryset_built_afresh_gives(hr_user, hiring_manager):
    other_manager = EmployeeFactory(user__roles=["Hiring manager", "Interviewer"]).user
    interviewer = EmployeeFactory(user__roles=["Interviewer"]).user
    employee = EmployeeFactory().user
    mine = ApplicationFactory(requisition__hiring_manager=hiring_manager)
    theirs = ApplicationFactory(requisition__hiring_manager=other_manager)
    assigned = ApplicationInterviewerFactory(application=theirs, user=interviewer).application
    viewers = [hr_user, hiring_manager, other_manager, interviewer, employee]
    for _ in range(2):  # the second round from the compiled SQL
        for viewer in viewers:
            viewer = User.objects.get(pk=viewer.pk)  # a fresh request's user
            for application in (mine, theirs, assigned):
                assert _answer(viewer, application.pk) == _built_afresh(viewer, application.pk)
    # Same roles, other ids: the managers share the SQL and still see only their own.
    assert _answer(hiring_manager, mine.pk)[-4] is True
    assert _answer(other_manager, mine.pk) is None
    assert _answer(interviewer, assigned.pk)[-4] is False
    assert _answer(employee, mine.pk) is None
    with pytest.raises(Http404):
        application_get_for_user(AnonymousUser(), mine.pk)


def test_one_query_and_nothing_built_the_second_time(hr_user, django_assert_num_queries):
    application = ApplicationFactory()
    application_get_for_user(hr_user, application.pk)
    with django_assert_num_queries(1):
        assert application_get_for_user(hr_user, application.pk).pk == application.pk


def test_rows_come_as_a_list_that_no_clause_can_be_chained_onto():
    first, second = ApplicationFactory(), ApplicationFactory()
    compiled = CompiledOnce(Application, lambda *, pk: Application.objects.filter(pk__gte=pk))
    compiled(pk=first.pk)
    rows = compiled(pk=second.pk)
    assert isinstance(rows, list)
    assert [row.pk for row in rows] == [second.pk]


def test_what_cannot_be_compiled_once_is_built_each_time():
    application = ApplicationFactory()

    def empty(*, pk):
        return Application.objects.none().filter(pk=pk)

    def prefetching(*, pk):
        return Application.objects.filter(pk=pk).prefetch_related(Prefetch("events"))

    for build in (empty, prefetching):
        compiled = CompiledOnce(Application, build)
        first, second = list(compiled(pk=application.pk)), list(compiled(pk=application.pk))
        assert first == second == list(build(pk=application.pk))
        assert list(compiled._compiled.values()) == [None]


def test_the_compiled_sql_kept_is_bounded_and_each_key_still_answers(monkeypatch):
    """A key naming a day gains an entry a day: past MAX_COMPILED the kept SQL starts afresh."""
    from backoffice.core import compiled_once

    monkeypatch.setattr(compiled_once, "MAX_COMPILED", 3)
    applications = [ApplicationFactory(stage=stage) for stage in ("applied", "screening")]
    compiled = CompiledOnce(
        Application,
        lambda *, pk, stage: Application.objects.filter(pk__gte=pk, stage=stage).order_by("pk"),
    )
    for day in range(7):
        for application in applications:
            key = (day, application.stage)
            rows = compiled(key, {"stage": application.stage}, pk=applications[0].pk)
            assert [row.pk for row in rows] == [application.pk]
        assert len(compiled._compiled) <= 3
