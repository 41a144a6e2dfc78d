"""The candidate list's search box at scale (issue 22): the search document kept by the
database, prefix matching, and ranking within the newest matches only."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from recruiting import filters, services
from recruiting.models import Tag
from recruiting.selectors import candidate_search
from recruiting.services import retention as retention_services
from recruiting.services.imports import ImportMode, candidates_import
from tests.factories.recruiting import ApplicationFactory, CandidateFactory
from tests.recruiting.test_resume_text import _read

pytestmark = pytest.mark.django_db

URL = reverse("recruiting:candidate_list")


def _names(client, q: str) -> list[str]:
    response = client.get(URL, {"q": q})
    assert response.status_code == 200
    return [application.candidate.name for application in response.context["page_obj"]]


def test_a_word_is_found_in_a_name_an_email_skills_a_tag_and_a_phone(client, hr_user):
    client.force_login(hr_user)
    ApplicationFactory(candidate=CandidateFactory(name="Quirina Named"))
    ApplicationFactory(
        candidate=CandidateFactory(name="Emil Mail", email="quirina.fan@example.org")
    )
    ApplicationFactory(candidate=CandidateFactory(name="Sid Skill", skills="Excel\nQuirinology"))
    tagged = ApplicationFactory(candidate=CandidateFactory(name="Tara Tag"))
    services.candidates_tag(applications=[tagged], tag_name="quirina-pool")
    ApplicationFactory(candidate=CandidateFactory(name="Pam Phone", phone="+31 6 5550 1234"))
    ApplicationFactory(candidate=CandidateFactory(name="Nobody Else"))

    # Whole words and their beginnings.
    assert sorted(_names(client, "quirina")) == ["Emil Mail", "Quirina Named", "Tara Tag"]
    assert sorted(_names(client, "quir")) == [
        "Emil Mail",
        "Quirina Named",
        "Sid Skill",
        "Tara Tag",
    ]
    assert _names(client, "quirina.fan@example.org") == ["Emil Mail"]
    assert _names(client, "5550 1234") == ["Pam Phone"]
    assert _names(client, "quirinology") == ["Sid Skill"]


@pytest.mark.postgres
def test_the_document_follows_renames_tags_anonymising_and_the_csv_import(
    client, hr_user, requisition
):
    client.force_login(hr_user)
    application = ApplicationFactory(candidate=CandidateFactory(name="Olga Oldname"))
    candidate = application.candidate
    candidate.name = "Olga Newname"
    candidate.save()
    assert _names(client, "oldname") == []
    assert _names(client, "newname") == ["Olga Newname"]

    services.candidates_tag(applications=[application], tag_name="Wombat")
    assert _names(client, "wombat") == ["Olga Newname"]
    tag = Tag.objects.get(name="Wombat")
    tag.name = "Platypus"
    tag.save()
    assert _names(client, "wombat") == []
    assert _names(client, "platypus") == ["Olga Newname"]
    candidate.tags.clear()
    assert _names(client, "platypus") == []

    retention_services.candidate_anonymise(candidate=candidate, by=hr_user)
    assert _names(client, "newname") == []

    text = (
        "name,email,phone,source,requisition,stage,tags\n"
        f"Ida Imported,ida@example.org,,Job fair,{requisition.pk},,kangaroo\n"
    )
    report = candidates_import(text=text, by=hr_user, mode=ImportMode.ALL_OR_NOTHING)
    assert report.imported == 1
    assert _names(client, "imported") == ["Ida Imported"]
    assert _names(client, "kangaroo") == ["Ida Imported"]


@pytest.mark.postgres
@pytest.mark.parametrize("walk", [100, 2], ids=["found-walking", "found-through-the-index"])
def test_the_newest_matches_are_ranked_a_name_before_a_resume(client, hr_user, monkeypatch, walk):
    """Only the newest SEARCH_NEWEST matches are listed, best first. `walk` covers both ways
    of finding them: testing the newest rows one by one, or reading every match."""
    monkeypatch.setattr(filters, "SEARCH_NEWEST", 3)
    monkeypatch.setattr(candidate_search, "WALK", walk)
    client.force_login(hr_user)
    now = timezone.now()

    def applied(days: int, name: str, **kwargs):
        at = now - datetime.timedelta(days=days)
        return ApplicationFactory(candidate=CandidateFactory(name=name, **kwargs), applied_at=at)

    _read(applied(1, "Rhea Resume"), "Worked with Mr Vanderzee for years")
    applied(2, "Ann Vanderzee")
    applied(3, "Sam Skill", skills="Vanderzee method")
    applied(4, "Old Vanderzee")  # a match, but not among the newest three
    for day in range(5, 9):
        applied(day, f"Unrelated {day}")

    assert _names(client, "vanderzee") == ["Ann Vanderzee", "Sam Skill", "Rhea Resume"]
    page = client.get(URL, {"q": "vanderzee"}).content.decode()
    assert "These are the newest 3 matches, best first." in page
    # Sorted some other way, every match is listed.
    response = client.get(URL, {"q": "vanderzee", "sort": "name"})
    listed = [application.candidate.name for application in response.context["page_obj"]]
    assert listed == ["Ann Vanderzee", "Old Vanderzee", "Rhea Resume", "Sam Skill"]


def test_the_search_page_runs_as_many_queries_with_3_or_40_matches(client, hr_user):
    client.force_login(hr_user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(URL, {"q": "jansen"}).status_code == 200
        return len(captured)

    for index in range(3):
        _read(ApplicationFactory(candidate=CandidateFactory(name=f"Jan Jansen {index}")), "x")
    client.get(URL, {"q": "jansen"})  # a first request pays the session's one-time queries
    few = queries()
    for index in range(37):
        ApplicationFactory(candidate=CandidateFactory(name=f"Jo Jansen {index}"))
    assert queries() == few


def test_only_punctuation_finds_nothing(client, hr_user):
    client.force_login(hr_user)
    ApplicationFactory(candidate=CandidateFactory(name="Anyone"))
    if connection.vendor == "postgresql":
        assert _names(client, "@@ --") == []


@pytest.mark.postgres
def test_a_ranked_search_is_counted_with_its_page(client, hr_user, monkeypatch):
    """WindowCountPaginator: the count comes with the page's rows; past the end, the last page."""
    from recruiting.views import candidates as candidate_views

    monkeypatch.setattr(filters, "SEARCH_NEWEST", 3)
    monkeypatch.setattr(candidate_views, "PAGE_SIZE", 2)
    client.force_login(hr_user)
    for index in range(5):
        ApplicationFactory(candidate=CandidateFactory(name=f"Wim Wanderer {index}"))

    def page(number):
        response = client.get(URL, {"q": "wanderer", "page": number})
        page_obj = response.context["page_obj"]
        return page_obj.number, len(page_obj), page_obj.paginator.count

    assert page(1) == (1, 2, 3)
    assert page(2) == (2, 1, 3)
    assert page(9) == (2, 1, 3)
    assert page("x") == (1, 2, 3)
