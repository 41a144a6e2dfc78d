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
