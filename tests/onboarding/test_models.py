import datetime

import pytest

from backoffice.core.markdown import markdown_to_html
from onboarding.models import ItemKind, ItemOwner, PolicyAcknowledgement
from onboarding.models.policies import render_markdown
from tests.factories.onboarding import (
    PlanItemFactory,
    PolicyFactory,
    PolicyVersionFactory,
    TrainingCompletionFactory,
    TrainingModuleFactory,
)
from tests.factories.people import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_markdown_is_rendered_and_sanitised():
    html = render_markdown(
        "## Title\n\n**bold** <script>alert(1)</script> [x](javascript:alert(1))"
        '<img src=x onerror="alert(1)">'
    )
    assert "<h2>Title</h2>" in html
    assert "<strong>bold</strong>" in html
    assert "<script" not in html
    assert "javascript:" not in html
    assert "onerror" not in html


def test_an_acknowledgement_cannot_be_changed():
    acknowledgement = PolicyAcknowledgement.objects.create(
        employee=EmployeeFactory(), version=PolicyVersionFactory(), ip_address="192.0.2.1"
    )
    acknowledgement.ip_address = "192.0.2.2"
    with pytest.raises(ValueError, match="cannot be changed"):
        acknowledgement.save()
    acknowledgement.refresh_from_db()
    assert acknowledgement.ip_address == "192.0.2.1"


def test_who_can_complete_an_item(plan, manager, hr_user):
    new_hire_item = PlanItemFactory(plan=plan, owner=ItemOwner.NEW_HIRE)
    manager_item = PlanItemFactory(plan=plan, owner=ItemOwner.MANAGER)
    it_item = PlanItemFactory(plan=plan, owner=ItemOwner.IT)
    new_hire = plan.employee.user
    assert new_hire_item.can_complete(new_hire)
    assert not new_hire_item.can_complete(manager.user)
    assert manager_item.can_complete(manager.user)
    assert not manager_item.can_complete(new_hire)
    assert not it_item.can_complete(new_hire)
    # HR may do a task on the owner's behalf, but IT's items are IT's.
    for item in (new_hire_item, manager_item):
        assert item.can_complete(hr_user)
    assert not it_item.can_complete(hr_user)
    assert it_item.can_complete(UserFactory(roles=["IT"]))
    for item in (new_hire_item, manager_item, it_item):
        assert not item.can_complete(UserFactory())


def test_an_acknowledgement_or_a_training_is_only_the_employees(plan, manager, hr_user):
    policy_item = PlanItemFactory(
        plan=plan, kind=ItemKind.POLICY, policy=PolicyFactory(published=True)
    )
    training_item = PlanItemFactory(
        plan=plan, kind=ItemKind.TRAINING, training=TrainingModuleFactory()
    )
    for item in (policy_item, training_item):
        assert item.can_complete(plan.employee.user)
        assert not item.can_complete(hr_user)
        assert not item.can_complete(manager.user)


def test_training_expiry_and_status():
    module = TrainingModuleFactory(validity_months=12)
    assert module.expiry_for(datetime.date(2026, 2, 28)) == datetime.date(2027, 2, 28)
    assert TrainingModuleFactory(validity_months=None).expiry_for(datetime.date(2026, 1, 1)) is None
    completion = TrainingCompletionFactory(module=module, expires_on=datetime.date(2026, 12, 1))
    assert completion.status_on(datetime.date(2026, 10, 1)) == "done"
    assert completion.status_on(datetime.date(2026, 11, 5)) == "due_soon"
    assert completion.status_on(datetime.date(2026, 12, 2)) == "expired"


def test_audience_concerns_everyone_or_the_chosen_families():
    module = TrainingModuleFactory(for_everyone=False)
    insider = EmployeeFactory(role_family__slug="bookkeeper", department__name="Finance")
    outsider = EmployeeFactory(role_family__slug="receptionist", department__name="Operations")
    module.role_families.set([insider.role_family])
    assert module.concerns(insider)
    assert not module.concerns(outsider)
    assert TrainingModuleFactory().concerns(outsider)


def test_policies_and_training_render_through_the_core_sanitiser():
    text = (
        "| a | b |\n|---|---|\n| 1 | 2 |\n\n![chart](https://example.com/c.png) <b onclick=x>hi</b>"
    )
    assert render_markdown(text) == markdown_to_html(text)
