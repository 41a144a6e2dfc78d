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
