"""The candidate list, the board and the application page run a fixed number of queries."""

import pytest
from django.urls import reverse

from recruiting import services
from tests.factories.recruiting import (
    ApplicationFactory,
    CandidateFactory,
    RejectionReasonFactory,
)

pytestmark = pytest.mark.django_db

# Measured at 10 and at 200 applications (see the README); the limits leave no room to grow.
MAX_QUERIES = {"candidate_list": 11, "board": 9, "application": 22}


def _fill(requisition, hiring_manager, count: int):
    reason = RejectionReasonFactory()
    applications = []
    for index in range(count):
        candidate = CandidateFactory()
        application = ApplicationFactory(
            requisition=requisition,
            candidate=candidate,
            stage=["applied", "screening", "assessment", "interview", "offer"][index % 5],
        )
        applications.append(application)
    services.candidates_tag(applications=applications[::2], tag_name="Fast typist")
    services.candidates_tag(applications=applications[::3], tag_name="Bilingual")
    services.application_reject(
        application=applications[0], by=hiring_manager, reason=reason, send_email=False
    )
    target = applications[1]
    for index in range(min(count, 20)):
        services.application_note_add(
            application=target, author=hiring_manager, body=f"Note {index}"
        )
    return target


@pytest.mark.parametrize("size", [10, 200])
def test_query_counts_do_not_grow_with_applications(
    client_for, hiring_manager, requisition, size, django_assert_max_num_queries
):
    target = _fill(requisition, hiring_manager, size)
    client = client_for(hiring_manager)
    client.get(reverse("recruiting:landing"))  # warm: the session's first write is not a page's
    pages = {
        "candidate_list": reverse("recruiting:candidate_list") + "?sort=name&tag=Fast+typist",
        "board": reverse("recruiting:requisition_board", args=[requisition.pk]),
        "application": reverse("recruiting:application_detail", args=[target.pk]),
    }
    for page, url in pages.items():
        with django_assert_max_num_queries(MAX_QUERIES[page]):
            response = client.get(url)
        assert response.status_code == 200, page


@pytest.mark.parametrize("size", [3, 30])
def test_my_requisitions_query_count_does_not_grow(
    client_for, hr_user, size, django_assert_max_num_queries
):
    from tests.factories.recruiting import RequisitionFactory

    for requisition in RequisitionFactory.create_batch(size):
        ApplicationFactory.create_batch(2, requisition=requisition)
    client = client_for(hr_user)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("recruiting:landing"))
    assert response.status_code == 200
    assert len(response.context["requisitions"]) == min(size, 25)
