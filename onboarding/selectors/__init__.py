"""Reads of onboarding shaped for pages; each runs a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from backoffice.core.compiled_once import CompiledOnce, as_viewer, viewer_key
from backoffice.people.models import Employee
from backoffice.people.roles import Role
from onboarding.models import (
    ItemKind,
    ItemOwner,
    OnboardingPlan,
    PlanItem,
    PlanItemEvent,
    PolicyAcknowledgement,
    TrainingCompletion,
    TrainingModule,
)
from onboarding.models.training import EXPIRY_WARNING_DAYS

ITEM_RELATIONS = ("policy__current_version", "training", "done_by", "depends_on")


# --- Access in one place ------------------------------------------------------------------


def item_get_for_user(user, pk: int) -> PlanItem:
    """An item the user may see, with what its page and its permission check need; else 404."""
    item = (
        PlanItem.objects.visible_to(user)
        .select_related(*ITEM_RELATIONS, "plan__employee__user", "plan__employee__manager__user")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404("No such item.")
    return item


def employee_get_for_user(user, pk: int) -> Employee:
    employee = Employee.objects.visible_to(user).with_relations().filter(pk=pk).first()
    if employee is None:
        raise Http404("No such employee.")
    return employee


def manages_anyone(user) -> bool:
    return user.is_authenticated and Employee.objects.filter(manager__user=user).exists()


# --- My onboarding ------------------------------------------------------------------------


@dataclass
class PeriodGroup:
    key: tuple
    label: str
    items: list[PlanItem] = field(default_factory=list)


@dataclass
class Progress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


# Past this many weeks from the start date, items are grouped by month ("March 2027"), not by
# a week number nobody counts (recertifications, policy updates for long-standing staff).
WEEKS_COUNTED = 8


def _period(due: datetime.date, start_date: datetime.date) -> tuple[tuple, str]:
    """The period an item's due date falls in, as (sort key, heading); one heading each."""
    if due < start_date:
        return (0, 0), "Before you start"
    week = (due - start_date).days // 7 + 1
    if week == 1:
        return (1, 1), "Your first week"
    if week <= WEEKS_COUNTED:
        begins = start_date + datetime.timedelta(days=7 * (week - 1))
        return (1, week), f"Week {week} · from {begins:%-d %b}"
    return (2, due.year, due.month), f"{due:%B %Y}"


def plan_items_by_period(items: list[PlanItem], start_date) -> list[PeriodGroup]:
    groups: dict[tuple, PeriodGroup] = {}
    for item in items:
        key, label = _period(item.due_date, start_date)
        groups.setdefault(key, PeriodGroup(key, label)).items.append(item)
    return [groups[key] for key in sorted(groups)]


@dataclass
class MyOnboarding:
    plan: OnboardingPlan | None
    periods: list[PeriodGroup]  # the employee's own items
    others: list[PlanItem]  # what the manager, HR and IT prepare for them
    progress: Progress  # of their own items
    others_progress: Progress
    overdue: int  # their own items only


def my_onboarding(employee: Employee, *, today: datetime.date | None = None) -> MyOnboarding:
    """The employee's own items by period, then what others prepare for them; three queries.

    Items owned by the manager, HR or IT are never the new hire's overdue work: they are listed
    apart. A policy item says "new version" only to someone who accepted an earlier version.
    """
    today = today or timezone.localdate()
    plan = (
        OnboardingPlan.objects.filter(employee=employee)
        .prefetch_related(
            Prefetch(
                "items",
                queryset=PlanItem.objects.select_related(*ITEM_RELATIONS, "training"),
            )
        )
        .first()
    )
    items = list(plan.items.all()) if plan else []
    if plan is not None:
        plan.employee = employee  # permission checks read plan.employee without another query
    accepted_policy_ids = (
        set(
            PolicyAcknowledgement.objects.filter(employee=employee).values_list(
                "version__policy_id", flat=True
            )
        )
        if any(item.kind == ItemKind.POLICY for item in items)
        else set()
    )
    mine, others = [], []
    for item in items:
        item.plan = plan
        item.accepted_before = item.policy_id in accepted_policy_ids
        (mine if item.owner == ItemOwner.NEW_HIRE else others).append(item)
    return MyOnboarding(
        plan=plan,
        periods=plan_items_by_period(mine, employee.start_date),
        others=others,
        progress=Progress(done=sum(1 for i in mine if i.is_done), total=len(mine)),
        others_progress=Progress(done=sum(1 for i in others if i.is_done), total=len(others)),
        overdue=sum(1 for item in mine if item.is_overdue(today)),
    )


def plan_progress(plan: OnboardingPlan) -> Progress:
    """The employee's own items done: what others prepare for them is not their progress."""
    counts = plan.items.filter(owner=ItemOwner.NEW_HIRE).aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(done_at__isnull=False))
    )
    return Progress(done=counts["done"], total=counts["total"])


# --- Managers and HR ----------------------------------------------------------------------


def _names(user_path: str) -> tuple[str, ...]:
    """A user's columns that show their name (User.__str__)."""
    return tuple(f"{user_path}__{name}" for name in ("first_name", "last_name", "email"))


# What the board and its panel show: PostgreSQL plans a select of every column of five joined
# tables in 3.3 ms, of the columns shown in under 1 (issue 22).
BOARD_COLUMNS = (
    "employee_id",
    "completed_at",
    "employee__job_title",
    "employee__start_date",
    "employee__department_id",
    "employee__manager_id",
    *_names("employee__user"),
)


def team_board(user, *, today: datetime.date | None = None, show: str = "open"):
    """Plans the user oversees (HR: all; a manager: their reports'), with counts; a queryset."""
    plans = _overseen_plans(user, today=today or timezone.localdate(), show=show)
    return plans.select_related(
        "employee__user", "employee__department", "employee__manager__user"
    ).only(*BOARD_COLUMNS, "employee__department__name", *_names("employee__manager__user"))


def _team_panel_plans(*, user_id: int, viewer, today: datetime.date, limit: int):
    # The panel shows names and counts: no department or manager joined.
    plans = _overseen_plans(as_viewer(viewer, user_id), today=today, show="open")
    return plans.select_related("employee__user").only(*BOARD_COLUMNS)[:limit]


_team_panel = CompiledOnce(OnboardingPlan, _team_panel_plans)


def team_panel_plans(user, *, limit: int = 5) -> list[OnboardingPlan]:
    """The first `limit` open plans of team_board, for the home page; compiled once per
    process, set of roles and day (issue 22)."""
    today = timezone.localdate()
    shape = {"viewer": user, "today": today, "limit": limit}
    return _team_panel((*viewer_key(user), today, limit), shape, user_id=user.pk)


def _overseen_plans(user, *, today: datetime.date, show: str):
    # Onboardings only: plans holding just policy updates or recertifications are not on it.
    plans = (
        OnboardingPlan.objects.visible_to(user)
        .filter(templates_applied_at__isnull=False)
        .exclude(employee__status=Employee.Status.LEFT)
    )
    if not user.is_hr:
        plans = plans.filter(employee__manager__user=user)
    if show == "open":
        plans = plans.filter(completed_at__isnull=True)
    elif show == "complete":
        plans = plans.filter(completed_at__isnull=False)
    # Counts as subqueries, not joins with GROUP BY: they run for the page's rows only, after
    # the sort and the LIMIT, and the paginator's COUNT leaves them out.
    return plans.annotate(
        total=_item_count(),
        done=_item_count(done_at__isnull=False),
        overdue=_item_count(done_at__isnull=True, due_date__lt=today),
    ).order_by("-employee__start_date", "pk")


def plans_with_progress(user, *, today: datetime.date | None = None):
    """Every plan `user` may see (HR: all; their own; their reports'), with item counts.

    The API's plan progress: the same `visible_to` as the pages, counts as subqueries.
    """
    today = today or timezone.localdate()
    return (
        OnboardingPlan.objects.visible_to(user)
        .select_related("employee__user")
        .annotate(
            total=_item_count(),
            done=_item_count(done_at__isnull=False),
            overdue=_item_count(done_at__isnull=True, due_date__lt=today),
            own_total=_item_count(owner=ItemOwner.NEW_HIRE),
            own_done=_item_count(owner=ItemOwner.NEW_HIRE, done_at__isnull=False),
        )
    )


def _item_count(**conditions):
    counted = (
        PlanItem.objects.filter(plan=OuterRef("pk"), **conditions)
        .order_by()
        .values("plan")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def items_for_user(user):
    """Items the user may see, for the filtered list; the FilterSet narrows it."""
    queryset = PlanItem.objects.visible_to(user).exclude(
        plan__employee__status=Employee.Status.LEFT
    )
    if not user.is_hr:
        # A manager's list is about their team, not their own onboarding; IT's is IT's items.
        mine = Q(plan__employee__manager__user=user)
        if user.has_role(Role.IT):
            mine |= Q(owner=ItemOwner.IT)
        queryset = queryset.filter(mine)
    return queryset.select_related(
        "plan__employee__user", "plan__employee__manager__user", "done_by"
    ).order_by("due_date", "pk")


@dataclass
class EmployeeAudit:
    employee: Employee
    plan: OnboardingPlan | None
    items: list[PlanItem]
    events: list[PlanItemEvent]
    acknowledgements: list[PolicyAcknowledgement]
    completions: list[TrainingCompletion]
    progress: Progress


def employee_audit(employee: Employee, *, today: datetime.date | None = None) -> EmployeeAudit:
    plan = OnboardingPlan.objects.filter(employee=employee).first()
    items = list(plan.items.select_related(*ITEM_RELATIONS)) if plan else []
    events = list(
        PlanItemEvent.objects.filter(item__plan=plan).select_related("item", "by")[:200]
        if plan
        else []
    )
    acknowledgements = list(employee.policy_acknowledgements.select_related("version__policy"))
    completions = list(employee.training_completions.select_related("module", "recorded_by"))
    return EmployeeAudit(
        employee=employee,
        plan=plan,
        items=items,
        events=events,
        acknowledgements=acknowledgements,
        completions=completions,
        progress=Progress(done=sum(1 for i in items if i.is_done), total=len(items)),
    )


# --- Training matrix ----------------------------------------------------------------------


@dataclass
class MatrixCell:
    status: str  # done, due_soon, overdue, expired, to_do, not_required
    label: str
    date: datetime.date | None = None
    origin: str = ""  # an open item's origin when it is not onboarding's own (a development plan)


STATUS_LABELS = {
    "done": "Done",
    "due_soon": "Due soon",
    "overdue": "Overdue",
    "expired": "Expired",
    "to_do": "To do",
    "not_required": "",
}


def required_modules() -> list[TrainingModule]:
    return list(TrainingModule.objects.prefetch_related("role_families", "departments"))


def matrix_employees(*, department_id: int | None = None):
    employees = Employee.objects.exclude(status=Employee.Status.LEFT).select_related(
        "user", "department"
    )
    if department_id:
        employees = employees.filter(department_id=department_id)
    return employees.order_by("user__first_name", "user__last_name", "pk")


def _cell(module, completion, open_item, today) -> MatrixCell:
    # An open item from elsewhere (a development plan) says so, even beside a completion.
    origin = open_item.origin_label if open_item is not None else ""
    if completion is not None:
        status = completion.status_on(today)
        return MatrixCell(status, STATUS_LABELS[status], completion.expires_on, origin)
    if open_item is not None:
        if open_item.due_date < today:
            return MatrixCell("overdue", STATUS_LABELS["overdue"], open_item.due_date, origin)
        soon = open_item.due_date <= today + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
        status = "due_soon" if soon else "to_do"
        return MatrixCell(status, STATUS_LABELS[status], open_item.due_date, origin)
    return MatrixCell("to_do", STATUS_LABELS["to_do"])


def training_matrix_rows(
    employees: list[Employee], modules: list[TrainingModule], *, today=None
) -> list[tuple[Employee, list[MatrixCell]]]:
    """One row per employee on the page: their status for each module. Two queries."""
    today = today or timezone.localdate()
    employee_ids = [employee.pk for employee in employees]
    latest: dict[tuple[int, int], TrainingCompletion] = {}
    for completion in TrainingCompletion.objects.filter(employee_id__in=employee_ids).order_by(
        "completed_at"
    ):
        latest[(completion.employee_id, completion.module_id)] = completion
    open_items: dict[tuple[int, int], PlanItem] = {}
    for item in (
        PlanItem.objects.open()
        .filter(plan__employee_id__in=employee_ids, kind=ItemKind.TRAINING)
        .select_related("plan")
        .order_by("-due_date")
    ):
        open_items[(item.plan.employee_id, item.training_id)] = item
    rows = []
    for employee in employees:
        cells = []
        for module in modules:
            key = (employee.pk, module.pk)
            if not module.concerns(employee) and key not in latest and key not in open_items:
                cells.append(MatrixCell("not_required", ""))
                continue
            cells.append(_cell(module, latest.get(key), open_items.get(key), today))
        rows.append((employee, cells))
    return rows


# --- Home page and notifications ----------------------------------------------------------


# On everyone's home page at every visit: compiled once per process (issue 22).
_next_items = CompiledOnce(
    PlanItem,
    lambda *, employee_id, limit: (
        PlanItem.objects.open()
        .filter(plan__employee_id=employee_id, owner=ItemOwner.NEW_HIRE)
        .select_related("plan")
        .order_by("due_date", "order", "pk")[:limit]
    ),
)


def next_items_for(employee: Employee, *, limit: int = 5) -> list[PlanItem]:
    return _next_items((limit,), {"limit": limit}, employee_id=employee.pk)


def plan_items_due_by(due_by: datetime.date):
    """Open items due by `due_by` in the plans of everyone still here, for the reminders.

    Rows, not models, with everything the reminder needs (who acts on it, the new hire's name)
    read in the same query: a collector walks a hundred thousand of them in batches, and a
    model per row, or a query per row for a name, would be most of a sweep's time.
    """
    return (
        PlanItem.objects.open()
        .filter(due_date__lte=due_by)
        .exclude(plan__employee__status=Employee.Status.LEFT)
        .order_by("pk")
        .values_list(
            "pk",
            "title",
            "owner",
            "due_date",
            "plan__employee_id",
            "plan__employee__user_id",
            "plan__employee__manager__user_id",
            "plan__employee__user__first_name",
            "plan__employee__user__last_name",
            "plan__employee__user__email",
            named=True,
        )
    )


# Policies (HR) and a training's page live in their own modules; read them from here.
from onboarding.selectors.policies import (  # noqa: E402, F401
    AudienceCount,
    PublishImpact,
    audience_label,
    policies_for_hr,
    policy_get,
    policy_publish_impact,
    policy_version_get_for_user,
    policy_version_previous,
)
from onboarding.selectors.training import (  # noqa: E402, F401
    item_page_extras,
    training_attachment_get_for_user,
)
