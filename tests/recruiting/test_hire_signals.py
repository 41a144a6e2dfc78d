"""At the hire, recruiting keeps its interview and test signals for the hiring signals report."""

import datetime

import pytest
from django.utils import timezone

from backoffice.people.models import Employee, HireSignal
from recruiting.models import Application, Scorecard, SkillsTest
from recruiting.models.scorecards import ScorecardRating, ScorecardTemplate
from recruiting.services import offers as offer_services
from recruiting.services.hire_signals import (
    RECOMMENDATION_NAME,
    TEST_ACCURACY_NAME,
    TEST_SPEED_NAME,
    hire_signals_record,
)
from tests.factories.people import EmployeeFactory, UserFactory
from tests.factories.recruiting import ApplicationFactory, InterviewFactory, OfferFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hired():
    application = ApplicationFactory(stage="hired")
    criteria = list(ScorecardTemplate.for_requisition(application.requisition).criteria.all())
    first, second = UserFactory(), UserFactory()
    interview = InterviewFactory(application=application, interviewers=[first, second])
    now = timezone.now()
    for interviewer, rating, recommendation in ((first, 4, "strong_yes"), (second, 2, "no")):
        scorecard = Scorecard.objects.create(
            interview=interview,
            application=application,
            interviewer=interviewer,
            recommendation=recommendation,
            submitted_at=now,
        )
        ScorecardRating.objects.bulk_create(
            ScorecardRating(scorecard=scorecard, criterion=criterion, rating=rating)
            for criterion in criteria
        )
    # A draft scorecard does not count.
    Scorecard.objects.create(
        interview=interview, application=application, interviewer=UserFactory()
    )
    SkillsTest.objects.create(
        application=application,
        code="HS0001",
        expires_at=now,
        started_at=now - datetime.timedelta(minutes=6),
        submitted_at=now,
        fields_total=50,
        fields_correct=45,
        records_complete=6,
    )
    return application, criteria, first, second


def test_signals_per_criterion_section_recommendation_and_test(hired):
    application, criteria, first, _second = hired
    employee = EmployeeFactory()
    written = hire_signals_record(employee=employee, application=application)
    rows = HireSignal.objects.filter(employee=employee)
    assert rows.count() == written
    overall = {(row.kind, row.name): row.value for row in rows if row.interviewer_id is None}
    assert overall[("criterion", criteria[0].name)] == 3.0
    assert overall[("section", "Skills section")] == 3.0
    assert overall[("section", "Culture fit and soft skills section")] == 3.0
    assert overall[("recommendation", RECOMMENDATION_NAME)] == 3.0  # strong yes 4, no 2
    assert overall[("test", TEST_ACCURACY_NAME)] == 90.0
    assert overall[("test", TEST_SPEED_NAME)] == 60.0
    mine = rows.filter(interviewer=first, kind="criterion")
    assert mine.count() == len(criteria)
    assert {row.value for row in mine} == {4.0}
    # Idempotent: a second call writes the same rows again, not twice as many.
    assert hire_signals_record(employee=employee, application=application) == written
    assert HireSignal.objects.filter(employee=employee).count() == written


def test_accepting_the_offer_records_them_with_the_hire(hired, hr_user):
    application, *_ = hired
    hiring_manager = application.requisition.hiring_manager
    Application.objects.filter(pk=application.pk).update(stage=Application.Stage.OFFER)  # noqa: write-path: fixture
    offer = OfferFactory(application=application)
    offer_services.offer_transition(offer=offer, to_status="approved", by=hr_user)
    offer_services.offer_transition(offer=offer, to_status="sent", by=hiring_manager)
    offer_services.offer_transition(offer=offer, to_status="accepted", by=hiring_manager)
    employee = Employee.objects.get(user__email=application.candidate.email)
    assert HireSignal.objects.filter(employee=employee, kind="recommendation").exists()
