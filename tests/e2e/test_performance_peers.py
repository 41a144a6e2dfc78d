"""A manager asks peers for feedback by searching colleagues, as they type."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from performance.models import PeerFeedback
from tests.e2e.conftest import sign_in
from tests.factories.people import PASSWORD, EmployeeFactory
from tests.factories.performance import ReviewFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_manager_finds_and_asks_peers_by_search(page):
    review = ReviewFactory(
        employee__manager__user__email="marcus@example.com",
        cycle__peer_feedback_enabled=True,
        cycle__peer_feedback_due=timezone.localdate() + datetime.timedelta(days=9),
    )
    grace = EmployeeFactory(user__first_name="Grace", user__last_name="Liu")
    EmployeeFactory(user__first_name="Gregor", user__last_name="Lind")
    newcomer = EmployeeFactory(
        user__first_name="Grazia",
        user__last_name="Nuova",
        start_date=timezone.localdate() - datetime.timedelta(days=10),
    )
    sign_in(page, "marcus@example.com", PASSWORD)
    page.goto(f"/performance/reviews/{review.pk}/")

    page.get_by_label("Search colleagues").fill("gra")
    candidates = page.locator("#peer-candidates")
    expect(candidates.get_by_label("Grace Liu")).to_be_visible()
    expect(candidates).not_to_contain_text("Gregor")
    expect(candidates).not_to_contain_text("Grazia")  # in her first weeks
    page.get_by_label("Include people in their first 90 days").check()
    expect(candidates.get_by_label("Grazia Nuova")).to_be_visible()

    candidates.get_by_label("Grace Liu").check()
    candidates.get_by_label("Grazia Nuova").check()
    page.get_by_role("button", name="Ask for feedback").click()
    expect(page.get_by_text("Asked 2 more peers.")).to_be_visible()
    assert set(PeerFeedback.objects.values_list("peer", flat=True)) == {grace.pk, newcomer.pk}
    assert page.console_errors == []
