"""Onboarding's models, split by subject: policies, training, checklists and plans."""

from onboarding.models.audience import Audience
from onboarding.models.plans import (
    ChecklistTemplate,
    ItemKind,
    ItemOwner,
    OnboardingPlan,
    PlanItem,
    PlanItemEvent,
    TemplateItem,
)
from onboarding.models.policies import Policy, PolicyAcknowledgement, PolicyVersion
from onboarding.models.training import (
    QuizAttempt,
    QuizChoice,
    QuizQuestion,
    TrainingAttachment,
    TrainingCompletion,
    TrainingLink,
    TrainingModule,
)

__all__ = [
    "Audience",
    "ChecklistTemplate",
    "ItemKind",
    "ItemOwner",
    "OnboardingPlan",
    "PlanItem",
    "PlanItemEvent",
    "Policy",
    "PolicyAcknowledgement",
    "PolicyVersion",
    "QuizAttempt",
    "QuizChoice",
    "QuizQuestion",
    "TemplateItem",
    "TrainingAttachment",
    "TrainingCompletion",
    "TrainingLink",
    "TrainingModule",
]
