import pytest

from backoffice.core.pagination import CappedPaginator
from backoffice.people.models import Department


@pytest.mark.django_db
def test_counts_up_to_the_cap_and_says_when_there_are_more(django_assert_num_queries):
    Department.objects.bulk_create(Department(name=f"Department {n}") for n in range(7))
    departments = Department.objects.order_by("pk")

    exact = CappedPaginator(departments, 2, cap=10)
    assert (exact.count, exact.capped, exact.num_pages) == (7, False, 4)

    capped = CappedPaginator(departments, 2, cap=5)
    with django_assert_num_queries(1):
        assert (capped.count, capped.capped, capped.num_pages) == (5, True, 3)
    # Past the cap the last offered page is shown, never an error.
    assert capped.get_page(99).number == 3


@pytest.mark.django_db
def test_a_list_exactly_at_the_cap_is_not_capped():
    Department.objects.bulk_create(Department(name=f"Department {n}") for n in range(5))
    paginator = CappedPaginator(Department.objects.order_by("pk"), 2, cap=5)
    assert (paginator.count, paginator.capped) == (5, False)
