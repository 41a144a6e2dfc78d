import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from backoffice.people.models import Employee
from onboarding.models import ItemKind, ItemOwner, PlanItem, PolicyAcknowledgement
from tests.factories.onboarding import (
    OnboardingPlanFactory,
    PlanItemFactory,
    PolicyFactory,
    QuizQuestionFactory,
    TrainingModuleFactory,
)
from tests.factories.people import EmployeeFactory

pytestmark = pytest.mark.django_db
LANDING = reverse("onboarding:landing")


def _complete_url(item):
    return reverse("onboarding:item_complete", args=[item.pk])


# --- My onboarding ------------------------------------------------------------------------


def test_my_onboarding_shows_progress_weeks_and_overdue(client_for, plan):
    today = timezone.localdate()
    PlanItemFactory(plan=plan, title="Late thing", due_date=today - datetime.timedelta(days=2))
    PlanItemFactory(plan=plan, title="Done thing", done_at=timezone.now())
    PlanItemFactory(plan=plan, title="Later thing", due_date=today + datetime.timedelta(days=20))
    response = client_for(plan.employee.user).get(LANDING)
    html = response.content.decode()
    assert response.status_code == 200
    assert "1 of 3" in html
    assert "Late thing" in html
    assert "Later thing" in html
    assert "onboarding-overdue" in html
    assert "1 item overdue" in html
    assert html.index("Late thing") < html.index("Later thing")


def test_my_onboarding_without_a_plan_says_so(client_for, employee_user):
    response = client_for(employee_user).get(LANDING)
    assert "HR has not given you a checklist yet" in response.content.decode()


def test_ticking_a_task_with_htmx_returns_the_row_and_the_progress(client_for, plan):
    item = PlanItemFactory(plan=plan, title="Bring ID")
    PlanItemFactory(plan=plan)
    response = client_for(plan.employee.user).post(
        _complete_url(item), headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert f'id="item-{item.pk}"' in html
    assert 'id="onboarding-progress" hx-swap-oob="true"' in html
    assert "1 of 2" in html
    item.refresh_from_db()
    assert item.done_by == plan.employee.user


def test_ticking_a_task_without_javascript_redirects_back(client_for, plan):
    item = PlanItemFactory(plan=plan)
    response = client_for(plan.employee.user).post(_complete_url(item))
    assert response.status_code == 302
    assert response.headers["Location"] == LANDING
    item.refresh_from_db()
    assert item.done_at is not None


def test_nobody_can_tick_another_persons_item(client_for, plan, manager, employee_user):
    item = PlanItemFactory(plan=plan, owner=ItemOwner.NEW_HIRE)
    # A stranger cannot even see it; the manager sees it but does not own it.
    assert client_for(employee_user).post(_complete_url(item)).status_code == 404
    assert client_for(manager.user).post(_complete_url(item)).status_code == 403
    manager_item = PlanItemFactory(plan=plan, owner=ItemOwner.MANAGER)
    assert client_for(plan.employee.user).post(_complete_url(manager_item)).status_code == 403
    assert PlanItem.objects.filter(plan=plan, done_at__isnull=False).count() == 0


def test_completing_needs_post(client_for, plan):
    item = PlanItemFactory(plan=plan)
    assert client_for(plan.employee.user).get(_complete_url(item)).status_code == 405


# --- Policy, training and upload pages ----------------------------------------------------


def test_a_policy_page_shows_the_document_and_needs_the_tick(client_for, plan):
    policy = PolicyFactory(published=True)
    item = PlanItemFactory(plan=plan, kind=ItemKind.POLICY, policy=policy)
    client = client_for(plan.employee.user)
    page = client.get(reverse("onboarding:item", args=[item.pk])).content.decode()
    assert "<h2>Rules</h2>" in page
    assert "I have read and accept version 1" in page

    refused = client.post(_complete_url(item), {})
    assert refused.status_code == 400
    assert "to continue" in refused.content.decode()
    assert not PolicyAcknowledgement.objects.exists()

    accepted = client.post(_complete_url(item), {"accept": "on"}, REMOTE_ADDR="198.51.100.7")
    assert accepted.status_code == 302
    acknowledgement = PolicyAcknowledgement.objects.get()
    assert acknowledgement.ip_address == "198.51.100.7"


def test_a_training_page_runs_the_quiz(client_for, plan):
    module = TrainingModuleFactory(pass_mark_percent=100)
    question = QuizQuestionFactory(module=module, text="Which button saves?")
    item = PlanItemFactory(plan=plan, kind=ItemKind.TRAINING, training=module)
    client = client_for(plan.employee.user)
    assert (
        "Which button saves?"
        in client.get(reverse("onboarding:item", args=[item.pk])).content.decode()
    )
    wrong = question.choices.get(is_correct=False)
    failed = client.post(_complete_url(item), {f"question_{question.pk}": wrong.pk})
    html = failed.content.decode()
    # Not an error: the same page, the wrong question marked, never the right answer given.
    assert failed.status_code == 200
    assert "pass mark is 100%" in html
    assert "Not right: read that part of the training again" in html
    assert "is-invalid" in html
    assert "Right" in html
    assert html.count("checked") == 1  # their answer kept for the retry
    right = question.choices.get(is_correct=True)
    assert (
        client.post(_complete_url(item), {f"question_{question.pk}": right.pk}).status_code == 302
    )
    item.refresh_from_db()
    assert item.training_completion.quiz_score_percent == 100


def test_an_upload_is_validated_and_downloaded_only_by_those_who_may_see_it(
    client_for, plan, manager, employee_user
):
    item = PlanItemFactory(plan=plan, kind=ItemKind.UPLOAD)
    client = client_for(plan.employee.user)
    bad = SimpleUploadedFile("x.pdf", b"\x00\x01\x02 not a pdf")
    response = client.post(_complete_url(item), {"document": bad})
    assert response.status_code == 400
    assert (
        "is not a PDF, Word (.docx), OpenDocument (.odt) or plain-text file"
        in response.content.decode()
    )
    good = SimpleUploadedFile("contract.pdf", b"%PDF-1.4\n%%EOF\n")
    assert client.post(_complete_url(item), {"document": good}).status_code == 302

    url = reverse("onboarding:item_document", args=[item.pk])
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert "contract.pdf" in download.headers["Content-Disposition"]
    assert client_for(manager.user).get(url).status_code == 200
    assert client_for(employee_user).get(url).status_code == 404


def test_item_pages_of_other_people_are_not_found(client_for, plan, employee_user):
    item = PlanItemFactory(plan=plan)
    assert (
        client_for(employee_user).get(reverse("onboarding:item", args=[item.pk])).status_code == 404
    )


# --- Boards -------------------------------------------------------------------------------


def test_the_team_board_shows_a_managers_new_hires_only(client_for, plan, manager):
    PlanItemFactory(plan=plan, done_at=timezone.now())
    PlanItemFactory(plan=plan, due_date=timezone.localdate() - datetime.timedelta(days=1))
    stranger_plan = OnboardingPlanFactory()
    PlanItemFactory(plan=stranger_plan)
    html = client_for(manager.user).get(reverse("onboarding:team")).content.decode()
    assert str(plan.employee) in html
    assert "1 of 2" in html
    assert "1 overdue" in html
    assert "in 7 days" in html
    assert str(stranger_plan.employee) not in html


def test_hr_sees_every_plan_on_the_board(client_for, hr_user, plan):
    other = OnboardingPlanFactory()
    PlanItemFactory(plan=plan)
    PlanItemFactory(plan=other)
    html = client_for(hr_user).get(reverse("onboarding:team")).content.decode()
    assert str(plan.employee) in html
    assert str(other.employee) in html


def test_items_filter_by_owner_and_overdue(client_for, hr_user, plan):
    today = timezone.localdate()
    PlanItemFactory(
        plan=plan, title="Late IT", owner=ItemOwner.IT, due_date=today - datetime.timedelta(days=1)
    )
    PlanItemFactory(plan=plan, title="Future IT", owner=ItemOwner.IT)
    PlanItemFactory(plan=plan, title="Late hire", due_date=today - datetime.timedelta(days=1))
    client = client_for(hr_user)
    html = client.get(
        reverse("onboarding:items"), {"owner": "it", "status": "overdue"}
    ).content.decode()
    assert "Late IT" in html
    assert "Future IT" not in html
    assert "Late hire" not in html


def test_the_training_matrix_filters_by_department(client_for, hr_user):
    module = TrainingModuleFactory(title="Ticketing")
    finance = EmployeeFactory(department__name="Finance", user__first_name="Fiona")
    ops = EmployeeFactory(department__name="Operations", user__first_name="Otto")
    html = (
        client_for(hr_user)
        .get(reverse("onboarding:training_matrix"), {"department": finance.department_id})
        .content.decode()
    )
    assert module.title in html
    assert "Fiona" in html
    assert "Otto" not in html
    assert ops.pk


def test_the_audit_shows_who_did_what_and_hr_can_activate(client_for, hr_user, plan):
    item = PlanItemFactory(plan=plan, title="Bring ID")
    client_for(plan.employee.user).post(_complete_url(item))
    client = client_for(hr_user)
    html = client.get(reverse("onboarding:employee", args=[plan.employee_id])).content.decode()
    assert "Bring ID" in html
    assert f"by {plan.employee}" in html
    assert "Move to active" in html
    response = client.post(reverse("onboarding:employee_activate", args=[plan.employee_id]))
    assert response.status_code == 302
    plan.employee.refresh_from_db()
    assert plan.employee.status == Employee.Status.ACTIVE


def test_activation_is_refused_while_the_plan_is_open(client_for, hr_user, plan):
    PlanItemFactory(plan=plan)
    response = client_for(hr_user).post(
        reverse("onboarding:employee_activate", args=[plan.employee_id]), follow=True
    )
    assert "not complete yet" in response.content.decode()
    plan.employee.refresh_from_db()
    assert plan.employee.status == Employee.Status.PRE_START


def test_home_panels_show_my_next_items_and_my_team(client_for, plan, manager):
    PlanItemFactory(plan=plan, title="Bring your ID")
    new_hire_home = client_for(plan.employee.user).get(reverse("home")).content.decode()
    assert "Your onboarding" in new_hire_home
    assert "Bring your ID" in new_hire_home
    manager_home = client_for(manager.user).get(reverse("home")).content.decode()
    assert "Team onboarding" in manager_home
    assert str(plan.employee) in manager_home


def test_the_board_leaves_out_plans_that_are_not_onboardings(client_for, hr_user):
    from tests.factories.onboarding import OnboardingPlanFactory as Plans

    onboarding = Plans()
    staff_updates = Plans(templates_applied_at=None)
    html = client_for(hr_user).get(reverse("onboarding:team"), {"show": "all"}).content.decode()
    assert str(onboarding.employee) in html
    assert str(staff_updates.employee) not in html
