"""The hire's seam: `employee_hired` is a durable outbox event, written with the hire.

Onboarding (the plan) and performance (the probation check-ins) each handle it on their own
row: one handler failing neither breaks the candidate's answer nor loses its work, which is
retried, and the other handler's work is not done twice.
"""

from __future__ import annotations

import datetime
import logging

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from backoffice.notifications.models import EventStatus, OutboxEvent
from backoffice.notifications.services.outbox import outbox_sweep
from backoffice.people.models import Employee
from onboarding import receivers as onboarding_receivers
from onboarding.models import OnboardingPlan
from performance import receivers as performance_receivers
from performance.models import ProbationCheckIn
from recruiting.models import Application
from recruiting.services import candidate_links
from recruiting.services import offers as offer_services
from tests.factories.recruiting import ApplicationFactory, OfferFactory

pytestmark = pytest.mark.django_db

PLAN, CHECK_INS = "onboarding.plan_on_hire", "performance.probation_check_ins"
WEBHOOKS = "webhooks.deliveries"  # tells other systems (backoffice/webhooks)
REPORTS = "reports.refresh"  # the company-wide reports computed afresh (in the background)


@pytest.fixture
def sent_offer(requisition, hr_user, hiring_manager):
    application = ApplicationFactory(
        requisition=requisition,
        stage=Application.Stage.OFFER,
        candidate__name="Olga Berg",
        candidate__email="olga@example.net",
    )
    offer = OfferFactory(application=application)
    offer_services.offer_transition(offer=offer, to_status="approved", by=hr_user)
    return offer_services.offer_transition(offer=offer, to_status="sent", by=hiring_manager)


@pytest.fixture
def handler_calls(monkeypatch):
    """Counts each handler's work; onboarding's fails on its first run."""
    calls = {PLAN: 0, CHECK_INS: 0}
    plan_create = onboarding_receivers.plan_create_for_employee
    check_ins_create = performance_receivers.probation_check_ins_create

    def plan_failing_once(*, employee):
        calls[PLAN] += 1
        result = plan_create(employee=employee)
        if calls[PLAN] == 1:
            raise RuntimeError("the checklist service blinked")  # after writing: rolled back
        return result

    def check_ins_counted(*, employee):
        calls[CHECK_INS] += 1
        return check_ins_create(employee=employee)

    monkeypatch.setattr(onboarding_receivers, "plan_create_for_employee", plan_failing_once)
    monkeypatch.setattr(performance_receivers, "probation_check_ins_create", check_ins_counted)
    return calls


def test_the_hire_writes_the_event_for_each_handler_in_its_transaction(sent_offer, hiring_manager):
    offer = offer_services.offer_transition(
        offer=sent_offer, to_status="accepted", by=hiring_manager
    )
    # Not run yet (no commit in this test): written with the hire, one row per handler.
    rows = OutboxEvent.objects.filter(key=f"people.employee_hired:{offer.employee_id}")
    assert sorted(rows.values_list("handler", flat=True)) == [PLAN, CHECK_INS, REPORTS, WEBHOOKS]
    assert {row.payload["application_id"] for row in rows} == {offer.application_id}
    assert {row.status for row in rows} == {EventStatus.PENDING}


def test_a_failing_handler_neither_breaks_the_hire_nor_loses_its_work(
    client, sent_offer, handler_calls, caplog, django_capture_on_commit_callbacks
):
    path = reverse("careers:offer", args=[candidate_links.offer_token(sent_offer)])
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            path, {"action": "accept", "typed_name": "Olga Berg", "accept": "yes"}
        )
    assert response.status_code == 302  # the candidate's answer is taken
    assert "You accepted this offer" in client.get(path).content.decode()
    employee = Employee.objects.get(user__email="olga@example.net")
    rows = {row.handler: row for row in OutboxEvent.objects.filter(name="employee_hired")}
    assert rows[PLAN].status == EventStatus.PENDING
    assert rows[PLAN].attempts == 1
    assert "the checklist service blinked" in rows[PLAN].last_error
    assert rows[PLAN].next_attempt_at > timezone.now()
    assert f"employee_hired → {PLAN} failed" in caplog.text  # logged, with the retry time
    assert not OnboardingPlan.objects.filter(employee=employee).exists()  # its writes undone
    assert rows[CHECK_INS].status == EventStatus.DONE
    assert ProbationCheckIn.objects.filter(employee=employee).count() == 3

    outbox_sweep()  # the retry is not due yet
    assert handler_calls == {PLAN: 1, CHECK_INS: 1}

    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=10), tick=False):
        outbox_sweep()  # beat's sweep runs the due retry
    assert OnboardingPlan.objects.filter(employee=employee).count() == 1
    assert ProbationCheckIn.objects.filter(employee=employee).count() == 3
    assert handler_calls == {PLAN: 2, CHECK_INS: 1}  # the check-ins were not made again
    statuses = dict(
        OutboxEvent.objects.filter(name="employee_hired").values_list("handler", "status")
    )
    assert statuses == dict.fromkeys([PLAN, CHECK_INS, REPORTS, WEBHOOKS], EventStatus.DONE)
