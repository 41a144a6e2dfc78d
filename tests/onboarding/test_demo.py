import pytest
from django.core.management import call_command

from backoffice.people.models import Employee
from onboarding.models import (
    ChecklistTemplate,
    OnboardingPlan,
    PlanItem,
    Policy,
    PolicyAcknowledgement,
    TrainingCompletion,
    TrainingModule,
)

pytestmark = pytest.mark.django_db


def _counts():
    return tuple(
        model.objects.count()
        for model in (
            Policy,
            TrainingModule,
            ChecklistTemplate,
            OnboardingPlan,
            PlanItem,
            PolicyAcknowledgement,
            TrainingCompletion,
        )
    )


def test_demo_onboarding_is_complete_and_idempotent():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = _counts()
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _counts() == first

    assert set(Policy.objects.values_list("title", flat=True)) == {
        "Code of conduct",
        "Data protection and confidentiality",
        "IT acceptable use",
        "Record retention",
    }
    titles = set(TrainingModule.objects.values_list("title", flat=True))
    assert {"Accounting system", "CRM", "Spreadsheets", "Ticketing", "Phone etiquette"} <= titles
    assert ChecklistTemplate.objects.filter(role_family__isnull=False).count() == 9
    for email in ("newhire@example.com", "newhire2@example.com"):
        plan = OnboardingPlan.objects.get(employee__user__email=email)
        done = plan.items.filter(done_at__isnull=False).count()
        assert 0 < done < plan.items.count(), email  # part-way through
    assert Employee.objects.get(user__email="newhire@example.com").status == "pre_start"


def test_demo_trainings_teach_and_it_does_its_own_items():
    from onboarding.models import ItemOwner, PlanItem

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    accounting = TrainingModule.objects.get(title="Accounting system")
    assert "three-way match" in accounting.content
    assert len(accounting.content.split("\n\n")) > 8  # a lesson, not a line
    assert accounting.attachments.filter(content_type="image/png").exists()
    assert accounting.attachments.filter(content_type="application/pdf").exists()
    assert accounting.links.exists()
    assert accounting.video_url
    standards = TrainingModule.objects.get(title="Data-entry standards")
    assert "Search by **two** fields" in standards.content
    assert standards.questions.count() == 3
    laptop = PlanItem.objects.get(
        plan__employee__user__email="newhire2@example.com", owner=ItemOwner.IT
    )
    assert laptop.done_by.email == "it@example.com"
