"""Recruiting through the API: writes go through the services and the pages' forms."""

from __future__ import annotations

import pytest
from django.urls import reverse

from recruiting.models import Application, Candidate, Requisition, StageEvent
from tests.factories.people import DepartmentFactory, RoleFamilyFactory
from tests.factories.recruiting import (
    ApplicationFactory,
    RejectionReasonFactory,
    RequisitionFactory,
)
from tests.security.world import database_checksum

pytestmark = [pytest.mark.django_db, pytest.mark.postgres]


def _warm(client) -> None:
    # The token's first use records its last-used time: a write of its own, made here.
    assert client.get(reverse("api:employee-list")).status_code == 200


def _move(client, application, **body):
    return client.post(reverse("api:application-move", args=[application.pk]), body, format="json")


def test_a_move_goes_through_application_move_and_records_its_event(api_for, hr_user):
    application = ApplicationFactory()
    client = api_for(hr_user)
    response = _move(client, application, to_stage="screening", expected_stage="applied", note="ok")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["stage"] == "screening"
    assert body["events"][-1] | {"at": None} == {
        "from_stage": "applied",
        "to_stage": "screening",
        "by": str(hr_user),
        "at": None,
        "note": "ok",
    }
    event = StageEvent.objects.get(application=application)
    assert event.by == hr_user
    assert (event.from_stage, event.to_stage) == ("applied", "screening")


def test_a_move_the_pipeline_forbids_is_refused_and_changes_nothing(api_for, hr_user):
    application = ApplicationFactory()
    client = api_for(hr_user)
    _warm(client)
    before = database_checksum()
    # Only an accepted offer hires; a stale expected stage is refused; a closed card is final.
    response = _move(client, application, to_stage="hired")
    assert response.status_code == 409
    assert "cannot move from Applied to Hired" in response.json()["detail"]
    response = _move(client, application, to_stage="screening", expected_stage="interview")
    assert response.status_code == 409
    assert "while you were looking" in response.json()["detail"]
    assert _move(client, application, to_stage="nowhere").status_code == 400
    # Rejecting needs a reason.
    response = _move(client, application, to_stage="rejected")
    assert response.status_code == 409
    assert "reason" in response.json()["detail"]
    assert (
        _move(client, application, to_stage="rejected", rejection_reason=999999).status_code == 400
    )
    assert database_checksum() == before
    application.refresh_from_db()
    assert application.stage == "applied"
    assert not application.events.exists()


def test_rejecting_through_the_api_uses_the_reason_and_its_email_delay(api_for, hr_user):
    application = ApplicationFactory()
    reason = RejectionReasonFactory()
    response = _move(api_for(hr_user), application, to_stage="rejected", rejection_reason=reason.pk)
    assert response.status_code == 200, response.content
    application.refresh_from_db()
    assert application.stage == "rejected"
    assert application.rejection_reason == reason
    assert application.events.get().to_stage == "rejected"


def test_who_may_move_is_who_manages_as_on_the_board(api_for, hiring_manager, interviewer):
    mine = ApplicationFactory(requisition=RequisitionFactory(hiring_manager=hiring_manager))
    someone_elses = ApplicationFactory()
    client = api_for(hiring_manager)
    assert _move(client, mine, to_stage="screening").status_code == 200
    assert _move(client, someone_elses, to_stage="screening").status_code == 404
    # An interviewer assigned to the card sees it but may not move it (403, as the page).
    from tests.factories.recruiting import ApplicationInterviewerFactory

    ApplicationInterviewerFactory(application=someone_elses, user=interviewer)
    assert _move(api_for(interviewer), someone_elses, to_stage="screening").status_code == 403
    someone_elses.refresh_from_db()
    assert someone_elses.stage == "applied"


def _requisition_body(**extra):
    return {
        "title": "Records clerk",
        "department": DepartmentFactory().pk,
        "role_family": RoleFamilyFactory().pk,
        "headcount": 2,
        "employment_type": "full_time",
        "location": "Leeds",
        "remote_option": "hybrid",
        "salary_currency": "EUR",
        "description": "Keep the records straight.",
        "skills": [{"name": "10-key entry", "minimum_years": 2}, {"name": "Filing"}],
        **extra,
    }


def test_a_hiring_manager_drafts_edits_and_submits_a_requisition(api_for, hiring_manager):
    client = api_for(hiring_manager)
    response = client.post(reverse("api:requisition-list"), _requisition_body(), format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert body["hiring_manager"]["id"] == hiring_manager.pk
    assert body["skills"] == [
        {"name": "10-key entry", "minimum_years": 2},
        {"name": "Filing", "minimum_years": 0},
    ]
    url = reverse("api:requisition-detail", args=[body["id"]])
    response = client.patch(url, {"title": "Senior records clerk"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["title"] == "Senior records clerk"
    assert response.json()["skills"][0]["name"] == "10-key entry"  # untouched
    response = client.post(
        reverse("api:requisition-transition", args=[body["id"]]),
        {"to_status": "pending_approval"},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["status"] == "pending_approval"
    # Only HR approves; and a manager no longer edits once it left draft.
    response = client.post(
        reverse("api:requisition-transition", args=[body["id"]]),
        {"to_status": "open"},
        format="json",
    )
    assert response.status_code == 409
    assert client.patch(url, {"title": "x"}, format="json").status_code == 403
    assert Requisition.objects.get(pk=body["id"]).status == "pending_approval"


def test_bad_requisition_input_is_400_with_field_messages_and_nothing_written(api_for, hr_user):
    client = api_for(hr_user)
    bad = _requisition_body(salary_min=50000, salary_max=10000, title="")
    _warm(client)
    before = database_checksum()
    response = client.post(reverse("api:requisition-list"), bad, format="json")
    assert response.status_code == 400
    errors = response.json()
    assert "title" in errors
    assert "salary_max" in errors
    assert "hiring_manager" in errors
    response = client.post(reverse("api:requisition-list"), ["not", "an", "object"], format="json")
    assert response.status_code == 400
    response = client.post(
        reverse("api:requisition-list"), data="{broken", content_type="application/json"
    )
    assert response.status_code == 400
    assert database_checksum() == before


def test_hr_adds_a_candidate_with_an_application_like_an_import_row(api_for, hr_user):
    requisition = RequisitionFactory()
    client = api_for(hr_user)
    body = {
        "requisition": requisition.pk,
        "name": "Ada Lovelace",
        "email": "Ada@Example.org",
        "stage": "screening",
    }
    response = client.post(reverse("api:application-list"), body, format="json")
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["stage"] == "screening"
    assert created["events"][0]["to_stage"] == "screening"
    assert Candidate.objects.get(email="ada@example.org").name == "Ada Lovelace"
    # The same address again is a duplicate: reported, never merged.
    before = database_checksum()
    again = client.post(reverse("api:application-list"), body | {"name": "Someone"}, format="json")
    assert again.status_code == 409
    for bad in (
        body | {"email": "not-an-address"},
        body | {"stage": "hired"},
        body | {"name": "Two\nlines", "email": "b@example.org"},
        body | {"requisition": 0, "email": "c@example.org"},
    ):
        assert client.post(reverse("api:application-list"), bad, format="json").status_code == 400
    assert database_checksum() == before
    assert Application.objects.count() == 1


def test_a_closed_requisition_takes_no_new_application(api_for, hr_user):
    requisition = RequisitionFactory(status=Requisition.Status.FILLED)
    body = {"requisition": requisition.pk, "name": "Late Comer", "email": "late@example.org"}
    response = api_for(hr_user).post(reverse("api:application-list"), body, format="json")
    assert response.status_code == 409
    assert not Candidate.objects.filter(email="late@example.org").exists()


def test_tags_and_notes(api_for, hiring_manager, interviewer):
    application = ApplicationFactory(requisition=RequisitionFactory(hiring_manager=hiring_manager))
    client = api_for(hiring_manager)
    url = reverse("api:candidate-tags", args=[application.candidate_id])
    response = client.post(url, {"tag": "Bilingual"}, format="json")
    assert response.status_code == 200
    assert response.json()["tags"] == ["Bilingual"]
    assert client.post(url, {"tag": "   "}, format="json").status_code == 400
    note_url = reverse("api:application-notes", args=[application.pk])
    assert client.post(note_url, {"body": "Strong typist."}, format="json").status_code == 201
    assert client.post(note_url, {"body": ""}, format="json").status_code == 400
    assert application.notes.get().author == hiring_manager


def test_a_session_call_from_another_site_is_refused_without_the_csrf_token(hr_user):
    """The browser's session works for the API (the docs page), but only with the CSRF token:
    a form on another site cannot move a card with HR's cookie."""
    from django.test import Client

    application = ApplicationFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(hr_user)
    url = reverse("api:application-move", args=[application.pk])
    response = client.post(url, {"to_stage": "screening"}, content_type="application/json")
    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    application.refresh_from_db()
    assert application.stage == "applied"
    assert client.get(reverse("api:application-detail", args=[application.pk])).status_code == 200
