"""Every write of recruiting. Views, admin actions and tasks call these, nothing else writes."""

from recruiting.services.applications import (
    REJECTION_EMAIL_DELAY,
    DuplicateApplication,
    HireNeedsAcceptedOffer,
    InvalidCandidateName,
    RequisitionNotOpen,
    ResumeUpload,
    StageMoveRefused,
    application_attachment_add,
    application_interviewer_assign,
    application_move,
    application_note_add,
    application_reject,
    application_submit,
    candidates_tag,
    rejection_email_cancel,
)
from recruiting.services.emails import (
    new_applications_digest_send,
    rejection_emails_send_due,
)
from recruiting.services.requisitions import (
    RequisitionTransitionRefused,
    requisition_approve,
    requisition_create,
    requisition_send_back,
    requisition_transition,
    requisition_update,
)

__all__ = [
    "REJECTION_EMAIL_DELAY",
    "DuplicateApplication",
    "HireNeedsAcceptedOffer",
    "InvalidCandidateName",
    "RequisitionNotOpen",
    "RequisitionTransitionRefused",
    "ResumeUpload",
    "StageMoveRefused",
    "application_attachment_add",
    "application_interviewer_assign",
    "application_move",
    "application_note_add",
    "application_reject",
    "application_submit",
    "candidates_tag",
    "new_applications_digest_send",
    "rejection_email_cancel",
    "rejection_emails_send_due",
    "requisition_approve",
    "requisition_create",
    "requisition_send_back",
    "requisition_transition",
    "requisition_update",
]
