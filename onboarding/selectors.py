"""Reads of onboarding shaped for pages; each runs a fixed number of queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from backoffice.people.models import Employee
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
class WeekGroup:
    starts_on: datetime.date
    label: str
    items: list[PlanItem] = field(default_factory=list)


@dataclass
class Progress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def _week_label(starts_on: datetime.date, start_date: datetime.date, today: datetime.date) -> str:
    this_week = today - datetime.timedelta(days=today.weekday())
    if starts_on == this_week:
        prefix = "This week"
    elif starts_on == this_week + datetime.timedelta(days=7):
        prefix = "Next week"
    elif starts_on + datetime.timedelta(days=6) < start_date:
        prefix = "Before you start"
    else:
        prefix = f"Week {(starts_on - start_date).days // 7 + 1} at work"
        if starts_on < start_date:
            prefix = "Your first week"
    return f"{prefix} · {starts_on:%-d %b}"


def plan_items_by_week(items: list[PlanItem], start_date, today) -> list[WeekGroup]:
    groups: dict[datetime.date, WeekGroup] = {}
    for item in items:
        starts_on = item.due_date - datetime.timedelta(days=item.due_date.weekday())
        if starts_on not in groups:
            groups[starts_on] = WeekGroup(starts_on, _week_label(starts_on, start_date, today))
        groups[starts_on].items.append(item)
    return [groups[key] for key in sorted(groups)]


@dataclass
class MyOnboarding:
    plan: OnboardingPlan | None
    weeks: list[WeekGroup]
    progress: Progress
    overdue: int


def my_onboarding(employee: Employee, *, today: datetime.date | None = None) -> MyOnboarding:
    """The employee's own plan grouped by due week, with progress; two queries."""
    today = today or timezone.localdate()
    plan = (
        OnboardingPlan.objects.filter(employee=employee)
        .prefetch_related(
            Prefetch("items", queryset=PlanItem.objects.select_related(*ITEM_RELATIONS))
        )
        .first()
    )
    items = list(plan.items.all()) if plan else []
    if plan is not None:
        plan.employee = employee  # permission checks read plan.employee without another query
    for item in items:
        item.plan = plan
    done = sum(1 for item in items if item.is_done)
    return MyOnboarding(
        plan=plan,
        weeks=plan_items_by_week(items, employee.start_date, today),
        progress=Progress(done=done, total=len(items)),
        overdue=sum(1 for item in items if item.is_overdue(today)),
    )


def plan_progress(plan: OnboardingPlan) -> Progress:
    counts = plan.items.aggregate(
        total=Count("pk"), done=Count("pk", filter=Q(done_at__isnull=False))
    )
    return Progress(done=counts["done"], total=counts["total"])


# --- Managers and HR ----------------------------------------------------------------------


def team_board(user, *, today: datetime.date | None = None, show: str = "open"):
    """Plans the user oversees (HR: all; a manager: their reports'), with counts; a queryset."""
    today = today or timezone.localdate()
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
    return (
        plans.select_related("employee__user", "employee__department", "employee__manager__user")
        .annotate(
            total=_item_count(),
            done=_item_count(done_at__isnull=False),
            overdue=_item_count(done_at__isnull=True, due_date__lt=today),
        )
        .order_by("-employee__start_date", "pk")
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
        # A manager's list is about their team and their own items, not their own onboarding.
        queryset = queryset.filter(plan__employee__manager__user=user)
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
    if completion is not None:
        status = completion.status_on(today)
        return MatrixCell(status, STATUS_LABELS[status], completion.expires_on)
    if open_item is not None:
        if open_item.due_date < today:
            return MatrixCell("overdue", STATUS_LABELS["overdue"], open_item.due_date)
        soon = open_item.due_date <= today + datetime.timedelta(days=EXPIRY_WARNING_DAYS)
        status = "due_soon" if soon else "to_do"
        return MatrixCell(status, STATUS_LABELS[status], open_item.due_date)
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


def next_items_for(employee: Employee, *, limit: int = 5) -> list[PlanItem]:
    return list(
        PlanItem.objects.open()
        .filter(plan__employee=employee, owner=ItemOwner.NEW_HIRE)
        .select_related("plan")
        .order_by("due_date", "order", "pk")[:limit]
    )


def plan_for_notification(plan_id: int) -> OnboardingPlan | None:
    return (
        OnboardingPlan.objects.select_related("employee__user", "employee__manager__user")
        .filter(pk=plan_id)
        .first()
    )


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
