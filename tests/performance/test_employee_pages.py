"""What employees and managers see of their part: due dates, what is still to do, Ask peers."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from performance.models import PeerFeedback, ReviewCycle
from tests.factories.people import EmployeeFactory
from tests.factories.performance import PeerFeedbackFactory, ReviewFactory
from tests.performance.conftest import write_side

pytestmark = pytest.mark.django_db


def _detail(review, **params):
    url = reverse("performance:review_detail", args=[review.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_the_self_review_due_date_is_on_the_review_page_and_home(client_for, review):
    due = review.cycle.self_review_due
    client = client_for(review.employee.user)
    page = client.get(_detail(review)).content.decode()
    assert f"Your self review is due {due:%A} {due.day} {due:%B %Y}" in page
    home = client.get(reverse("home")).content.decode()
    assert f"due {due.day} {due:%b}" in home
    write_side(review, "self")
    assert "Your self review is due" not in client.get(_detail(review)).content.decode()


def test_the_performance_page_lists_only_what_is_still_to_do(client_for):
    manager = EmployeeFactory()
    written = ReviewFactory(employee__manager=manager, manager=manager)
    pending = ReviewFactory(cycle=written.cycle, employee__manager=manager, manager=manager)
    write_side(written, "self")
    write_side(written, "manager")
    request = PeerFeedbackFactory(peer=manager)

    response = client_for(manager.user).get(reverse("performance:landing"))
    todo = response.content.decode().split('id="todo-heading"', 1)[1].split("</section>", 1)[0]
    assert f"Review of {pending.employee}" in todo
    assert f"Review of {written.employee}" not in todo  # submitted: not to do any more
    assert f"Peer feedback on {request.review.employee}" in todo  # also on My work (home)
    assert response.context["written"] == [written]

    request.submitted_at = timezone.now()
    request.save()
    page = client_for(manager.user).get(reverse("performance:landing")).content.decode()
    assert f"Peer feedback on {request.review.employee}" not in page


def test_ask_peers_searches_colleagues_without_hr_only_accounts_or_new_starters(client_for):
    review = ReviewFactory(cycle__peer_feedback_enabled=True, cycle__peer_feedback_due="2030-01-01")
    today = timezone.localdate()
    colleague = EmployeeFactory(user__first_name="Ada", user__last_name="Quill")
    hr_only = EmployeeFactory(user__first_name="Ada", user__last_name="Hr", user__roles=["HR"])
    hr_only.user.groups.remove(*hr_only.user.groups.exclude(name="HR"))  # HR and nothing else
    hr_and_employee = EmployeeFactory(
        user__first_name="Ada", user__last_name="Both", user__roles=["HR"]
    )
    newcomer = EmployeeFactory(
        user__first_name="Ada",
        user__last_name="New",
        start_date=today - datetime.timedelta(days=20),
    )
    client = client_for(review.manager.user)

    response = client.get(_detail(review, peer_q="ada"))
    assert response.status_code == 200, response
    found = response.context["peer_search"]["candidates"]
    assert set(found) == {colleague, hr_and_employee}
    with_new = client.get(_detail(review, peer_q="ada", include_new=1)).context["peer_search"]
    assert set(with_new["candidates"]) == {colleague, hr_and_employee, newcomer}

    # Chosen explicitly, a new starter is asked; an HR-only account never is.
    url = reverse("performance:review_nominate_peers", args=[review.pk])
    client.post(url, {"peers": [newcomer.pk]})
    assert PeerFeedback.objects.filter(review=review, peer=newcomer).exists()
    client.post(url, {"peers": [hr_only.pk]})
    assert not PeerFeedback.objects.filter(review=review, peer=hr_only).exists()
    # Someone asked already is not offered again.
    again = client.get(_detail(review, peer_q="ada", include_new=1)).context["peer_search"]
    assert newcomer not in again["candidates"]


def test_no_peer_search_once_the_peer_step_is_over(client_for):
    review = ReviewFactory(
        cycle__peer_feedback_enabled=True,
        cycle__peer_feedback_due="2030-01-01",
        cycle__status=ReviewCycle.Status.MANAGER_REVIEW,
    )
    response = client_for(review.manager.user).get(_detail(review))
    assert response.context["peer_search"] is None
    assert "Ask peers" not in response.content.decode()


def test_the_manager_writes_beside_the_self_review(client_for, review):
    write_side(review, "self", text="My own account of the year")
    response = client_for(review.manager.user).get(_detail(review))
    assert response.context["page"].side_by_side
    page = response.content.decode()
    form_at = page.index('data-side="form"')
    beside_at = page.index('data-side="self-review"')
    assert form_at < beside_at < page.index("My own account of the year")
