import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories.recruiting import (
    ApplicationFactory,
    ApplicationInterviewerFactory,
    RejectionReasonFactory,
    RequisitionFactory,
    pdf_bytes,
)


@pytest.fixture
def requisition(hiring_manager):
    """An open requisition managed by the `hiring_manager` fixture."""
    return RequisitionFactory(hiring_manager=hiring_manager, title="Data-Entry Clerk")


@pytest.fixture
def application(requisition):
    return ApplicationFactory(requisition=requisition, candidate__name="Jane Doe")


@pytest.fixture
def assigned_application(application, interviewer):
    ApplicationInterviewerFactory(application=application, user=interviewer)
    return application


@pytest.fixture
def other_hiring_manager(db):
    from tests.factories.people import EmployeeFactory

    return EmployeeFactory(user__roles=["Hiring manager", "Interviewer"]).user


@pytest.fixture
def reason(db):
    return RejectionReasonFactory()


@pytest.fixture
def pdf_upload():
    def make(name="resume.pdf", content=None):
        return SimpleUploadedFile(name, content or pdf_bytes(), content_type="application/pdf")

    return make


# --- Structured hiring ----------------------------------------------------------------------


@pytest.fixture
def scorecard_template(requisition):
    from tests.factories.recruiting import template_with_criteria

    return template_with_criteria(requisition)


@pytest.fixture
def second_interviewer(db):
    from tests.factories.people import EmployeeFactory

    return EmployeeFactory(user__roles=["Interviewer"]).user


@pytest.fixture
def interview(application, interviewer, second_interviewer, scorecard_template):
    from recruiting.models import Application
    from tests.factories.recruiting import InterviewFactory

    Application.objects.filter(pk=application.pk).update(stage=Application.Stage.INTERVIEW)
    application.refresh_from_db()
    # It took place an hour ago: scorecards can be submitted (not before it starts).
    return InterviewFactory(
        application=application,
        interviewers=[interviewer, second_interviewer],
        starts_at=timezone.now() - datetime.timedelta(hours=1),
    )


def _ratings(template, value=3, note=""):
    from recruiting.services.scorecards import RatingInput

    return [
        RatingInput(criterion_id=criterion.pk, rating=value, note=note)
        for criterion in template.criteria.all()
    ]


@pytest.fixture
def ratings():
    return _ratings
