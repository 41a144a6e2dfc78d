"""Every write of onboarding, split by subject. Import from here."""

from onboarding.services.plans import (
    item_complete,
    item_extend_due,
    item_mark_done,
    plan_apply_template,
    plan_create_for_employee,
    plan_employee_activate,
)
from onboarding.services.policies import policy_publish_version
from onboarding.services.training import recertification_items_create
from onboarding.services.uploads import document_validate

__all__ = [
    "document_validate",
    "item_complete",
    "item_extend_due",
    "item_mark_done",
    "plan_apply_template",
    "plan_create_for_employee",
    "plan_employee_activate",
    "policy_publish_version",
    "recertification_items_create",
]
