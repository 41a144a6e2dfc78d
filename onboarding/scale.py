"""Scale data for onboarding: one plan per employee, items spread over them, completions."""

from __future__ import annotations

import datetime

from django.utils import timezone

from backoffice.core.scale import (
    ScaleSizes,
    analyze,
    copy_objects,
    indexes_deferred,
    reserve_ids,
    scale_step,
    spread,
)
from onboarding.models import (
    ItemKind,
    ItemOwner,
    OnboardingPlan,
    PlanItem,
    TrainingCompletion,
    TrainingModule,
)

TASKS = [
    ("Sign the employment contract", ItemOwner.NEW_HIRE, -10),
    ("Order a laptop and a badge", ItemOwner.IT, -5),
    ("Book the welcome lunch", ItemOwner.MANAGER, 0),
    ("Set up payroll details", ItemOwner.HR, 0),
    ("Meet the team", ItemOwner.MANAGER, 1),
    ("Read the records-keeping handbook", ItemOwner.NEW_HIRE, 3),
    ("First week check-in", ItemOwner.MANAGER, 5),
    ("Shadow a colleague for a day", ItemOwner.NEW_HIRE, 8),
    ("30-day review", ItemOwner.MANAGER, 30),
]
COMPLETIONS = 2  # per employee


@scale_step(name="onboarding", order=40)
def seed_onboarding(sizes: ScaleSizes, progress) -> str:
    """A plan per generated employee with `onboarding_items` items in all (tasks and trainings);
    items due before today are mostly done; a couple of training completions per employee."""
    rng = sizes.random("onboarding")
    employee_ids = sizes.shared.get("employee_ids", [])
    if not employee_ids:
        return "no employees to onboard"
    from backoffice.people.models import Employee

    starts = dict(Employee.objects.filter(pk__in=employee_ids).values_list("pk", "start_date"))
    modules = list(TrainingModule.objects.values_list("pk", "validity_months"))
    now = timezone.now()
    today = timezone.localdate()
    plan_ids = reserve_ids(OnboardingPlan, len(employee_ids))
    copy_objects(
        OnboardingPlan,
        (
            {"id": plan_id, "employee_id": employee_id, "templates_applied_at": now}
            for plan_id, employee_id in zip(plan_ids, employee_ids, strict=True)
        ),
    )
    progress(f"{len(plan_ids):,} plans")
    per_plan = spread(sizes.onboarding_items, len(plan_ids))
    complete_plans: list[int] = []

    def items():
        for plan_id, employee_id, count in zip(plan_ids, employee_ids, per_plan, strict=True):
            start = starts[employee_id]
            all_done = True
            for order in range(count):
                if modules and order % 4 == 3:
                    module_id = modules[order % len(modules)][0]
                    kind, title, owner, offset = (
                        ItemKind.TRAINING,
                        "Complete a training",
                        "new_hire",
                        10,
                    )
                else:
                    module_id = None
                    title, owner, offset = TASKS[order % len(TASKS)]
                    kind = ItemKind.TASK
                due = start + datetime.timedelta(days=offset + order // len(TASKS) * 7)
                done = due < today and rng.random() < 0.9
                all_done = all_done and done
                yield {
                    "plan_id": plan_id,
                    "order": order,
                    "kind": kind,
                    "title": title,
                    "owner": owner,
                    "due_date": due,
                    "training_id": module_id,
                    "done_at": now - datetime.timedelta(days=max((today - due).days, 0))
                    if done
                    else None,
                }
            if all_done and count:
                complete_plans.append(plan_id)

    with indexes_deferred(PlanItem, progress=progress):
        written = copy_objects(PlanItem, items())
    OnboardingPlan.objects.filter(pk__in=complete_plans).update(completed_at=now)
    progress(f"{written:,} plan items")

    def completions():
        for employee_id in employee_ids:
            for module_id, validity in rng.sample(modules, min(COMPLETIONS, len(modules))):
                completed = now - datetime.timedelta(days=rng.randint(1, 800))
                yield {
                    "employee_id": employee_id,
                    "module_id": module_id,
                    "completed_at": completed,
                    "expires_on": completed.date() + datetime.timedelta(days=30 * validity)
                    if validity
                    else None,
                }

    completed = copy_objects(TrainingCompletion, completions())
    analyze(OnboardingPlan, TrainingCompletion)
    return f"{len(plan_ids):,} plans, {written:,} items, {completed:,} training completions"
