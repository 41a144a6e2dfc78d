"""`late_joined` (backoffice/core/late_join.py): a page sorted, counted and cut before its
related rows are joined gives the same instances as the queryset run as Django writes it."""

import random

import pytest
from django.db import connection
from django.db.models import Count, Window
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from backoffice.core.late_join import late_joined
from recruiting.filters import CandidateListFilter
from recruiting.models import Application, Tag
from recruiting.selectors.candidates import candidate_list_page_queryset
from tests.factories.recruiting import (
    ApplicationFactory,
    CandidateFactory,
    RejectionReasonFactory,
    RequisitionFactory,
)
from tests.recruiting.test_resume_text import _read

pytestmark = pytest.mark.django_db


def _shown(application) -> tuple:
    reason = application.rejection_reason
    return (
        application.pk,
        application.stage,
        round(getattr(application, "search_rank", 0.0), 6),
        getattr(application, "resume_snippet", None),
        application.listed_total,
        application.candidate.name,
        application.candidate.email,
        application.requisition.title,
        reason.name if reason else None,
        [tag.name for tag in application.candidate.tag_list],
    )


@pytest.fixture
def applicants():
    rng = random.Random(5)
    requisitions = [RequisitionFactory(title=f"Clerk {n}") for n in range(3)]
    reason = RejectionReasonFactory(name="Went elsewhere")
    tags = [Tag.objects.create(name=name) for name in ("Bilingual", "Night shift")]
    for n in range(40):
        candidate = CandidateFactory(
            name=f"{rng.choice(['Ada', 'Bo', 'Cy'])} {rng.choice(['Jansen', 'Jans', 'Moss'])}",
            skills=rng.choice(["Excel", "Sage", "Excel, SAP"]),
        )
        candidate.tags.set(rng.sample(tags, rng.randint(0, 2)))
        stage = rng.choice([Application.Stage.APPLIED, Application.Stage.REJECTED])
        application = ApplicationFactory(
            candidate=candidate,
            requisition=rng.choice(requisitions),
            stage=stage,
            rejection_reason=reason if stage == Application.Stage.REJECTED else None,
        )
        if n % 7 == 0:
            _read(application, "Ten years of Jansen-style bookkeeping in Excel")


@pytest.mark.parametrize(
    "query", ["q=jansen", "q=excel", "q=jans&stage=rejected", "q=ada+jansen", "q=bookkeeping"]
)
def test_each_page_is_what_the_queryset_gives(applicants, hr_user, query):
    listed = CandidateListFilter(
        QueryDict(query), queryset=candidate_list_page_queryset(hr_user), user=hr_user
    ).qs
    counted = listed.annotate(listed_total=Window(Count("pk")))
    for start in (0, 7, 14, 35):
        expected = [_shown(a) for a in counted[start : start + 7]]
        with CaptureQueriesContext(connection) as captured:
            got = [_shown(a) for a in late_joined(counted, start, start + 7)]
        assert got == expected
        if connection.vendor == "postgresql" and expected:
            assert " FROM (SELECT " in captured[0]["sql"]  # joined after the sort and cut


def test_what_cannot_be_joined_late_runs_as_written(applicants, hr_user):
    """Sorted by a joined table's column or one the page does not load, or filtered through a
    to-many join: run as written."""
    base = candidate_list_page_queryset(hr_user).annotate(listed_total=Window(Count("pk")))
    by_name = base.order_by("candidate__name", "pk")
    by_unloaded_column = base.order_by("cover_letter", "-pk")  # not among the page's columns
    tagged = base.filter(candidate__tags__name__in=["Bilingual", "Night shift"]).order_by("-pk")
    for queryset in (by_name, by_unloaded_column, tagged):
        with CaptureQueriesContext(connection) as captured:
            got = [_shown(a) for a in late_joined(queryset, 3, 12)]
        assert got == [_shown(a) for a in queryset[3:12]]
        assert " FROM (SELECT " not in captured[0]["sql"]
