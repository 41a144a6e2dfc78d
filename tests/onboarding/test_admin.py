import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse
from django.utils import timezone

from onboarding.models import (
    ItemOwner,
    OnboardingPlan,
    PlanItem,
    PolicyAcknowledgement,
)
from tests.factories.onboarding import (
    ChecklistTemplateFactory,
    PlanItemFactory,
    PolicyFactory,
    PolicyVersionFactory,
    TemplateItemFactory,
)
from tests.factories.people import EmployeeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hr_client(client, hr_user):
    client.force_login(hr_user)
    return client


def test_the_item_list_and_forms_render(hr_client, plan):
    PlanItemFactory(plan=plan)
    names = [
        "planitem",
        "onboardingplan",
        "checklisttemplate",
        "policy",
        "trainingmodule",
        "policyacknowledgement",
        "trainingcompletion",
        "planitemevent",
        "policyversion",
    ]
    for name in names:
        assert hr_client.get(reverse(f"admin:onboarding_{name}_changelist")).status_code == 200
    assert hr_client.get(reverse("admin:onboarding_checklisttemplate_add")).status_code == 200
    # Versions are written on the policy pages: the admin only shows them.
    assert hr_client.get(reverse("admin:onboarding_policyversion_add")).status_code == 403


def test_acknowledgements_are_read_only(hr_client):
    PolicyAcknowledgement.objects.create(employee=EmployeeFactory(), version=PolicyVersionFactory())
    acknowledgement = PolicyAcknowledgement.objects.get()
    url = reverse("admin:onboarding_policyacknowledgement_change", args=[acknowledgement.pk])
    page = hr_client.get(url)
    assert page.status_code == 200
    assert b'name="ip_address"' not in page.content  # shown, not editable
    assert hr_client.post(url, {"ip_address": "192.0.2.5"}).status_code == 403
    delete = reverse("admin:onboarding_policyacknowledgement_delete", args=[acknowledgement.pk])
    assert hr_client.post(delete, {"post": "yes"}).status_code == 403
    assert PolicyAcknowledgement.objects.filter(pk=acknowledgement.pk).exists()


def test_the_admin_shows_versions_and_sends_hr_to_the_policy_pages(hr_client):
    policy = PolicyFactory(published=True)
    version = policy.current_version
    change = hr_client.get(reverse("admin:onboarding_policyversion_change", args=[version.pk]))
    assert change.status_code == 200
    assert reverse("onboarding:policy_version", args=[version.pk]) in change.content.decode()
    page = hr_client.get(reverse("admin:onboarding_policy_change", args=[policy.pk]))
    assert reverse("onboarding:policy", args=[policy.pk]) in page.content.decode()


def test_mark_done_with_a_reason(hr_client, hr_user, plan):
    item = PlanItemFactory(plan=plan)
    url = reverse("admin:onboarding_planitem_changelist")
    form = hr_client.post(url, {"action": "mark_done", ACTION_CHECKBOX_NAME: [item.pk]})
    assert b"reason" in form.content
    item.refresh_from_db()
    assert item.done_at is None
    hr_client.post(
        url,
        {
            "action": "mark_done",
            ACTION_CHECKBOX_NAME: [item.pk],
            "apply": "1",
            "reason": "On paper",
        },
    )
    item.refresh_from_db()
    assert item.done_by == hr_user
    assert item.events.get(action="marked_done").note == "On paper"


def test_extend_the_due_date(hr_client, plan):
    item = PlanItemFactory(plan=plan)
    later = item.due_date + datetime.timedelta(days=10)
    hr_client.post(
        reverse("admin:onboarding_planitem_changelist"),
        {
            "action": "extend_due_date",
            ACTION_CHECKBOX_NAME: [item.pk],
            "apply": "1",
            "due_date": later.isoformat(),
            "reason": "Laptop delayed",
        },
    )
    item.refresh_from_db()
    assert item.due_date == later


def test_apply_a_changed_template_to_plans_under_way(hr_client, new_hire):
    template = ChecklistTemplateFactory(role_family=new_hire.role_family)
    TemplateItemFactory(template=template, title="Original")
    hr_client.post(reverse("admin:onboarding_onboardingplan_add"), {"employee": new_hire.pk})
    plan = OnboardingPlan.objects.get(employee=new_hire)
    assert list(plan.items.values_list("title", flat=True)) == ["Original"]
    TemplateItemFactory(template=template, title="Added later", owner=ItemOwner.MANAGER)
    hr_client.post(
        reverse("admin:onboarding_checklisttemplate_changelist"),
        {"action": "apply_to_plans_under_way", ACTION_CHECKBOX_NAME: [template.pk]},
    )
    assert set(plan.items.values_list("title", flat=True)) == {"Original", "Added later"}


def test_existing_staff_get_plans_from_the_employee_admin(hr_client):
    staff = EmployeeFactory(start_date=timezone.localdate())
    TemplateItemFactory(template=ChecklistTemplateFactory(), title="For everyone")
    for _ in range(2):
        hr_client.post(
            reverse("admin:people_employee_changelist"),
            {"action": "create_onboarding_plans", ACTION_CHECKBOX_NAME: [staff.pk]},
        )
    assert OnboardingPlan.objects.filter(employee=staff).count() == 1
    assert PlanItem.objects.filter(plan__employee=staff, title="For everyone").count() == 1


def test_a_training_gets_files_and_links_in_the_admin(hr_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from onboarding.demo_content import three_way_match_png
    from tests.factories.onboarding import TrainingModuleFactory

    module = TrainingModuleFactory()
    url = reverse("admin:onboarding_trainingmodule_change", args=[module.pk])
    form = {
        "title": module.title,
        "category": "software",
        "estimated_minutes": 30,
        "for_everyone": "on",
        "content": "![Diagram](diagram.png)",
        "attachments-TOTAL_FORMS": 2,
        "attachments-INITIAL_FORMS": 0,
        "attachments-0-title": "Diagram",
        "attachments-0-order": 0,
        "attachments-0-file": SimpleUploadedFile("diagram.png", three_way_match_png()),
        "attachments-1-title": "Fake",
        "attachments-1-order": 1,
        "attachments-1-file": SimpleUploadedFile("fake.png", b"<svg onload=alert(1)>"),
        "links-TOTAL_FORMS": 1,
        "links-INITIAL_FORMS": 0,
        "links-0-title": "Manual",
        "links-0-url": "https://example.com/manual",
        "links-0-order": 0,
        "questions-TOTAL_FORMS": 0,
        "questions-INITIAL_FORMS": 0,
    }
    refused = hr_client.post(url, form)
    assert refused.status_code == 200
    assert "is not a PDF, slides" in refused.content.decode()
    form.update(
        {
            "attachments-TOTAL_FORMS": 1,
            "attachments-0-file": SimpleUploadedFile("diagram.png", three_way_match_png()),
        }
    )
    assert hr_client.post(url, form).status_code == 302
    attachment = module.attachments.get()
    assert (attachment.name, attachment.content_type) == ("diagram.png", "image/png")
    assert module.links.get().title == "Manual"
    module.refresh_from_db()
    assert attachment.url in module.content_html
