"""A review cycle that includes skills: the review form asks each side to rate the skills of
the person's role, and submitting keeps them as skills assessments through the skills service."""

import re

import pytest
from django.urls import reverse

from backoffice.core.errors import DomainError
from backoffice.people.models import RoleFamily
from performance.models import ReviewAnswer, SkillAssessment
from performance.selectors import skills as skill_selectors
from performance.services import reviews as review_services
from performance.services.reviews import review_skills
from tests.factories.performance import ReviewFactory
from tests.performance.conftest import write_side

pytestmark = pytest.mark.django_db

Author = ReviewAnswer.Author


@pytest.fixture
def review():
    review = ReviewFactory(cycle__include_skills=True)
    employee = review.employee
    employee.role_family = RoleFamily.objects.get(slug="data-entry-clerk")
    employee.save()
    return review


def _answers(review, rating=4):
    return {q.pk: {"rating": rating, "text": "Fine"} for q in review.cycle.questions.all()}


def _post(review, *, skill_level="3", **extra):
    data = {}
    for question in review.cycle.questions.all():
        if question.kind == "rating":
            data[f"rating_{question.pk}"] = "4"
        data[f"text_{question.pk}"] = "Careful and quick"
    for skill in review_skills(review):
        data[f"skill_{skill.pk}"] = skill_level
    return {**data, **extra}


def test_the_role_has_skills_to_rate(review):
    assert len(review_skills(review)) >= 3


def test_submitting_without_every_skill_is_refused_and_writes_nothing(review):
    user = review.employee.user
    review_services.review_draft_save(
        review=review, author=Author.SELF, by=user, answers=_answers(review)
    )
    skills = review_skills(review)
    partial = {skills[0].pk: 2}
    with pytest.raises(DomainError, match=skills[1].name):
        review_services.review_submit(
            review=review, author=Author.SELF, by=user, skill_levels=partial
        )
    review.refresh_from_db()
    assert review.self_submitted_at is None
    assert not SkillAssessment.objects.exists()


def test_each_side_submits_its_skills_as_assessments(review):
    skills = review_skills(review)
    employee, manager = review.employee, review.manager
    review_services.review_draft_save(
        review=review, author=Author.SELF, by=employee.user, answers=_answers(review)
    )
    review_services.review_submit(
        review=review,
        author=Author.SELF,
        by=employee.user,
        skill_levels={skill.pk: 2 for skill in skills},
    )
    own = SkillAssessment.objects.filter(review=review, kind="self")
    assert own.count() == len(skills)
    assert {a.assessed_by_id for a in own} == {employee.user_id}

    review_services.review_draft_save(
        review=review,
        author=Author.MANAGER,
        by=manager.user,
        answers=_answers(review),
        overall_rating=4,
    )
    review_services.review_submit(
        review=review,
        author=Author.MANAGER,
        by=manager.user,
        skill_levels={skill.pk: 3 for skill in skills},
    )
    rows = {row.skill.pk: row for row in skill_selectors.skill_rows(employee)}
    for skill in skills:
        assert rows[skill.pk].self_level == 2
        assert rows[skill.pk].manager_level == 3
        assert rows[skill.pk].assessed == 3  # the manager's counts


def test_a_cycle_without_skills_asks_for_none(client_for):
    review = ReviewFactory()
    review.employee.role_family = RoleFamily.objects.get(slug="data-entry-clerk")
    review.employee.save()
    page = client_for(review.employee.user).get(
        reverse("performance:review_detail", args=[review.pk])
    )
    assert 'name="skill_' not in page.content.decode()
    write_side(review, Author.SELF)
    assert review.self_submitted_at is not None
    assert not SkillAssessment.objects.exists()


def test_the_form_shows_the_skills_and_the_submit_keeps_them(client_for, review):
    client = client_for(review.employee.user)
    detail = reverse("performance:review_detail", args=[review.pk])
    save = reverse("performance:review_save", args=[review.pk])
    page = client.get(detail).content.decode()
    skills = review_skills(review)
    for skill in skills:
        assert f'name="skill_{skill.pk}"' in page
    assert "the role expects" in page
    # A draft save does not write assessments (they are kept when the side submits).
    client.post(save, _post(review), headers={"HX-Request": "true"})
    assert not SkillAssessment.objects.exists()
    missing = client.post(save, _post(review, skill_level="", submit="1"), follow=True)
    assert "Rate every question before submitting" in missing.content.decode()
    assert not SkillAssessment.objects.exists()
    done = client.post(save, _post(review, submit="1"), follow=True)
    assert "Submitted" in done.content.decode()
    assert SkillAssessment.objects.filter(review=review, kind="self", level=3).count() == len(
        skills
    )
    assert "Skills in this review" in done.content.decode()
    # The manager's own form starts from their own latest ratings (none), never the person's.
    manager_page = client_for(review.manager.user).get(detail).content.decode()
    assert f'name="skill_{skills[0].pk}"' in manager_page
    assert not re.search(r'name="skill_\d+"[^>]*checked', manager_page)
