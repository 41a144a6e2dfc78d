"""A training agreed in a development plan says so wherever it appears in onboarding's lists
(the person's checklist, My work, the item, HR's items list and the training matrix), instead
of passing for an onboarding item."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from backoffice.people.models import Employee, RoleFamily
from onboarding.models import PlanItem, TrainingCompletion
from performance.models import Skill
from performance.services import development as services
from tests.factories.onboarding import PlanItemFactory, TrainingModuleFactory
from tests.factories.people import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db

ORIGIN = "Development plan: Spreadsheets"


@pytest.fixture
def assigned():
    clerk = EmployeeFactory(
        role_family=RoleFamily.objects.get(slug="data-entry-clerk"),
        manager=EmployeeFactory(),
        status=Employee.Status.ACTIVE,
    )
    module = TrainingModuleFactory(title="Pivot tables in practice")
    item = services.development_item_propose(
        employee=clerk,
        by=clerk.manager.user,
        skill=Skill.objects.get(slug="spreadsheets"),
        kind="training",
        training_id=module.pk,
        due_on=timezone.localdate() + datetime.timedelta(days=14),
        raises_to=2,
    )
    services.development_item_agree(item=item, by=clerk.user)
    return PlanItem.objects.select_related("plan__employee__user").get(
        plan__employee=clerk, training=module
    )


def test_the_assigned_item_records_its_origin(assigned):
    assert assigned.origin == PlanItem.Origin.DEVELOPMENT
    assert assigned.origin_label == ORIGIN
    assert assigned.events.get().note == ORIGIN


def test_the_person_sees_where_it_came_from(client_for, assigned):
    client = client_for(assigned.plan.employee.user)
    for url in (
        reverse("onboarding:landing"),
        reverse("home"),
        reverse("onboarding:item", args=[assigned.pk]),
    ):
        page = client.get(url)
        assert page.status_code == 200, url
        assert ORIGIN in page.content.decode(), url
    assert "Your development trainings" in client.get(reverse("home")).content.decode()


def test_hr_sees_it_in_the_items_list_and_the_training_matrix(client_for, hr_user, assigned):
    client = client_for(hr_user)
    employee = assigned.plan.employee
    items = client.get(reverse("onboarding:items"))
    assert ORIGIN in items.content.decode()
    matrix = client.get(
        reverse("onboarding:training_matrix") + f"?department={employee.department_id}"
    )
    assert matrix.status_code == 200
    assert ORIGIN in matrix.content.decode()


def test_an_onboarding_item_carries_no_development_label(client_for):
    item = PlanItemFactory(title="Set up your desk")
    assert item.origin_label == ""
    client = client_for(item.plan.employee.user)
    page = client.get(reverse("onboarding:landing")).content.decode()
    assert "Set up your desk" in page
    assert "Development plan" not in page
    assert "Your onboarding" in client.get(reverse("home")).content.decode()


def test_a_training_already_on_the_list_takes_the_development_label(client_for):
    clerk = EmployeeFactory(
        role_family=RoleFamily.objects.get(slug="data-entry-clerk"),
        manager=EmployeeFactory(),
        status=Employee.Status.ACTIVE,
    )
    module = TrainingModuleFactory(title="Pivot tables in practice")
    retake = PlanItemFactory(
        plan__employee=clerk,
        kind="training",
        training=module,
        title="Retake: Pivot tables in practice",
        origin=PlanItem.Origin.RECERTIFICATION,
    )
    item = services.development_item_propose(
        employee=clerk,
        by=clerk.manager.user,
        skill=Skill.objects.get(slug="spreadsheets"),
        kind="training",
        training_id=module.pk,
        due_on=timezone.localdate() + datetime.timedelta(days=14),
        raises_to=2,
    )
    services.development_item_agree(item=item, by=clerk.user)
    assert PlanItem.objects.filter(plan__employee=clerk, training=module).count() == 1
    retake.refresh_from_db()
    assert retake.origin == PlanItem.Origin.RECERTIFICATION
    assert retake.origin_label == ORIGIN
    page = client_for(clerk.user).get(reverse("onboarding:landing")).content.decode()
    assert ORIGIN in page
    assert "Recertification" in page
    # In the matrix the earlier completion sets the cell; the open retake's origin shows too.
    TrainingCompletion.objects.create(
        employee=clerk,
        module=module,
        completed_at=timezone.now() - datetime.timedelta(days=360),
        expires_on=timezone.localdate() + datetime.timedelta(days=5),
    )
    hr = UserFactory(roles=["HR"])
    matrix = client_for(hr).get(
        reverse("onboarding:training_matrix") + f"?department={clerk.department_id}"
    )
    assert ORIGIN in matrix.content.decode()
