import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from onboarding.models import (
    ChecklistTemplate,
    ItemKind,
    ItemOwner,
    OnboardingPlan,
    PlanItem,
    Policy,
    PolicyVersion,
    QuizChoice,
    QuizQuestion,
    TemplateItem,
    TrainingCompletion,
    TrainingModule,
)
from tests.factories.people import EmployeeFactory


class PolicyFactory(DjangoModelFactory):
    class Meta:
        model = Policy
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Policy {n}")
    summary = factory.Faker("sentence")

    @factory.post_generation
    def published(self, create, extracted, **kwargs):
        """PolicyFactory(published=True) gives it a current version 1 (without the service)."""
        if create and extracted:
            version = PolicyVersionFactory(policy=self, number=1)
            self.current_version = version
            self.save(update_fields=["current_version"])


class PolicyVersionFactory(DjangoModelFactory):
    class Meta:
        model = PolicyVersion

    policy = factory.SubFactory(PolicyFactory)
    number = factory.Sequence(lambda n: n + 1)
    body = "## Rules\n\nBe kind."
    effective_date = factory.LazyFunction(timezone.localdate)
    published_at = factory.LazyFunction(timezone.now)


class TrainingModuleFactory(DjangoModelFactory):
    class Meta:
        model = TrainingModule

    title = factory.Sequence(lambda n: f"Training {n}")
    content = "Learn the **system**."
    estimated_minutes = 30
    validity_months = 12


class QuizQuestionFactory(DjangoModelFactory):
    class Meta:
        model = QuizQuestion
        skip_postgeneration_save = True

    module = factory.SubFactory(TrainingModuleFactory)
    text = factory.Sequence(lambda n: f"Question {n}?")

    @factory.post_generation
    def choices(self, create, extracted, **kwargs):
        if create:
            QuizChoice.objects.create(question=self, text="Right", is_correct=True)
            QuizChoice.objects.create(question=self, text="Wrong", is_correct=False)


class TrainingCompletionFactory(DjangoModelFactory):
    class Meta:
        model = TrainingCompletion

    employee = factory.SubFactory(EmployeeFactory)
    module = factory.SubFactory(TrainingModuleFactory)
    completed_at = factory.LazyFunction(timezone.now)
    expires_on = factory.LazyAttribute(
        lambda c: c.module.expiry_for(timezone.localdate(c.completed_at))
    )


class ChecklistTemplateFactory(DjangoModelFactory):
    class Meta:
        model = ChecklistTemplate

    name = factory.Sequence(lambda n: f"Template {n}")


class TemplateItemFactory(DjangoModelFactory):
    class Meta:
        model = TemplateItem

    template = factory.SubFactory(ChecklistTemplateFactory)
    kind = ItemKind.TASK
    title = factory.Sequence(lambda n: f"Template item {n}")
    owner = ItemOwner.NEW_HIRE
    due_offset_days = 0


class OnboardingPlanFactory(DjangoModelFactory):
    class Meta:
        model = OnboardingPlan

    employee = factory.SubFactory(EmployeeFactory)
    templates_applied_at = factory.LazyFunction(timezone.now)


class PlanItemFactory(DjangoModelFactory):
    class Meta:
        model = PlanItem

    plan = factory.SubFactory(OnboardingPlanFactory)
    kind = ItemKind.TASK
    title = factory.Sequence(lambda n: f"Item {n}")
    owner = ItemOwner.NEW_HIRE
    due_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=3))
