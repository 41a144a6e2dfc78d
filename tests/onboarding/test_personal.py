"""Acknowledgements are personal, IT's items are IT's, and downloads carry safe headers."""

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from backoffice.core.errors import DomainError
from backoffice.notifications.reminders import reminder_kind_get
from backoffice.people.roles import Role
from backoffice.people.services import roles_sync
from onboarding import services
from onboarding.models import (
    ItemKind,
    ItemOwner,
    PlanItemEvent,
    PolicyAcknowledgement,
    QuizAttempt,
    TrainingCompletion,
)
from onboarding.reminders import ITEM_DUE_KIND
from tests.factories.onboarding import (
    PlanItemFactory,
    PolicyFactory,
    QuizQuestionFactory,
    TrainingModuleFactory,
)
from tests.factories.people import EmployeeFactory

pytestmark = pytest.mark.django_db


def _complete_url(item):
    return reverse("onboarding:item_complete", args=[item.pk])


@pytest.fixture
def policy_item(plan):
    return PlanItemFactory(
        plan=plan, kind=ItemKind.POLICY, policy=PolicyFactory(published=True), title="Code"
    )


@pytest.fixture
def quiz_item(plan):
    module = TrainingModuleFactory(pass_mark_percent=100)
    question = QuizQuestionFactory(module=module)
    item = PlanItemFactory(plan=plan, kind=ItemKind.TRAINING, training=module)
    return item, question


@pytest.fixture
def it_user(db):
    return EmployeeFactory(user__roles=[Role.IT], job_title="IT support").user


# --- Only the employee accepts or passes ---------------------------------------------------


def test_hr_posting_an_acceptance_for_an_employee_is_refused(client_for, hr_user, policy_item):
    response = client_for(hr_user).post(_complete_url(policy_item), {"accept": "on"})
    assert response.status_code == 403
    assert not PolicyAcknowledgement.objects.exists()
    policy_item.refresh_from_db()
    assert policy_item.done_at is None


def test_the_service_refuses_hr_and_a_superuser_accepting_for_someone(
    hr_user, admin_user, policy_item
):
    for someone_else in (hr_user, admin_user):
        with pytest.raises(PermissionDenied, match="nobody can do it on their behalf"):
            services.item_complete(item=policy_item, by=someone_else, accept_version=1)
    assert not PolicyAcknowledgement.objects.exists()


def test_the_manager_cannot_accept_for_their_report(client_for, manager, policy_item):
    response = client_for(manager.user).post(_complete_url(policy_item), {"accept": "on"})
    assert response.status_code == 403
    assert not PolicyAcknowledgement.objects.exists()


def test_hr_cannot_take_the_quiz_for_an_employee(client_for, hr_user, quiz_item):
    item, question = quiz_item
    right = question.choices.get(is_correct=True)
    response = client_for(hr_user).post(_complete_url(item), {f"question_{question.pk}": right.pk})
    assert response.status_code == 403
    assert not TrainingCompletion.objects.exists()
    assert not QuizAttempt.objects.exists()


def test_the_employee_accepts_for_themselves(client_for, plan, policy_item):
    response = client_for(plan.employee.user).post(_complete_url(policy_item), {"accept": "on"})
    assert response.status_code == 302
    acknowledgement = PolicyAcknowledgement.objects.get()
    assert acknowledgement.employee == plan.employee


def test_hr_marking_done_never_covers_a_policy_or_a_quiz(hr_user, policy_item, quiz_item):
    for item in (policy_item, quiz_item[0]):
        with pytest.raises(DomainError, match="only they can"):
            services.item_mark_done(item=item, by=hr_user, reason="signed on paper")
        item.refresh_from_db()
        assert item.done_at is None


def test_hr_marking_a_task_done_records_who_and_why(hr_user, plan):
    item = PlanItemFactory(plan=plan, kind=ItemKind.TASK)
    services.item_mark_done(item=item, by=hr_user, reason="done at the desk")
    item.refresh_from_db()
    assert item.done_by == hr_user
    event = item.events.get(action=PlanItemEvent.Action.MARKED_DONE)
    assert (event.by, event.note) == (hr_user, "done at the desk")


def test_hr_ticking_a_new_hires_task_is_recorded_as_on_their_behalf(client_for, hr_user, plan):
    item = PlanItemFactory(plan=plan, kind=ItemKind.TASK, title="Bring ID")
    assert client_for(hr_user).post(_complete_url(item)).status_code == 302
    event = item.events.get(action=PlanItemEvent.Action.MARKED_DONE)
    assert event.by == hr_user
    assert event.note == f"On behalf of {plan.employee}"


def test_the_admin_action_refuses_a_policy_and_marks_the_rest(client, hr_user, plan, policy_item):
    client.force_login(hr_user)
    task = PlanItemFactory(plan=plan, kind=ItemKind.TASK)
    response = client.post(
        reverse("admin:onboarding_planitem_changelist"),
        {
            "action": "mark_done",
            "_selected_action": [policy_item.pk, task.pk],
            "apply": "1",
            "reason": "paper",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "only they can accept a policy" in html
    task.refresh_from_db()
    policy_item.refresh_from_db()
    assert task.done_at is not None
    assert policy_item.done_at is None


# --- IT ------------------------------------------------------------------------------------


def test_roles_sync_creates_the_it_group():
    roles_sync()
    assert Group.objects.filter(name="IT").exists()


def test_it_items_are_done_by_it_not_hr(client_for, hr_user, it_user, plan):
    item = PlanItemFactory(plan=plan, owner=ItemOwner.IT, title="Laptop")
    assert client_for(hr_user).post(_complete_url(item)).status_code == 403
    with pytest.raises(PermissionDenied, match="member of IT"):
        services.item_complete(item=item, by=hr_user)
    response = client_for(it_user).post(_complete_url(item))
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.done_by == it_user
    assert item.events.get().action == PlanItemEvent.Action.DONE


def test_it_sees_its_items_and_nothing_else_of_the_plan(client_for, it_user, plan):
    laptop = PlanItemFactory(plan=plan, owner=ItemOwner.IT, title="Set up the laptop")
    own = PlanItemFactory(plan=plan, title="Bring your passport")
    client = client_for(it_user)
    html = client.get(reverse("onboarding:items"), {"status": "open"}).content.decode()
    assert "Set up the laptop" in html
    assert "Bring your passport" not in html
    assert client.get(reverse("onboarding:item", args=[laptop.pk])).status_code == 200
    assert client.get(reverse("onboarding:item", args=[own.pk])).status_code == 404
    assert client.get(reverse("onboarding:employee", args=[plan.employee_id])).status_code == 404
    assert "IT's items to prepare" in client.get(reverse("onboarding:landing")).content.decode()


def test_reminders_of_it_items_go_to_it(hr_user, it_user, plan):
    item = PlanItemFactory(plan=plan, owner=ItemOwner.IT, due_date=timezone.localdate())
    due = list(reminder_kind_get(ITEM_DUE_KIND).collect(timezone.now()))
    recipients = {r.recipient_id for r in due if r.subject.endswith(f":{item.pk}")}
    assert recipients == {it_user.pk}


# --- Downloads -----------------------------------------------------------------------------


def _assert_download_headers(response):
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Cache-Control"] == "private, no-store"


def test_an_uploaded_document_downloads_with_safe_headers(client_for, plan):
    item = PlanItemFactory(plan=plan, kind=ItemKind.UPLOAD)
    item.upload.save("x", SimpleUploadedFile("id.pdf", b"%PDF-1.4 hello"), save=False)
    item.upload_name, item.upload_content_type = "id.pdf", "application/pdf"
    item.save()
    response = client_for(plan.employee.user).get(
        reverse("onboarding:item_document", args=[item.pk])
    )
    _assert_download_headers(response)


def test_a_policy_pdf_downloads_with_safe_headers(client_for, plan):
    policy = PolicyFactory(published=True)
    version = policy.current_version
    version.pdf.save("p.pdf", SimpleUploadedFile("p.pdf", b"%PDF-1.4 policy"), save=False)
    type(version).objects.filter(pk=version.pk).update(pdf=version.pdf.name)
    response = client_for(plan.employee.user).get(
        reverse("onboarding:policy_pdf", args=[version.pk])
    )
    _assert_download_headers(response)
