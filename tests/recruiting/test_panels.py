import pytest
from django.urls import reverse

from recruiting.models import Requisition
from tests.factories.recruiting import ApplicationFactory, RequisitionFactory

pytestmark = pytest.mark.django_db


def test_hiring_manager_sees_new_applications_on_the_home_page(
    client_for, hiring_manager, requisition
):
    ApplicationFactory(requisition=requisition, candidate__name="Nora <b>Bold</b>")
    response = client_for(hiring_manager).get(reverse("home"))
    html = response.content.decode()
    assert "New applications" in html
    assert "Nora &lt;b&gt;Bold&lt;/b&gt;" in html
    assert response.context["waiting"] >= 1


def test_hr_sees_requisitions_to_approve(client_for, hr_user):
    RequisitionFactory(title="Payroll Clerk", status=Requisition.Status.PENDING_APPROVAL)
    html = client_for(hr_user).get(reverse("home")).content.decode()
    assert "Requisitions to approve" in html
    assert "Payroll Clerk" in html


def test_employees_get_no_recruiting_panel(client_for, employee_user, requisition):
    ApplicationFactory(requisition=requisition)
    html = client_for(employee_user).get(reverse("home")).content.decode()
    assert "New applications" not in html
    assert "Requisitions to approve" not in html


def test_hr_gets_no_approval_panel_when_nothing_waits(client_for, hr_user):
    RequisitionFactory(status=Requisition.Status.OPEN)
    html = client_for(hr_user).get(reverse("home")).content.decode()
    assert "Requisitions to approve" not in html


# --- What needs the person today (issue 13, point 8) -------------------------------------------


def test_hiring_manager_sees_the_newest_applications_first(client_for, hiring_manager, requisition):
    import datetime

    from django.utils import timezone

    now = timezone.now()
    ApplicationFactory(
        requisition=requisition,
        candidate__name="Olga Oldest",
        applied_at=now - datetime.timedelta(days=9),
    )
    ApplicationFactory(requisition=requisition, candidate__name="Nina Newest", applied_at=now)
    html = client_for(hiring_manager).get(reverse("home")).content.decode()
    assert html.index("Nina Newest") < html.index("Olga Oldest")


def _offer(application, status):
    from tests.factories.recruiting import OfferFactory

    return OfferFactory(application=application, status=status)


def test_offers_waiting_for_hr_and_for_the_hiring_manager(
    client_for, hr_user, hiring_manager, application, other_hiring_manager
):
    from recruiting.models import Offer

    draft = _offer(application, Offer.Status.DRAFT)
    response = client_for(hr_user).get(reverse("home"))
    html = response.content.decode()
    assert "Offers to approve" in html
    assert "Jane Doe" in html
    assert (
        "Offers ready to send"
        not in client_for(hiring_manager).get(reverse("home")).content.decode()
    )

    Offer.objects.filter(pk=draft.pk).update(status=Offer.Status.APPROVED)
    response = client_for(hiring_manager).get(reverse("home"))
    html = response.content.decode()
    assert "Offers ready to send" in html
    assert "Jane Doe" in html
    assert response.context["waiting"] == 2  # the new application and the offer to send
    assert "Offers to approve" not in client_for(hr_user).get(reverse("home")).content.decode()
    # Another manager's offers are not theirs.
    assert (
        "Offers ready to send"
        not in client_for(other_hiring_manager).get(reverse("home")).content.decode()
    )


def test_interviewer_sees_upcoming_interviews_with_time_and_kit_and_owed_scorecards(
    client_for, interviewer, application
):
    import datetime

    from django.utils import timezone

    from tests.factories.recruiting import InterviewFactory

    now = timezone.now()
    soon = InterviewFactory(
        application=application,
        interviewers=[interviewer],
        starts_at=now + datetime.timedelta(days=3),
    )
    past = InterviewFactory(
        application=application,
        interviewers=[interviewer],
        starts_at=now - datetime.timedelta(hours=3),
    )
    response = client_for(interviewer).get(reverse("home"))
    html = response.content.decode()
    assert "Upcoming interviews" in html
    local = timezone.localtime(soon.starts_at)
    assert local.strftime("%H:%M") in html
    assert reverse("recruiting:interview_kit", args=[soon.pk]) in html
    assert "Scorecards to submit" in html
    assert reverse("recruiting:scorecard_edit", args=[past.pk]) in html
    # Counted now: the owed scorecard; the interview in three days is shown, not counted.
    assert response.context["waiting"] == 1
