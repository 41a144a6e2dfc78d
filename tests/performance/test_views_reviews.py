import pytest
from django.urls import reverse
from django.utils import timezone

from performance.models import Review, ReviewAnswer
from performance.services.cycles import review_cycle_advance
from tests.factories.people import EmployeeFactory
from tests.factories.performance import PeerFeedbackFactory, ReviewFactory
from tests.performance.conftest import write_side

pytestmark = pytest.mark.django_db


def _detail(review):
    return reverse("performance:review_detail", args=[review.pk])


def _save(review):
    return reverse("performance:review_save", args=[review.pk])


def _answers_post(review, rating="4", **extra):
    data = {}
    for question in review.cycle.questions.all():
        if question.kind == "rating":
            data[f"rating_{question.pk}"] = rating
        data[f"text_{question.pk}"] = "Careful and quick"
    return {**data, **extra}


@pytest.mark.parametrize("party", ["employee", "manager", "hr"])
def test_the_parties_read_the_review(client_for, review, hr_user, party):
    user = {"employee": review.employee.user, "manager": review.manager.user, "hr": hr_user}[party]
    response = client_for(user).get(_detail(review))
    assert response.status_code == 200
    assert review.cycle.name in response.content.decode()


@pytest.mark.parametrize("outsider", ["colleague", "other_manager", "peer", "hiring_manager"])
def test_nobody_else_reads_or_writes_a_review(client_for, review, request, outsider):
    if outsider == "peer":
        user = PeerFeedbackFactory(review=review).peer.user
    elif outsider == "other_manager":
        user = ReviewFactory().manager.user
    elif outsider == "hiring_manager":
        user = request.getfixturevalue("hiring_manager")
    else:
        user = EmployeeFactory(manager=review.manager).user  # same team, not their review
    client = client_for(user)
    before = list(Review.objects.values())
    assert client.get(_detail(review)).status_code == 404
    for name in ("review_save", "review_acknowledge", "review_nominate_peers"):
        url = reverse(f"performance:{name}", args=[review.pk])
        assert client.post(url, _answers_post(review, submit="1")).status_code == 404
    assert list(Review.objects.values()) == before
    assert not ReviewAnswer.objects.exists()


def test_anonymous_visitors_go_to_sign_in(client, review):
    response = client.get(_detail(review))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/")


def test_saving_answers_only_by_post(client_for, review):
    assert client_for(review.employee.user).get(_save(review)).status_code == 405


def test_htmx_autosave_answers_with_a_status_line(client_for, review):
    response = client_for(review.employee.user).post(
        _save(review), _answers_post(review), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    assert "Draft saved" in response.content.decode()
    assert ReviewAnswer.objects.filter(review=review, author="self", rating=4).count() == 2
    review.refresh_from_db()
    assert review.self_submitted_at is None


def test_plain_post_submits_and_locks(client_for, review):
    client = client_for(review.employee.user)
    response = client.post(_save(review), _answers_post(review, submit="1"), follow=True)
    assert "Submitted" in response.content.decode()
    review.refresh_from_db()
    assert review.self_submitted_at is not None
    again = client.post(_save(review), _answers_post(review, rating="1", submit="1"), follow=True)
    assert "locked" in again.content.decode()
    assert not ReviewAnswer.objects.filter(review=review, rating=1).exists()


def test_submitting_an_incomplete_review_says_what_is_missing(client_for, review):
    response = client_for(review.employee.user).post(_save(review), {"submit": "1"}, follow=True)
    assert "Rate every question before submitting" in response.content.decode()
    review.refresh_from_db()
    assert review.self_submitted_at is None


def test_a_bad_rating_is_refused_with_a_message(client_for, review):
    response = client_for(review.employee.user).post(_save(review), _answers_post(review, "9"))
    assert response.status_code == 422
    assert not ReviewAnswer.objects.exists()


def test_the_manager_page_waits_for_the_self_review(client_for, review):
    page = client_for(review.manager.user).get(_detail(review)).content.decode()
    assert "has not submitted their self review yet" in page
    assert "Submit and lock" not in page


def test_the_employee_acknowledges_the_shared_review(client_for, review):
    write_side(review, "self")
    write_side(review, "manager")
    Review.objects.filter(pk=review.pk).update(status=Review.Status.SHARED, final_rating=4)
    client = client_for(review.employee.user)
    assert "Acknowledge your review" in client.get(_detail(review)).content.decode()
    url = reverse("performance:review_acknowledge", args=[review.pk])
    client.post(url, {"comment": "Read it."})
    review.refresh_from_db()
    assert review.status == Review.Status.ACKNOWLEDGED
    assert review.acknowledgement_comment == "Read it."


def test_the_manager_cannot_acknowledge_for_the_employee(client_for, review):
    Review.objects.filter(pk=review.pk).update(status=Review.Status.SHARED)
    url = reverse("performance:review_acknowledge", args=[review.pk])
    assert client_for(review.manager.user).post(url).status_code == 403
    review.refresh_from_db()
    assert review.status == Review.Status.SHARED


def test_peer_feedback_on_the_page_carries_no_names(client_for):
    review = ReviewFactory(cycle__peer_feedback_enabled=True, cycle__peer_feedback_due="2030-01-01")
    peers = [
        PeerFeedbackFactory(review=review, strengths=text, submitted_at=timezone.now())
        for text in ("Tidy ledgers", "Helps the new starters")
    ]
    write_side(review, "self")
    write_side(review, "manager")
    for _ in range(2):  # past peer feedback, to manager review: the answers are final
        review_cycle_advance(cycle=review.cycle)
    Review.objects.filter(pk=review.pk).update(status=Review.Status.SHARED)
    page = client_for(review.employee.user).get(_detail(review)).content.decode()
    assert "Tidy ledgers" in page
    assert "Helps the new starters" in page
    for request in peers:
        assert request.peer.user.last_name not in page


def test_a_peer_writes_their_feedback_on_their_own_page(client_for):
    request = PeerFeedbackFactory()
    url = reverse("performance:peer_feedback", args=[request.pk])
    assert client_for(EmployeeFactory().user).get(url).status_code == 404
    client = client_for(request.peer.user)
    assert client.get(url).status_code == 200
    response = client.post(url, {"strengths": "Calm under pressure", "improvements": ""})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.submitted_at is not None


def test_calibration_adjusts_with_a_reason_and_others_are_refused(client_for, review, hr_user):
    write_side(review, "self")
    write_side(review, "manager", rating=3)
    url = reverse("performance:review_adjust_rating", args=[review.pk])
    client_for(hr_user).post(url, {"to_rating": "4", "reason": ""})
    review.refresh_from_db()
    assert review.final_rating == 3
    client_for(hr_user).post(url, {"to_rating": "4", "reason": "Team-wide data"})
    review.refresh_from_db()
    assert review.final_rating == 4
    outsider = EmployeeFactory().user
    assert client_for(outsider).post(url, {"to_rating": "1", "reason": "x"}).status_code == 404


def test_the_calibration_board_for_hr_and_the_manager(client_for, review, hr_user):
    write_side(review, "self")
    write_side(review, "manager", rating=5)
    url = reverse("performance:calibration", args=[review.cycle_id])
    page = client_for(hr_user).get(url).content.decode()
    assert "9-box" in page
    assert str(review.employee) in page
    assert client_for(review.manager.user).get(url).status_code == 200
    assert client_for(EmployeeFactory().user).get(url).status_code == 404


def test_autosave_on_a_locked_review_says_so(client_for, review):
    write_side(review, "self")
    response = client_for(review.employee.user).post(
        _save(review), _answers_post(review, "1"), headers={"HX-Request": "true"}
    )
    assert response.status_code == 200  # htmx swaps the status line in
    assert "locked" in response.content.decode()
    assert not ReviewAnswer.objects.filter(rating=1).exists()


def test_launch_emails_each_employee_their_review_link(
    django_capture_on_commit_callbacks, mailoutbox
):
    from performance.services.cycles import review_cycle_launch
    from tests.factories.people import DepartmentFactory
    from tests.factories.performance import ReviewCycleFactory

    finance = DepartmentFactory(name="Finance")
    ella = EmployeeFactory(department=finance, manager=EmployeeFactory())
    cycle = ReviewCycleFactory()
    cycle.departments.add(finance)
    with django_capture_on_commit_callbacks(execute=True):
        review_cycle_launch(cycle=cycle)
    to_employee, to_manager = sorted(mailoutbox, key=lambda m: m.to != [ella.user.email])
    assert to_employee.to == [ella.user.email]
    assert to_manager.to == [ella.manager.user.email]
    review = Review.objects.get(employee=ella)
    for message in (to_employee, to_manager):
        assert f"/performance/reviews/{review.pk}/" in message.body
        assert message.alternatives  # the HTML twin
    assert str(ella) in to_manager.body
