import datetime

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from factory.django import DjangoModelFactory

from recruiting.documents import simple_pdf
from recruiting.models import (
    Application,
    ApplicationInterviewer,
    Candidate,
    RejectionReason,
    Requisition,
    RequisitionSkill,
)
from tests.factories.people import DepartmentFactory, RoleFamilyFactory, UserFactory


def pdf_bytes(text: str = "Jane Doe, data-entry clerk") -> bytes:
    return simple_pdf([text, "Ten years of records management."])


class RequisitionFactory(DjangoModelFactory):
    class Meta:
        model = Requisition

    title = factory.Faker(
        "random_element",
        elements=["Data-Entry Clerk", "Bookkeeper", "Receptionist", "Payroll Clerk"],
    )
    department = factory.SubFactory(DepartmentFactory)
    role_family = factory.SubFactory(RoleFamilyFactory)
    hiring_manager = factory.SubFactory(UserFactory, roles=["Hiring manager"])
    location = factory.Faker("city")
    description = "We need someone **accurate**.\n\n- Enter records\n- Keep files"
    status = Requisition.Status.OPEN
    opened_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    salary_min = 30000
    salary_max = 36000


class RequisitionSkillFactory(DjangoModelFactory):
    class Meta:
        model = RequisitionSkill

    requisition = factory.SubFactory(RequisitionFactory)
    name = factory.Sequence(lambda n: f"Skill {n}")
    minimum_years = 1


class CandidateFactory(DjangoModelFactory):
    class Meta:
        model = Candidate

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"candidate{n}@example.net")
    phone = factory.Faker("phone_number")
    source = "Job board"
    consent_at = factory.LazyFunction(timezone.now)


class RejectionReasonFactory(DjangoModelFactory):
    class Meta:
        model = RejectionReason
        django_get_or_create = ["name"]

    name = "Not enough relevant experience"
    email_subject = "Your application for {job}"
    email_body = "Dear {name},\n\nThank you for applying for {job}. We chose someone else."


class ApplicationFactory(DjangoModelFactory):
    """An application in `stage`, with a small real PDF resume. Stage set directly: a fixture,
    not a move (moves are tested through application_move)."""

    class Meta:
        model = Application

    requisition = factory.SubFactory(RequisitionFactory)
    candidate = factory.SubFactory(CandidateFactory)
    stage = Application.Stage.APPLIED
    years_experience = factory.Faker("random_int", min=0, max=15)
    source = "Job board"
    cover_letter = "I like tidy records."
    resume = factory.LazyFunction(lambda: ContentFile(pdf_bytes(), name="resume.pdf"))
    resume_filename = "resume.pdf"
    resume_content_type = "application/pdf"


class ApplicationInterviewerFactory(DjangoModelFactory):
    class Meta:
        model = ApplicationInterviewer

    application = factory.SubFactory(ApplicationFactory)
    user = factory.SubFactory(UserFactory, roles=["Interviewer"])


# --- Structured hiring ----------------------------------------------------------------------

from recruiting.models import (  # noqa: E402
    Interview,
    Offer,
    ScorecardCriterion,
    ScorecardTemplate,
)


class ScorecardTemplateFactory(DjangoModelFactory):
    class Meta:
        model = ScorecardTemplate

    name = factory.Sequence(lambda n: f"Template {n}")
    role_family = factory.SubFactory(RoleFamilyFactory)


class ScorecardCriterionFactory(DjangoModelFactory):
    class Meta:
        model = ScorecardCriterion

    template = factory.SubFactory(ScorecardTemplateFactory)
    section = ScorecardCriterion.Section.SKILLS
    name = factory.Sequence(lambda n: f"Criterion {n}")
    guidance = "Look for evidence."
    anchor_1 = "Poor"
    anchor_2 = "Fair"
    anchor_3 = "Good"
    anchor_4 = "Excellent"
    weight = 1
    position = factory.Sequence(int)


def template_with_criteria(requisition, *, required_culture=False):
    """A template for `requisition`'s role family: two skills criteria (data entry weighs 3)
    and two culture-fit ones."""
    template = ScorecardTemplateFactory(role_family=requisition.role_family)
    ScorecardCriterionFactory(
        template=template, name="Data-entry accuracy", weight=3, required=True, is_data_entry=True
    )
    ScorecardCriterionFactory(template=template, name="Record keeping", weight=1)
    ScorecardCriterionFactory(
        template=template,
        name="Communication",
        section=ScorecardCriterion.Section.CULTURE,
        required=required_culture,
    )
    ScorecardCriterionFactory(
        template=template, name="Teamwork", section=ScorecardCriterion.Section.CULTURE
    )
    return template


class InterviewFactory(DjangoModelFactory):
    class Meta:
        model = Interview
        skip_postgeneration_save = True

    application = factory.SubFactory(ApplicationFactory, stage=Application.Stage.INTERVIEW)
    kind = Interview.Kind.INTERVIEW
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=1))
    duration_minutes = 45
    location = "Room 1"

    @factory.post_generation
    def interviewers(self, create, extracted, **kwargs):
        if create and extracted:
            self.interviewers.set(extracted)
            for user in extracted:
                ApplicationInterviewer.objects.get_or_create(
                    application=self.application, user=user
                )


class OfferFactory(DjangoModelFactory):
    class Meta:
        model = Offer

    application = factory.SubFactory(ApplicationFactory, stage=Application.Stage.OFFER)
    salary = 40000
    start_date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    expires_on = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=7))
