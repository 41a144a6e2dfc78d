import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from performance.models import (
    Feedback,
    Goal,
    Measurement,
    Metric,
    OneOnOneNote,
    PeerFeedback,
    Review,
    ReviewCycle,
    ReviewQuestion,
)
from tests.factories.people import EmployeeFactory, RoleFamilyFactory, UserFactory


def _today() -> datetime.date:
    return timezone.localdate()


class ReviewCycleFactory(DjangoModelFactory):
    class Meta:
        model = ReviewCycle
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Review cycle {n}")
    period_start = factory.LazyFunction(lambda: _today() - datetime.timedelta(days=180))
    period_end = factory.LazyFunction(_today)
    self_review_due = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=7))
    manager_review_due = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=14))
    calibration_due = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=21))
    sharing_due = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=28))
    acknowledgement_due = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=35))

    @factory.post_generation
    def questions(self, create, extracted, **kwargs):
        """Two rating questions and a text one unless questions=False."""
        if not create or extracted is False:
            return
        ReviewQuestionFactory(cycle=self, position=1, prompt="Quality of work")
        ReviewQuestionFactory(cycle=self, position=2, prompt="Teamwork")
        ReviewQuestionFactory(
            cycle=self, position=3, kind=ReviewQuestion.Kind.TEXT, prompt="What went well?"
        )


class ReviewQuestionFactory(DjangoModelFactory):
    class Meta:
        model = ReviewQuestion

    cycle = factory.SubFactory(ReviewCycleFactory)
    kind = ReviewQuestion.Kind.RATING
    prompt = factory.Faker("sentence", nb_words=4)
    level_1 = "Well below expectations"
    level_3 = "Meets expectations"
    level_5 = "Far above expectations"


class ReviewFactory(DjangoModelFactory):
    """A review in an open (self-review step) cycle of an employee with a manager."""

    class Meta:
        model = Review

    cycle = factory.SubFactory(ReviewCycleFactory, status=ReviewCycle.Status.SELF_REVIEW)
    employee = factory.SubFactory(EmployeeFactory, manager=factory.SubFactory(EmployeeFactory))
    manager = factory.LazyAttribute(lambda review: review.employee.manager)


class PeerFeedbackFactory(DjangoModelFactory):
    class Meta:
        model = PeerFeedback

    # Peers are asked in cycles that collect peer feedback, while that step is open.
    review = factory.SubFactory(
        ReviewFactory,
        cycle__peer_feedback_enabled=True,
        cycle__peer_feedback_due=factory.LazyFunction(
            lambda: _today() + datetime.timedelta(days=10)
        ),
    )
    peer = factory.SubFactory(EmployeeFactory)


class MetricFactory(DjangoModelFactory):
    class Meta:
        model = Metric

    role_family = factory.SubFactory(RoleFamilyFactory)
    name = factory.Sequence(lambda n: f"Records entered per hour {n}")
    unit = "records/hour"
    direction = Metric.Direction.HIGHER
    target = 1200
    period = Metric.Period.MONTHLY


class MeasurementFactory(DjangoModelFactory):
    class Meta:
        model = Measurement

    metric = factory.SubFactory(MetricFactory)
    employee = factory.SubFactory(EmployeeFactory)
    period_start = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(n))
    value = 1100
    entered_by = factory.SubFactory(UserFactory)


class GoalFactory(DjangoModelFactory):
    class Meta:
        model = Goal

    employee = factory.SubFactory(EmployeeFactory, manager=factory.SubFactory(EmployeeFactory))
    title = factory.Faker("sentence", nb_words=5)
    due_date = factory.LazyFunction(lambda: _today() + datetime.timedelta(days=60))
    weight = 20
    proposed_by = factory.LazyAttribute(lambda goal: goal.employee.user)


class FeedbackFactory(DjangoModelFactory):
    class Meta:
        model = Feedback

    giver = factory.SubFactory(UserFactory)
    recipient = factory.SubFactory(EmployeeFactory, manager=factory.SubFactory(EmployeeFactory))
    text = factory.Faker("sentence")


class OneOnOneNoteFactory(DjangoModelFactory):
    class Meta:
        model = OneOnOneNote

    report = factory.SubFactory(EmployeeFactory, manager=factory.SubFactory(EmployeeFactory))
    manager = factory.LazyAttribute(lambda note: note.report.manager)
    author = factory.LazyAttribute(lambda note: note.manager.user)
    met_on = factory.LazyFunction(_today)
    text = factory.Faker("sentence")
