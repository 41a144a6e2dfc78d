import pytest
from django.core import mail
from django.db import transaction

from backoffice.notifications.models import OutboxMessage
from onboarding import services
from onboarding.tasks import recertification_items_create_task
from tests.factories.onboarding import OnboardingPlanFactory, PlanItemFactory
from tests.factories.people import EmployeeFactory

pytestmark = pytest.mark.django_db


def test_the_manager_gets_an_html_and_text_email(plan, manager, django_capture_on_commit_callbacks):
    item = PlanItemFactory(plan=plan)
    with django_capture_on_commit_callbacks(execute=True):
        services.item_complete(item=item, by=plan.employee.user)
    [message] = mail.outbox
    assert message.to == [manager.user.email]
    assert f"{plan.employee} has completed their onboarding" in message.subject
    html = message.alternatives[0][0]
    assert f"/onboarding/employees/{plan.employee_id}/" in html
    assert "HR can now move" in message.body


def test_the_notice_is_written_with_the_completion_once_per_plan(plan, manager):
    item = PlanItemFactory(plan=plan)
    written = []

    def complete_then_fail():
        with transaction.atomic():
            services.item_complete(item=item, by=plan.employee.user)
            written.extend(OutboxMessage.objects.values_list("key", flat=True))
            raise RuntimeError("the change fails after the email was written")

    with pytest.raises(RuntimeError):
        complete_then_fail()
    assert written == [f"onboarding.plan_completed:{plan.pk}"]
    assert not OutboxMessage.objects.exists()  # rolled back with the completion

    services.item_complete(item=item, by=plan.employee.user)
    [row] = OutboxMessage.objects.all()
    assert row.key == f"onboarding.plan_completed:{plan.pk}"
    assert row.to == [manager.user.email]


def test_no_manager_no_email(django_capture_on_commit_callbacks):
    plan = OnboardingPlanFactory(employee=EmployeeFactory(manager=None))
    item = PlanItemFactory(plan=plan)
    with django_capture_on_commit_callbacks(execute=True):
        services.item_complete(item=item, by=plan.employee.user)
    plan.refresh_from_db()
    assert plan.completed_at is not None
    assert not OutboxMessage.objects.exists()
    assert mail.outbox == []


def test_the_recertification_task_calls_the_service():
    assert recertification_items_create_task() == 0
