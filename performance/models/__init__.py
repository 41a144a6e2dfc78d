from performance.models.cycles import (
    PEER_FEEDBACK_MINIMUM,
    CycleEvent,
    ReviewCycle,
    ReviewQuestion,
)
from performance.models.development import DevelopmentItem
from performance.models.feedback import Feedback, OneOnOneNote, ProbationCheckIn
from performance.models.goals import Goal, GoalUpdate
from performance.models.metrics import Measurement, Metric
from performance.models.pulse import (
    PulseAnswer,
    PulseBucket,
    PulseParticipation,
    PulseRound,
    PulseSurvey,
)
from performance.models.reviews import PeerFeedback, RatingAdjustment, Review, ReviewAnswer
from performance.models.skills import RoleSkill, Skill, SkillAssessment

__all__ = [
    "PEER_FEEDBACK_MINIMUM",
    "CycleEvent",
    "DevelopmentItem",
    "Feedback",
    "Goal",
    "GoalUpdate",
    "Measurement",
    "Metric",
    "OneOnOneNote",
    "PeerFeedback",
    "ProbationCheckIn",
    "PulseAnswer",
    "PulseBucket",
    "PulseParticipation",
    "PulseRound",
    "PulseSurvey",
    "RatingAdjustment",
    "Review",
    "ReviewAnswer",
    "ReviewCycle",
    "ReviewQuestion",
    "RoleSkill",
    "Skill",
    "SkillAssessment",
]
