"""Malformed input to recruiting's pages never makes a 500 (issue 17.7).

Every GET parameter that a recruiting list, filter or report page reads gets non-numbers,
23-digit numbers, impossible dates, line breaks, null bytes and over-long strings, as HR (who
sees every page) and, for the careers page, as an anonymous visitor: each answer is a page
(200) or a refusal (400), never a server error. Then the POSTs of the same class: the bulk
action's `back`, and out-of-range dates in the interview, offer and requisition forms.
"""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from recruiting.models import Application, Interview, Offer, Requisition
from tests.factories.recruiting import (
    ApplicationFactory,
    RequisitionFactory,
)

pytestmark = pytest.mark.django_db

MALFORMED = [
    "abc",
    "12345678901234567890123",
    "-12345678901234567890123",
    "1e309",
    "2026-02-30",
    "9999-12-31",
    "0000-00-00",
    "line\nbreak",
    "line\r\nbreak",
    "nul\x00byte",
    "x" * 5000,
    "ünïcødé ‮",
    "%",
    "'; --",
]

CANDIDATE_FILTERS = [
    "q",
    "requisition",
    "stage",
    "source",
    "experience_min",
    "experience_max",
    "skill",
    "applied_after",
    "applied_before",
    "tag",
    "sort",
    "page",
]
CAREERS_FILTERS = ["q", "department", "location", "employment_type", "page"]


@pytest.fixture
def world(hiring_manager, interviewer):
    requisition = RequisitionFactory(hiring_manager=hiring_manager, title="Data-Entry Clerk")
    ApplicationFactory.create_batch(2, requisition=requisition)
    return requisition


def _pages(requisition):
    """(url name, args, parameters it reads) for every recruiting list, filter and report."""
    return [
        ("recruiting:candidate_list", [], CANDIDATE_FILTERS),
        ("recruiting:candidate_export", [], CANDIDATE_FILTERS),
        ("recruiting:landing", [], ["page"]),
        ("recruiting:requisition_board", [requisition.pk], ["page", "sort", "stage"]),
        ("recruiting:requisition_report", [requisition.pk], ["page"]),
        ("recruiting:requisition_ranking", [requisition.pk], ["page"]),
        ("recruiting:calibration", [], ["page"]),
    ]


def _read(response):
    # Streaming responses (the CSV export) fail while streaming, not before: read them.
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)
    return response


def test_no_recruiting_list_or_report_answers_malformed_parameters_with_a_500(
    client_for, hr_user, world
):
    client = client_for(hr_user)
    client.raise_request_exception = True
    failures = []
    for name, args, parameters in _pages(world):
        url = reverse(name, args=args)
        for parameter in parameters:
            for value in MALFORMED:
                try:
                    status = _read(client.get(url, {parameter: value})).status_code
                except Exception as error:
                    status = f"{type(error).__name__}: {error}"[:120]
                if status not in (200, 400):
                    failures.append((name, parameter, value[:30], status))
    assert failures == []


def test_the_careers_list_and_its_search_never_answer_with_a_500(client, world):
    client.raise_request_exception = True
    url = reverse("careers:list")
    failures = []
    for parameter in CAREERS_FILTERS:
        for value in MALFORMED:
            try:
                status = client.get(url, {parameter: value}).status_code
            except Exception as error:
                status = f"{type(error).__name__}: {error}"[:120]
            if status not in (200, 400):
                failures.append((parameter, value[:30], status))
    assert failures == []


# --- POSTs of the same class ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("back", "location"),
    [
        ("stage=applied&q=jane", "/recruiting/candidates/?stage=applied&q=jane"),
        ("?stage=applied", "/recruiting/candidates/?stage=applied"),
        ("stage=applied\r\nSet-Cookie: x=1", "/recruiting/candidates/"),
        ("stage=applied\nx", "/recruiting/candidates/"),
        ("nul\x00", "/recruiting/candidates/"),
        ("//evil.example/", "/recruiting/candidates/"),
        ("/\\evil.example", "/recruiting/candidates/"),
        ("https://evil.example/", "/recruiting/candidates/"),
        ("x" * 5000, "/recruiting/candidates/"),
        ("next=https://evil.example/&stage=offer", "/recruiting/candidates/?stage=offer"),
        ("applied_after=2026-01-01&experience_min=2&page=3", None),
        ("q=a%0Ab", "/recruiting/candidates/?q=a%0Ab"),
    ],
)
def test_the_bulk_actions_back_parameter_is_a_query_of_the_list_or_nothing(
    client_for, hr_user, world, back, location
):
    client = client_for(hr_user)
    client.raise_request_exception = True
    application = world.applications.first()
    response = client.post(
        reverse("recruiting:candidate_bulk"),
        {"action": "tag", "tag": "Typist", "applications": [application.pk], "back": back},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == (location or f"/recruiting/candidates/?{back}")


def _interview_form(application, interviewer, starts):
    return {
        "kind": "interview",
        "starts_at": starts,
        "duration_minutes": "45",
        "location": "Room 1",
        "video_link": "",
        "interviewers": [interviewer.pk],
    }


@pytest.mark.parametrize("starts", ["9999-12-31T23:59", "0001-01-01T00:00", "2099-01-01T10:00"])
def test_an_interview_date_out_of_range_is_refused_with_a_clear_message(
    client_for, hiring_manager, interviewer, world, starts
):
    application = world.applications.first()
    client = client_for(hiring_manager)
    client.raise_request_exception = True
    response = client.post(
        reverse("recruiting:interview_schedule", args=[application.pk]),
        _interview_form(application, interviewer, starts),
    )
    assert response.status_code == 400
    assert "The interview must be between 2000 and" in response.content.decode()
    assert not Interview.objects.exists()


def test_an_interview_next_month_is_scheduled(client_for, hiring_manager, interviewer, world):
    application = world.applications.first()
    starts = (timezone.localtime() + datetime.timedelta(days=30)).strftime("%Y-%m-%dT%H:%M")
    response = client_for(hiring_manager).post(
        reverse("recruiting:interview_schedule", args=[application.pk]),
        _interview_form(application, interviewer, starts),
    )
    assert response.status_code == 302
    assert Interview.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value"),
    [("start_date", "9999-12-31"), ("expires_on", "9999-12-31"), ("start_date", "2099-06-01")],
)
def test_offer_dates_out_of_range_are_refused(client_for, hiring_manager, world, field, value):
    application = world.applications.first()
    Application.objects.filter(pk=application.pk).update(stage=Application.Stage.OFFER)
    data = {
        "salary": "41000",
        "start_date": (timezone.localdate() + datetime.timedelta(days=20)).isoformat(),
        "employment_type": "full_time",
        "expires_on": (timezone.localdate() + datetime.timedelta(days=5)).isoformat(),
        field: value,
    }
    client = client_for(hiring_manager)
    client.raise_request_exception = True
    response = client.post(reverse("recruiting:offer_create", args=[application.pk]), data)
    assert response.status_code == 400
    assert "must be between 2000 and" in response.content.decode()
    assert not Offer.objects.exists()


def test_a_requisition_target_start_out_of_range_is_refused(client_for, hiring_manager):
    from tests.recruiting.test_views import _requisition_form

    client = client_for(hiring_manager)
    client.raise_request_exception = True
    response = client.post(
        reverse("recruiting:requisition_create"),
        _requisition_form(target_start_date="9999-12-31"),
    )
    assert response.status_code == 400
    assert "The target start date must be between 2000 and" in response.content.decode()
    assert not Requisition.objects.exists()


def test_the_careers_form_survives_malformed_values(client):
    cache.clear()
    job = RequisitionFactory()
    client.raise_request_exception = True
    for value in MALFORMED:
        response = client.post(
            reverse("careers:detail", args=[job.pk]),
            {"name": value, "email": value, "years_experience": value, "source": value},
        )
        assert response.status_code in (400, 429)
    cache.clear()
