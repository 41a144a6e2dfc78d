"""Recruiting's models, one module per entity; importing them here registers them with Django.

`from recruiting.models import Offer` keeps working; code inside the app imports from the
entity's own module (`recruiting.models.offers`).
"""

from recruiting.models.candidates import (
    Application,
    ApplicationAttachment,
    ApplicationInterviewer,
    ApplicationNote,
    ApplicationQuerySet,
    Candidate,
    CandidateQuerySet,
    RejectionReason,
    StageEvent,
    Tag,
    attachment_upload_to,
    resume_upload_to,
)
from recruiting.models.interviews import Interview, InterviewQuerySet
from recruiting.models.offer_letters import (
    MERGE_FIELDS,
    OfferLetterTemplate,
    OfferLetterVersion,
    OfferSignature,
)
from recruiting.models.offers import Offer, OfferQuerySet
from recruiting.models.requisitions import (
    Requisition,
    RequisitionEvent,
    RequisitionQuerySet,
    RequisitionSkill,
)
from recruiting.models.resume_text import ResumeText
from recruiting.models.scorecards import (
    Recommendation,
    Scorecard,
    ScorecardCriterion,
    ScorecardQuerySet,
    ScorecardRating,
    ScorecardTemplate,
)
from recruiting.models.skills_test import SkillsTest

__all__ = [
    "MERGE_FIELDS",
    "Application",
    "ApplicationAttachment",
    "ApplicationInterviewer",
    "ApplicationNote",
    "ApplicationQuerySet",
    "Candidate",
    "CandidateQuerySet",
    "Interview",
    "InterviewQuerySet",
    "Offer",
    "OfferLetterTemplate",
    "OfferLetterVersion",
    "OfferQuerySet",
    "OfferSignature",
    "Recommendation",
    "RejectionReason",
    "Requisition",
    "RequisitionEvent",
    "RequisitionQuerySet",
    "RequisitionSkill",
    "ResumeText",
    "Scorecard",
    "ScorecardCriterion",
    "ScorecardQuerySet",
    "ScorecardRating",
    "ScorecardTemplate",
    "SkillsTest",
    "StageEvent",
    "Tag",
    "attachment_upload_to",
    "resume_upload_to",
]
