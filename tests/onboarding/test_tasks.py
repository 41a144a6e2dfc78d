import pytest
from django.utils import timezone

from onboarding.tasks import plan_completed_notify_task, recertification_items_create_task
from tests.factories.onboarding import OnboardingPlanFactory
from tests.factories.people import EmployeeFactory

pytestmark = pytest.mark.django_db


def test_the_manager_gets_an_html_and_text_email(plan, manager, mailoutbox):
    plan.completed_at = timezone.now()
    plan.save()
    plan_completed_notify_task(plan.pk)
    message = mailoutbox[0]
    assert message.to == [manager.user.email]
    assert f"{plan.employee} has completed their onboarding" in message.subject
    html = message.alternatives[0][0]
    assert f"/onboarding/employees/{plan.employee_id}/" in html
    assert "HR can now move" in message.body


def test_no_manager_no_email(mailoutbox):
    plan = OnboardingPlanFactory(employee=EmployeeFactory(manager=None))
    plan_completed_notify_task(plan.pk)
    plan_completed_notify_task(999999)
    assert mailoutbox == []


def test_the_recertification_task_calls_the_service():
    assert recertification_items_create_task() == 0
