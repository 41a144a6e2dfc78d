"""HR records a leaver; the offboarding checklist reaches its owners; the leaver answers the
exit questionnaire; after the last day (frozen time) the account stops working."""

import datetime
import re

import pytest
import time_machine
from django.utils import timezone
from playwright.sync_api import expect

from backoffice.notifications.services.outbox import outbox_events_process
from backoffice.people.models import Employee, ExitAnswer, Leaving
from backoffice.people.services import leavers_access_end_due
from tests.e2e.conftest import sign_in
from tests.factories.people import PASSWORD, EmployeeFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_leaver_from_record_to_the_end_of_access(page):
    EmployeeFactory(user__email="hr@example.com", user__roles=["HR"], user__is_staff=True)
    EmployeeFactory(user__email="it@example.com", user__roles=["IT"])
    manager = EmployeeFactory(user__email="boss@example.com", user__roles=["Hiring manager"])
    leaver = EmployeeFactory(
        manager=manager,
        user__email="lena@example.com",
        user__first_name="Lena",
        user__last_name="Willems",
    )
    last_day = timezone.localdate() + datetime.timedelta(days=14)

    # HR records the leaving with a reason.
    sign_in(page, "hr@example.com", PASSWORD)
    page.goto("/")
    page.get_by_role("link", name="Record a leaver").click()
    page.get_by_label("Employee").select_option(label="Lena Willems")
    page.get_by_label("Last day").fill(last_day.isoformat())
    page.get_by_label("Reason").select_option(label="Relocation")
    page.get_by_label("Voluntary (they resigned)").check()
    page.get_by_label("Regrettable (we would have wanted to keep them)").check()
    page.get_by_role("button", name="Record the leaving").click()
    expect(page.get_by_role("heading", name="Lena Willems leaves on")).to_be_visible()
    leaving = Leaving.objects.get(employee=leaver)
    assert leaving.is_regrettable
    assert leaving.reason.name == "Relocation"
    leaver.refresh_from_db()
    assert leaver.status == Employee.Status.LEAVING

    # The outbox delivers employee_leaving (a worker does this after commit).
    outbox_events_process(key=f"people.employee_leaving:{leaving.pk}")

    # The checklist reaches its owners: IT revokes accounts, the manager hands over.
    page.context.clear_cookies()
    sign_in(page, "it@example.com", PASSWORD)
    page.goto("/onboarding/items/")
    expect(page.get_by_role("link", name="Revoke accounts and access")).to_be_visible()
    expect(page.get_by_role("cell", name="Lena Willems")).to_be_visible()
    page.context.clear_cookies()
    sign_in(page, "boss@example.com", PASSWORD)
    page.goto("/onboarding/items/")
    expect(page.get_by_role("link", name="Hand over your work")).to_be_visible()

    # The leaver answers the exit questionnaire from their home page.
    page.context.clear_cookies()
    sign_in(page, "lena@example.com", PASSWORD)
    page.goto("/")
    page.get_by_role("link", name="Exit questionnaire").click()
    page.get_by_label("What made you decide to leave?").fill("Moving to Groningen")
    page.locator("input[name=manager_support][value='4']").check()
    page.locator("input[name=growth][value='3']").check()
    page.locator("input[name=would_recommend][value='1']").check()
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert ExitAnswer.objects.get(leaving=leaving).main_reason == "Moving to Groningen"

    # The day after the last day, the beat task ends access: the open session is gone.
    after = timezone.now() + datetime.timedelta(days=15)
    with time_machine.travel(after, tick=False):
        assert leavers_access_end_due() == 1
        page.goto("/")
        expect(page).to_have_url(re.compile(r"/accounts/login/"))
        sign_in(page, "lena@example.com", PASSWORD)
        expect(page.get_by_text("do not match an active account")).to_be_visible()
    leaver.refresh_from_db()
    assert leaver.status == Employee.Status.LEFT


def test_hr_moves_the_last_day_then_cancels_and_the_person_stays(page):
    from backoffice.people.services import leaving_record

    hr = EmployeeFactory(user__email="hr@example.com", user__roles=["HR"], user__is_staff=True)
    manager = EmployeeFactory(user__email="boss@example.com", user__roles=["Hiring manager"])
    stayer = EmployeeFactory(
        manager=manager,
        status=Employee.Status.ACTIVE,
        user__first_name="Sam",
        user__last_name="Stays",
    )
    from backoffice.people.models import LeavingReason

    leaving = leaving_record(
        employee=stayer,
        last_day=timezone.localdate() + datetime.timedelta(days=14),
        is_voluntary=True,
        reason=LeavingReason.objects.get(name="Relocation"),
        by=hr.user,
    )
    outbox_events_process()
    from onboarding.models import PlanItem

    offboarding = PlanItem.objects.filter(plan__employee=stayer, origin="offboarding")
    assert offboarding.filter(title="Hand over your work").exists()

    sign_in(page, "hr@example.com", PASSWORD)
    page.goto(f"/people/leavers/{leaving.pk}/")
    new_day = timezone.localdate() + datetime.timedelta(days=28)
    page.get_by_label("New last day").fill(new_day.isoformat())
    page.get_by_role("button", name="Move the last day").click()
    expect(page.get_by_text("The last day is now")).to_be_visible()
    expect(page.get_by_role("heading", name=re.compile("Sam Stays leaves on"))).to_contain_text(
        f"{new_day.day} {new_day:%b %Y}"
    )
    page.get_by_role("link", name="Cancel the leaving…").click()
    page.get_by_role("button", name="Cancel the leaving").click()
    expect(page.get_by_text("The leaving is cancelled: Sam Stays stays.")).to_be_visible()
    outbox_events_process()

    stayer.refresh_from_db()
    assert stayer.status == Employee.Status.ACTIVE
    assert not Leaving.objects.filter(employee=stayer).exists()
    assert not offboarding.exists()
    page.context.clear_cookies()
    sign_in(page, "boss@example.com", PASSWORD)
    page.goto("/onboarding/items/")
    expect(page.get_by_role("link", name="Hand over your work")).to_have_count(0)
