"""Every write of onboarding, split by subject. Import from here."""

from onboarding.services.plans import (
    item_complete,
    item_extend_due,
    item_mark_done,
    plan_apply_template,
    plan_create_for_employee,
    plan_employee_activate,
    quiz_submit,
)
from onboarding.services.policies import (
    PolicyVersionError,
    policy_draft_create,
    policy_draft_delete,
    policy_draft_update,
    policy_publish_version,
    policy_version_publish,
)
from onboarding.services.training import recertification_items_create
from onboarding.services.uploads import document_validate, training_attachment_add

__all__ = [
    "PolicyVersionError",
    "document_validate",
    "item_complete",
    "item_extend_due",
    "item_mark_done",
    "plan_apply_template",
    "plan_create_for_employee",
    "plan_employee_activate",
    "policy_draft_create",
    "policy_draft_delete",
    "policy_draft_update",
    "policy_publish_version",
    "policy_version_publish",
    "quiz_submit",
    "recertification_items_create",
    "training_attachment_add",
]
