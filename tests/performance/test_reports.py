import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from performance.models import Review
from performance.selectors import reports
from performance.services.cycles import review_cycle_close, review_cycle_launch
from tests.factories.people import DepartmentFactory, EmployeeFactory
from tests.factories.performance import ReviewCycleFactory, ReviewFactory
from tests.performance.conftest import write_side

pytestmark = pytest.mark.django_db


def test_completion_per_manager_and_rating_distribution():
    first = ReviewFactory()
    cycle = first.cycle
    second = ReviewFactory(cycle=cycle, employee__manager=first.manager, manager=first.manager)
    write_side(first, "self")
    write_side(first, "manager", rating=4)
    write_side(second, "self")
    rows = list(reports.completion_per_manager(cycle))
    assert [(r["total"], r["self_done"], r["manager_done"]) for r in rows] == [(2, 2, 1)]
    assert reports.rating_distribution(cycle)[3] == {"rating": 4, "total": 1}


def test_people_without_a_review_in_twelve_months(mailoutbox, django_capture_on_commit_callbacks):
    finance = DepartmentFactory(name="Finance")
    manager = EmployeeFactory(department=DepartmentFactory(name="Operations"))
    reviewed = EmployeeFactory(department=finance, manager=manager)
    cycle = ReviewCycleFactory()
    cycle.departments.add(finance)
    review_cycle_launch(cycle=cycle)
    review = Review.objects.get(employee=reviewed)
    write_side(review, "self")
    write_side(review, "manager")
    with django_capture_on_commit_callbacks(execute=True):
        review_cycle_close(cycle=cycle)

    overdue = set(reports.employees_without_recent_review())
    assert reviewed not in overdue
    assert manager in overdue
    later = timezone.localdate() + datetime.timedelta(days=400)
    assert reviewed in set(reports.employees_without_recent_review(today=later))
    (shared_email,) = mailoutbox
    assert shared_email.to == [reviewed.user.email]
    assert "Your review is ready to read" in shared_email.subject


def test_reports_page_is_for_hr(client_for, hr_user, employee_user):
    ReviewFactory()
    url = reverse("performance:reports")
    page = client_for(hr_user).get(url).content.decode()
    assert "Completion per cycle" in page
    assert "No review in the last 12 months" in page
    assert client_for(employee_user).get(url).status_code == 403
