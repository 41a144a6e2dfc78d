"""The home page's panel reads, compiled once per process (issue 22): each viewer gets what the
queryset built afresh gives them, whoever asked first, and a new day gives new dates."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from backoffice.people import selectors as people_selectors
from backoffice.people.models import Employee, Leaving, LeavingReason, User
from backoffice.people.roles import Role
from onboarding import selectors as onboarding_selectors
from onboarding.models import ItemOwner
from recruiting.models.offers import Offer
from recruiting.models.requisitions import Requisition
from recruiting.selectors import offers as offer_selectors
from recruiting.selectors import requisitions as requisition_selectors
from tests.factories.onboarding import OnboardingPlanFactory, PlanItemFactory
from tests.factories.people import EmployeeFactory, UserFactory
from tests.factories.recruiting import OfferFactory, RequisitionFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _team_with_a_starter_and_a_leaver(manager: Employee) -> None:
    today = timezone.localdate()
    starter = EmployeeFactory(
        manager=manager, status=Employee.Status.PRE_START, start_date=today + 10 * DAY
    )
    OnboardingPlanFactory(employee=starter)
    PlanItemFactory(plan=starter.onboarding_plan, due_date=today - DAY)  # overdue
    PlanItemFactory(plan=starter.onboarding_plan, owner=ItemOwner.MANAGER)
    leaver = EmployeeFactory(manager=manager, status=Employee.Status.LEAVING)
    Leaving.objects.create(
        employee=leaver,
        last_day=today + 5 * DAY,
        reason=LeavingReason.objects.get_or_create(name="Relocation")[0],
    )
    requisition = RequisitionFactory(
        hiring_manager=manager.user, status=Requisition.Status.PENDING_APPROVAL
    )
    OfferFactory(application__requisition=requisition, status=Offer.Status.APPROVED)
    OfferFactory(application__requisition=requisition, status=Offer.Status.DRAFT)


def _fresh(viewer: User) -> dict:
    """What every panel read gives, from querysets built now (the reference)."""
    today = timezone.localdate()
    employee = Employee.objects.filter(user=viewer).first()
    waiting = offer_selectors._waiting_for(viewer).order_by("created_at", "pk")
    pending = requisition_selectors._pending_for(viewer).order_by("updated_at")
    return {
        "employee": employee and employee.pk,
        "team": [
            e.pk
            for e in Employee.objects.filter(manager=employee)
            .exclude(status=Employee.Status.LEFT)
            .order_by("status", "start_date")
        ]
        if employee
        else None,
        "starting": [
            e.pk
            for e in Employee.objects.visible_to(viewer)
            .filter(status=Employee.Status.PRE_START, start_date__lte=today + 30 * DAY)
            .order_by("start_date")
        ],
        "leavers": [
            leaving.pk
            for leaving in Leaving.objects.visible_to(viewer)
            .filter(access_ended_at__isnull=True)
            .order_by("last_day", "pk")
        ],
        "plans": [
            (plan.pk, plan.total, plan.done, plan.overdue)
            for plan in onboarding_selectors.team_board(viewer, show="open")[:5]
        ],
        "offers": [offer.pk for offer in waiting] if _offer_viewer(viewer) else None,
        "pending": [r.pk for r in pending] if viewer.is_hr else None,
    }


def _offer_viewer(viewer: User) -> bool:
    return viewer.is_hr or viewer.has_role(Role.HIRING_MANAGER)


def _compiled(viewer: User) -> dict:
    employee = people_selectors.employee_for_user(viewer)
    return {
        "employee": employee and employee.pk,
        "team": [e.pk for e in people_selectors.team_of(employee)] if employee else None,
        "starting": [e.pk for e in people_selectors.employees_starting_soon(viewer)],
        "leavers": [leaving.pk for leaving in people_selectors.leavers_upcoming(viewer)],
        "plans": [
            (plan.pk, plan.total, plan.done, plan.overdue)
            for plan in onboarding_selectors.team_panel_plans(viewer)
        ],
        "offers": [o.pk for o in offer_selectors.offers_waiting_for(viewer)[1]]
        if _offer_viewer(viewer)
        else None,
        "pending": [r.pk for r in requisition_selectors.requisitions_pending_approval(viewer)[1]]
        if viewer.is_hr
        else None,
    }


def test_every_viewer_gets_their_own_panels_whoever_asked_first(hr_user):
    managers = [EmployeeFactory(user__roles=[Role.HIRING_MANAGER]) for _ in range(2)]
    for manager in managers:
        _team_with_a_starter_and_a_leaver(manager)
    nobody = UserFactory(roles=[Role.EMPLOYEE])
    viewers = [hr_user, managers[0].user, managers[1].user, nobody]
    seen = {}
    for _ in range(2):  # the second round from the compiled SQL, in another order
        for viewer in viewers:
            viewer = User.objects.get(pk=viewer.pk)  # a fresh request's user
            seen[viewer.pk] = _compiled(viewer)
            assert seen[viewer.pk] == _fresh(User.objects.get(pk=viewer.pk))
        viewers.reverse()
    # The managers share the SQL and each sees only their own team.
    first, second = (seen[m.user.pk] for m in managers)
    assert len(first["starting"]) == len(second["starting"]) == 1
    assert not set(first["starting"]) & set(second["starting"])
    assert not set(first["leavers"]) & set(second["leavers"])
    assert not set(first["offers"]) & set(second["offers"])
    assert [plan[1:] for plan in first["plans"]] == [(2, 0, 1)]
    assert len(seen[hr_user.pk]["starting"]) == 2
    assert len(seen[hr_user.pk]["pending"]) == 2
    assert seen[nobody.pk]["starting"] == seen[nobody.pk]["leavers"] == []


def test_a_new_day_moves_the_dates_of_the_compiled_reads(hr_user):
    manager = EmployeeFactory(user__roles=[Role.HIRING_MANAGER])
    today = timezone.localdate()
    later = EmployeeFactory(
        manager=manager, status=Employee.Status.PRE_START, start_date=today + 31 * DAY
    )
    plan = OnboardingPlanFactory(employee=later)
    PlanItemFactory(plan=plan, due_date=today)
    assert people_selectors.employees_starting_soon(hr_user) == []
    assert [p.overdue for p in onboarding_selectors.team_panel_plans(hr_user)] == [0]
    with time_machine.travel(timezone.now() + 2 * DAY, tick=False):
        hr = User.objects.get(pk=hr_user.pk)
        assert [e.pk for e in people_selectors.employees_starting_soon(hr)] == [later.pk]
        assert [p.overdue for p in onboarding_selectors.team_panel_plans(hr)] == [1]


def test_the_next_items_and_the_waiting_flags_are_the_users_own(hr_user):
    mine, theirs = (EmployeeFactory(status=Employee.Status.PRE_START) for _ in range(2))
    for employee in (mine, theirs):
        plan = OnboardingPlanFactory(employee=employee)
        PlanItemFactory(plan=plan, title=f"Item of {employee.pk}")
        PlanItemFactory(plan=plan, owner=ItemOwner.HR)  # not theirs to do
    for _ in range(2):
        for employee in (mine, theirs):
            titles = [i.title for i in onboarding_selectors.next_items_for(employee)]
            assert titles == [f"Item of {employee.pk}"]


def test_the_panels_load_every_column_they_show(hr_user, django_assert_num_queries):
    """The panel reads select only the columns shown: showing them asks nothing more."""
    for manager in [EmployeeFactory(user__roles=[Role.HIRING_MANAGER]) for _ in range(2)]:
        _team_with_a_starter_and_a_leaver(manager)
    hr = User.objects.get(pk=hr_user.pk)
    starters = people_selectors.employees_starting_soon(hr)
    leavers = people_selectors.leavers_upcoming(hr)
    _, offers = offer_selectors.offers_waiting_for(hr)
    _, pending = requisition_selectors.requisitions_pending_approval(hr)
    manager = (
        Employee.objects.select_related("user")
        .filter(manager__isnull=True, reports__isnull=False)
        .first()
    )
    managers_team = people_selectors.team_of(manager)
    with django_assert_num_queries(0):
        shown = [
            *(f"{s} {s.job_title} {s.manager} {s.start_date}" for s in starters),
            *(f"{leaving.employee} {leaving.last_day}" for leaving in leavers),
            *(
                f"{o.application_id} {o.application.candidate.name} {o.salary_currency} "
                f"{o.salary} {o.application.requisition.title} {o.created_at}"
                for o in offers
            ),
            *(f"{r.pk} {r.title} {r.hiring_manager} {r.updated_at}" for r in pending),
            *(
                f"{m} {m.job_title} {m.department} {m.status} {m.start_date} {m.manager}"
                for m in managers_team
            ),
        ]
    assert len(starters) == len(leavers) == len(offers) == len(pending) == 2
    assert len(shown) == 8 + len(managers_team)
