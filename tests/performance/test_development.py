"""Development plans: agreed by the person and their manager, trainings through onboarding's
catalogue (the core seam), completion confirmed by the manager raising the level, reminders."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from backoffice.core.errors import DomainError
from backoffice.notifications.reminders import reminder_kind_get
from backoffice.people.models import RoleFamily
from onboarding.models import PlanItem
from onboarding.services.plans import item_complete
from performance.models import DevelopmentItem, Skill
from performance.selectors import skills as skill_selectors
from performance.services import development as services
from performance.services.skills import skill_assess
from tests.factories.onboarding import TrainingModuleFactory
from tests.factories.people import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def clerk():
    return EmployeeFactory(
        role_family=RoleFamily.objects.get(slug="data-entry-clerk"), manager=EmployeeFactory()
    )


def _due():
    return timezone.localdate() + datetime.timedelta(days=14)


def _level(clerk, skill):
    return next(r for r in skill_selectors.skill_rows(clerk) if r.skill == skill).assessed


def test_a_training_agreed_is_assigned_completed_in_onboarding_and_confirmed(clerk):
    skill = Skill.objects.get(slug="spreadsheets")
    skill_assess(employee=clerk, skill=skill, by=clerk.manager.user, level=1)
    module = TrainingModuleFactory(title="Spreadsheets: lookups and pivots")
    item = services.development_item_propose(
        employee=clerk,
        by=clerk.manager.user,
        skill=skill,
        kind="training",
        training_id=module.pk,
        due_on=_due(),
        raises_to=2,
    )
    assert item.title == "Spreadsheets: lookups and pivots"
    with pytest.raises(DomainError, match="You proposed it"):
        services.development_item_agree(item=item, by=clerk.manager.user)
    services.development_item_agree(item=item, by=clerk.user)
    assigned = PlanItem.objects.get(plan__employee=clerk, training=module)
    assert assigned.due_date == _due()
    with pytest.raises(DomainError, match="not done"):
        services.development_item_confirm(item=item, by=clerk.manager.user)
    item_complete(item=assigned, by=clerk.user)  # the person does the training in onboarding
    with pytest.raises(DomainError):
        services.development_item_confirm(item=item, by=clerk.user)  # not their own to confirm
    services.development_item_confirm(item=item, by=clerk.manager.user)
    item.refresh_from_db()
    assert item.status == "confirmed"
    assert _level(clerk, skill) == 2


def test_a_stretch_task_is_done_by_the_person_then_confirmed(clerk):
    skill = Skill.objects.get(slug="problem-solving")
    item = services.development_item_propose(
        employee=clerk,
        by=clerk.user,
        skill=skill,
        kind="stretch",
        title="Run the month-end error review",
        due_on=_due(),
        raises_to=3,
    )
    services.development_item_agree(item=item, by=clerk.manager.user)
    with pytest.raises(DomainError):
        services.development_item_complete(item=item, by=clerk.manager.user)
    services.development_item_complete(item=item, by=clerk.user)
    services.development_item_confirm(item=item, by=clerk.manager.user)
    assert _level(clerk, skill) == 3


def test_strangers_and_hr_do_not_propose_or_act(clerk, client_for):
    skill = Skill.objects.get(slug="teamwork")
    for user in (EmployeeFactory().user, EmployeeFactory(user__roles=["HR"]).user):
        with pytest.raises(DomainError):
            services.development_item_propose(
                employee=clerk, by=user, skill=skill, kind="stretch", title="x", due_on=_due()
            )
    item = services.development_item_propose(
        employee=clerk,
        by=clerk.user,
        skill=skill,
        kind="shadowing",
        title="Shadow Olivia",
        due_on=_due(),
    )
    hr = EmployeeFactory(user__roles=["HR"]).user
    url = reverse("performance:development_item_act", args=[item.pk])
    assert client_for(hr).post(url, {"action": "agree"}).status_code == 403
    assert client_for(EmployeeFactory().user).post(url, {"action": "agree"}).status_code == 404
    assert client_for(clerk.manager.user).post(url, {"action": "agree"}).status_code == 302
    item.refresh_from_db()
    assert item.status == "agreed"


def test_a_training_must_come_from_the_catalogue(clerk):
    with pytest.raises(DomainError, match="catalogue"):
        services.development_item_propose(
            employee=clerk,
            by=clerk.user,
            skill=Skill.objects.first(),
            kind="training",
            training_id=999999,
            due_on=_due(),
        )


def test_the_plan_page_lists_items_and_proposes(clerk, client_for):
    url = reverse("performance:development_plan", args=[clerk.pk])
    client = client_for(clerk.manager.user)
    response = client.post(
        url,
        {
            "skill": Skill.objects.get(slug="teamwork").pk,
            "kind": "shadowing",
            "title": "Shadow the team lead for a day",
            "due_on": _due().isoformat(),
        },
    )
    assert response.status_code == 302
    page = client_for(clerk.user).get(url)
    assert "Shadow the team lead for a day" in page.content.decode()
    assert client_for(EmployeeFactory().user).get(url).status_code == 404


def test_reminders_for_items_due_and_items_to_confirm(clerk):
    skill = Skill.objects.get(slug="teamwork")
    item = services.development_item_propose(
        employee=clerk,
        by=clerk.user,
        skill=skill,
        kind="stretch",
        title="Lead the stand-up",
        due_on=_due(),
    )
    services.development_item_agree(item=item, by=clerk.manager.user)
    due = reminder_kind_get("performance.development_item_due")
    now = datetime.datetime.combine(_due(), datetime.time(9), tzinfo=datetime.UTC)
    (reminder,) = list(due.collect(now))
    assert reminder.recipient_id == clerk.user_id
    assert list(due.collect(now - datetime.timedelta(days=10))) == []
    services.development_item_complete(item=item, by=clerk.user)
    (confirm,) = list(reminder_kind_get("performance.development_item_confirm").collect(now))
    assert confirm.recipient_id == clerk.manager.user_id
    assert DevelopmentItem.objects.get().status == "done"
