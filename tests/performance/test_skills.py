"""Skills framework (seeded), assessments by the person and their manager, expected vs
assessed, the team heatmap, and its query budget at two sizes."""

import pytest
from django.urls import reverse

from backoffice.core.errors import DomainError
from backoffice.people.models import RoleFamily
from performance.models import RoleSkill, Skill, SkillAssessment
from performance.selectors import skills as selectors
from performance.services.skills import skill_assess
from tests.factories.people import EmployeeFactory

pytestmark = pytest.mark.django_db

HEATMAP_QUERIES = 12


def _clerk(**kwargs):
    return EmployeeFactory(
        role_family=RoleFamily.objects.get(slug="data-entry-clerk"),
        manager=kwargs.pop("manager", None) or EmployeeFactory(),
        **kwargs,
    )


def test_the_back_office_role_families_are_seeded_with_skills_and_levels():
    names = set(Skill.objects.values_list("name", flat=True))
    assert {
        "Data entry speed and accuracy",
        "Record keeping",
        "Spreadsheets",
        "Accounting software",
        "Communication",
        "Problem solving",
        "Teamwork",
        "Adaptability",
    } <= names
    assert all(skill.level_1 and skill.level_4 for skill in Skill.objects.all())
    clerk = RoleSkill.objects.get(role_family__slug="data-entry-clerk", skill__slug="data-entry")
    assert clerk.expected_level == 3
    assert RoleSkill.objects.filter(role_family__slug="bookkeeper").count() >= 5


def test_the_person_and_their_manager_assess_nobody_else():
    clerk = _clerk()
    skill = Skill.objects.get(slug="data-entry")
    own = skill_assess(employee=clerk, skill=skill, by=clerk.user, level=3)
    rated = skill_assess(employee=clerk, skill=skill, by=clerk.manager.user, level=2)
    assert (own.kind, rated.kind) == ("self", "manager")
    for stranger in (EmployeeFactory().user, EmployeeFactory(user__roles=["HR"]).user):
        with pytest.raises(DomainError):
            skill_assess(employee=clerk, skill=skill, by=stranger, level=4)
    with pytest.raises(DomainError):
        skill_assess(employee=clerk, skill=skill, by=clerk.user, level=5)


def test_expected_vs_assessed_takes_the_latest_manager_rating():
    clerk = _clerk()
    skill = Skill.objects.get(slug="data-entry")
    skill_assess(employee=clerk, skill=skill, by=clerk.user, level=4)
    skill_assess(employee=clerk, skill=skill, by=clerk.manager.user, level=1)
    skill_assess(employee=clerk, skill=skill, by=clerk.manager.user, level=2)
    row = next(r for r in selectors.skill_rows(clerk) if r.skill == skill)
    assert (row.expected, row.self_level, row.manager_level, row.gap) == (3, 4, 2, 1)
    unrated = next(r for r in selectors.skill_rows(clerk) if r.skill.slug == "spreadsheets")
    assert unrated.gap is None


def test_the_person_page_rates_as_self_or_manager(client_for):
    clerk = _clerk()
    skill = Skill.objects.get(slug="spreadsheets")
    url = reverse("performance:employee_skills", args=[clerk.pk])
    response = client_for(clerk.manager.user).post(url, {"skill": skill.pk, "level": "2"})
    assert response.status_code == 302
    page = client_for(clerk.user).get(url)
    assert page.status_code == 200
    assert "Rate yourself" in page.content.decode()
    assert SkillAssessment.objects.get().kind == "manager"


def test_others_cannot_see_or_rate_a_person(client_for):
    clerk = _clerk()
    url = reverse("performance:employee_skills", args=[clerk.pk])
    colleague = EmployeeFactory().user
    assert client_for(colleague).get(url).status_code == 404
    assert client_for(colleague).post(url, {"skill": 1, "level": "4"}).status_code == 404
    hr = EmployeeFactory(user__roles=["HR"]).user
    assert client_for(hr).get(url).status_code == 200
    assert client_for(hr).post(url, {"skill": 1, "level": "4"}).status_code == 403
    assert not SkillAssessment.objects.exists()


def test_the_heatmap_shows_gaps_of_the_managers_own_team(client_for):
    manager = EmployeeFactory()
    mine = _clerk(manager=manager)
    other = _clerk()
    data_entry = Skill.objects.get(slug="data-entry")
    skill_assess(employee=mine, skill=data_entry, by=manager.user, level=1)
    response = client_for(manager.user).get(reverse("performance:team_skills"))
    heatmap = response.context["heatmap"]
    assert [person for person, _cells in heatmap.people] == [mine]
    cell = next(c for c in heatmap.people[0][1] if c and c.skill.slug == "data-entry")
    assert cell.gap == 2
    assert "gap of 2" in response.content.decode()
    assert other.user.get_full_name() not in response.content.decode()


@pytest.mark.parametrize("size", [2, 12])
def test_heatmap_query_count_is_constant(client_for, django_assert_max_num_queries, size):
    manager = EmployeeFactory()
    families = [RoleFamily.objects.get(slug=s) for s in ("data-entry-clerk", "bookkeeper")]
    for index in range(size):
        person = EmployeeFactory(manager=manager, role_family=families[index % 2])
        for skill in Skill.objects.all()[:4]:
            skill_assess(employee=person, skill=skill, by=person.user, level=2)
            skill_assess(employee=person, skill=skill, by=manager.user, level=1)
    client = client_for(manager.user)
    with django_assert_max_num_queries(HEATMAP_QUERIES):
        response = client.get(reverse("performance:team_skills"))
    assert len(response.context["heatmap"].people) == size
    person_url = reverse("performance:employee_skills", args=[person.pk])
    with django_assert_max_num_queries(HEATMAP_QUERIES):
        assert client.get(person_url).status_code == 200


def test_the_framework_page_is_for_everyone_signed_in(client_for):
    response = client_for(EmployeeFactory().user).get(reverse("performance:skills_framework"))
    assert response.status_code == 200
    assert "Data entry speed and accuracy" in response.content.decode()
