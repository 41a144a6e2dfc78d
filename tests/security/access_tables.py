"""Who may reach each URL of the site: one table per app, read by test_permission_matrix.py.

Every named URL pattern must appear here; a new URL fails the matrix until it is added.
Each entry says which object of side A (tests/security/world.py) goes in the URL, and:
- `allowed`: the roles that may reach that object (its page answers them normally);
- `filtered`: roles that get the page but must see nothing of side A (lists, exports, bulk
  forms that only act on what the user may manage); for them no row may change either;
- everyone else must get 403/404/405 (anonymous visitors: a redirect to sign-in) and no row
  may change.
To add a URL: add a line to its app's table with the object it takes (`obj`, the name of the
URL keyword in `kwarg`), who may reach it and, for a POST that should try something specific,
`post` (world → form data).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tests.security.world import (
    ANON,
    CANDIDATE,
    HR,
    INTERVIEWER,
    OTHER_HIRING_MANAGER,
    ROLES,
)

EVERYONE = frozenset(ROLES)
SIGNED_IN = EVERYONE - {ANON, CANDIDATE}
RECRUITERS = frozenset({INTERVIEWER, OTHER_HIRING_MANAGER, HR})
NOBODY = frozenset()
ONLY_HR = frozenset({HR})


@dataclass(frozen=True)
class Access:
    allowed: frozenset[str]
    obj: str | None = None
    kwarg: str = "pk"
    filtered: frozenset[str] = NOBODY
    post: Callable | None = None
    kwargs: dict = field(default_factory=dict)  # fixed URL values (no object)


CORE = {
    "home": Access(SIGNED_IN),
    "healthz": Access(EVERYONE),
    "favicon": Access(EVERYONE),
    # For crawlers and job boards: only the open jobs, which the careers page shows anyone.
    "robots_txt": Access(EVERYONE),
    "sitemap": Access(EVERYONE),
}

PEOPLE = {
    "login": Access(EVERYONE),
    # POST ends the session and sends anyone to the sign-in page; nothing else to reach.
    "logout": Access(NOBODY, filtered=EVERYONE),
    "password_change": Access(SIGNED_IN),
    "password_change_done": Access(SIGNED_IN),
    "password_reset": Access(EVERYONE),
    "password_reset_done": Access(EVERYONE),
    # A made-up token: the page says the link is invalid and changes nothing.
    "password_reset_confirm": Access(EVERYONE, kwargs={"uidb64": "MQ", "token": "x-y"}),
    "password_reset_complete": Access(EVERYONE),
    # Single sign-on's way to the provider and back: public, and 404 for everyone while single
    # sign-on is off, as here (tests/people/test_sso.py and tests/e2e/test_single_sign_on.py
    # cover them switched on).
    "oidc_authentication_init": Access(NOBODY),
    "oidc_authentication_callback": Access(NOBODY),
    # Leavers (issue 20): HR records them and alone reads exit answers; a manager sees their
    # own reports' leavings (nobody of side A here), everyone else an empty list.
    "people:leavers": Access(ONLY_HR, filtered=SIGNED_IN - {HR}),
    "people:leaver_new": Access(ONLY_HR),
    "people:leaver": Access(ONLY_HR, obj="leaving"),
    # Moving the last day and cancelling a leaving are HR's alone (a manager cannot either).
    "people:leaver_last_day": Access(
        ONLY_HR, obj="leaving", post=lambda world: {"last_day": "2099-01-31"}
    ),
    "people:leaver_cancel": Access(ONLY_HR, obj="leaving"),
    # The signed-in leaver's own questionnaire: nobody in the matrix is leaving.
    "people:exit": Access(NOBODY),
    # Side A's leaving addressed with a token signed for another purpose: nobody gets in.
    "people:exit_link": Access(NOBODY, obj="forged_exit_token", kwarg="token"),
    # Turnover: HR the company, a manager their own reports (none of side A), others 403.
    "people:turnover": Access(ONLY_HR, filtered=SIGNED_IN - {HR}),
    "people:turnover_export": Access(ONLY_HR, filtered=SIGNED_IN - {HR}),
}

NOTIFICATIONS = {
    "notifications:preferences": Access(SIGNED_IN),
    # Only the signed-in user's own reminders: there is no way to name anyone else.
    "notifications:reminder_list": Access(SIGNED_IN),
}

CAREERS = {
    "careers:list": Access(EVERYONE),
    "careers:feed_rss": Access(EVERYONE),
    "careers:feed_xml": Access(EVERYONE),
    "careers:detail": Access(EVERYONE, obj="requisition"),
    "careers:applied": Access(EVERYONE, obj="requisition"),
    # Side A's application addressed with a token not signed for it: nobody gets through.
    "careers:withdraw": Access(NOBODY, obj="forged_withdraw_token", kwarg="token"),
    # The candidate's status and offer links (issue 14), addressed with tokens signed for
    # another purpose: nobody gets through, and nothing changes.
    "careers:status": Access(NOBODY, obj="forged_status_token", kwarg="token"),
    "careers:status_interview_ics": Access(NOBODY, kwargs={"token": "not-a-token", "pk": 1}),
    "careers:offer": Access(NOBODY, obj="forged_offer_token", kwarg="token"),
    "careers:offer_pdf": Access(NOBODY, obj="forged_offer_token", kwarg="token"),
}

RECRUITING = {
    "recruiting:landing": Access(RECRUITERS),
    "recruiting:requisition_create": Access(frozenset({OTHER_HIRING_MANAGER, HR})),
    "recruiting:requisition_edit": Access(ONLY_HR, obj="requisition"),
    "recruiting:requisition_board": Access(ONLY_HR, obj="requisition"),
    "recruiting:requisition_transition": Access(
        ONLY_HR, obj="requisition", post=lambda world: {"to_status": "cancelled"}
    ),
    "recruiting:requisition_report": Access(ONLY_HR, obj="requisition"),
    "recruiting:application_detail": Access(ONLY_HR, obj="application"),
    "recruiting:application_move": Access(
        ONLY_HR,
        obj="application",
        post=lambda world: {"to_stage": "screening", "expected_stage": "applied"},
    ),
    "recruiting:application_reject": Access(ONLY_HR, obj="application"),
    "recruiting:rejection_email_cancel": Access(ONLY_HR, obj="application"),
    "recruiting:application_resume": Access(ONLY_HR, obj="application"),
    "recruiting:application_note_add": Access(
        ONLY_HR, obj="application", post=lambda world: {"body": "planted note"}
    ),
    "recruiting:application_attachment_add": Access(ONLY_HR, obj="application"),
    "recruiting:application_interviewer_assign": Access(
        ONLY_HR,
        obj="application",
        post=lambda world: {"user": world.users[INTERVIEWER].pk},
    ),
    "recruiting:application_details_merge": Access(ONLY_HR, obj="application"),
    "recruiting:attachment_download": Access(ONLY_HR, obj="attachment"),
    "recruiting:candidate_list": Access(ONLY_HR, filtered=RECRUITERS - {HR}),
    "recruiting:candidate_bulk": Access(
        ONLY_HR,
        filtered=RECRUITERS - {HR},
        post=lambda world: {
            "action": "tag",
            "tag": "planted",
            "applications": [world.objects["application"].pk],
        },
    ),
    "recruiting:candidate_export": Access(ONLY_HR, filtered=RECRUITERS - {HR}),
    # Candidates from elsewhere (issue 23): HR only, like every write across requisitions.
    "recruiting:candidate_import": Access(ONLY_HR),
    "recruiting:candidate_import_example": Access(ONLY_HR),
    "recruiting:candidate_import_report": Access(ONLY_HR),
    # Structured hiring (issue 4).
    "recruiting:interview_schedule": Access(ONLY_HR, obj="application"),
    "recruiting:interview_kit": Access(ONLY_HR, obj="interview"),
    "recruiting:interview_edit": Access(ONLY_HR, obj="interview"),
    "recruiting:interview_cancel": Access(ONLY_HR, obj="interview"),
    # A scorecard is its interviewer's own: nobody else writes or amends it, HR included.
    "recruiting:scorecard_edit": Access(NOBODY, obj="interview"),
    "recruiting:scorecard_amend": Access(NOBODY, obj="scorecard"),
    "recruiting:offer_create": Access(ONLY_HR, obj="application"),
    "recruiting:offer_transition": Access(
        ONLY_HR, obj="offer", post=lambda world: {"to_status": "withdrawn"}
    ),
    "recruiting:offer_letter": Access(ONLY_HR, obj="offer"),
    # The signed letter: HR and the requisition's hiring manager (side A's, not a role here).
    "recruiting:offer_signed_pdf": Access(ONLY_HR, obj="signed_offer"),
    "recruiting:requisition_ranking": Access(ONLY_HR, obj="requisition"),
    "recruiting:calibration": Access(ONLY_HR),
    "recruiting:skills_test_send": Access(ONLY_HR, obj="application"),
    "recruiting:skills_test_result": Access(ONLY_HR, obj="skills_test"),
    # Side A's test addressed with a forged token: nobody gets through.
    "recruiting:skills_test_take": Access(NOBODY, obj="forged_skills_token", kwarg="token"),
}

ONBOARDING = {
    "onboarding:landing": Access(ONLY_HR, filtered=SIGNED_IN - {HR}),
    "onboarding:items": Access(ONLY_HR, filtered=SIGNED_IN - {HR}),
    "onboarding:item": Access(ONLY_HR, obj="item"),
    "onboarding:item_complete": Access(ONLY_HR, obj="item"),
    "onboarding:item_document": Access(ONLY_HR, obj="item"),
    # A training's files: HR, and whoever has that training in a plan they may see.
    "onboarding:training_attachment": Access(ONLY_HR, obj="training_file"),
    # Policies are company documents: everyone employed reads the published ones.
    "onboarding:policy_pdf": Access(SIGNED_IN, obj="policy_version"),
    # HR writes, compares, previews and publishes policy versions; drafts are HR's alone.
    "onboarding:policies": Access(ONLY_HR),
    "onboarding:policy": Access(ONLY_HR, obj="policy"),
    "onboarding:policy_draft_new": Access(ONLY_HR, obj="policy"),
    "onboarding:policy_version": Access(ONLY_HR, obj="policy_version"),
    "onboarding:policy_draft": Access(ONLY_HR, obj="policy_draft"),
    "onboarding:policy_preview": Access(ONLY_HR, obj="policy_draft"),
    "onboarding:policy_publish": Access(ONLY_HR, obj="policy_draft"),
    "onboarding:policy_draft_delete": Access(ONLY_HR, obj="policy_draft"),
    "onboarding:team": Access(ONLY_HR, filtered=SIGNED_IN - {HR}),
    "onboarding:training_matrix": Access(ONLY_HR),
    "onboarding:employee": Access(ONLY_HR, obj="new_hire"),
    "onboarding:employee_activate": Access(ONLY_HR, obj="new_hire"),
}

PERFORMANCE = {
    "performance:landing": Access(ONLY_HR, filtered=SIGNED_IN - {HR}),
    "performance:review_detail": Access(ONLY_HR, obj="review"),
    # Only the review's own employee and manager write and acknowledge it: not even HR.
    "performance:review_save": Access(NOBODY, obj="review"),
    "performance:review_acknowledge": Access(NOBODY, obj="review"),
    "performance:review_nominate_peers": Access(ONLY_HR, obj="review"),
    "performance:review_adjust_rating": Access(ONLY_HR, obj="review"),
    "performance:peer_feedback": Access(NOBODY, obj="peer_request"),
    "performance:calibration": Access(ONLY_HR, obj="cycle"),
    "performance:employee_metrics": Access(ONLY_HR, obj="employee"),
    "performance:team_metrics": Access(ONLY_HR, filtered=SIGNED_IN - {HR}),
    "performance:measurement_new": Access(ONLY_HR, filtered=SIGNED_IN - {HR}),
    "performance:measurement_import": Access(ONLY_HR, filtered=SIGNED_IN - {HR}),
    # Goals are set and decided between an employee and their own manager.
    "performance:goal_new": Access(NOBODY, obj="employee", kwarg="employee_pk"),
    "performance:goal_detail": Access(ONLY_HR, obj="goal"),
    "performance:goal_decide": Access(NOBODY, obj="goal"),
    "performance:goal_update": Access(ONLY_HR, obj="goal"),
    "performance:goal_comment": Access(
        ONLY_HR, obj="goal", post=lambda world: {"text": "planted comment"}
    ),
    "performance:check_in": Access(ONLY_HR, obj="check_in"),
    "performance:feedback": Access(ONLY_HR, filtered=SIGNED_IN - {HR}),
    # One-on-one notes belong to the manager and their report alone.
    "performance:one_on_ones": Access(NOBODY, obj="employee", kwarg="employee_pk"),
    "performance:reports": Access(ONLY_HR, filtered=SIGNED_IN - {HR}),
    # Company-wide aggregates over n >= the minimum: HR and hiring managers (per-interviewer
    # figures for HR only, tested in tests/performance/test_hiring_signals.py).
    "performance:hiring_signals": Access(frozenset({HR, OTHER_HIRING_MANAGER})),
    # Skills (issue 21): the framework is for everyone; a person's levels for them, their
    # manager and HR (only the person and their manager rate); the heatmap for managers and HR.
    "performance:skills_framework": Access(SIGNED_IN),
    "performance:employee_skills": Access(
        ONLY_HR, obj="employee", post=lambda world: {"skill": 1, "level": "1"}
    ),
    "performance:team_skills": Access(ONLY_HR, filtered=SIGNED_IN - {HR}),
    # A development plan is agreed between a person and their manager; HR reads it.
    "performance:development_plan": Access(
        ONLY_HR,
        obj="employee",
        kwarg="employee_pk",
        post=lambda world: {
            "skill": 1,
            "kind": "stretch",
            "title": "planted",
            "due_on": "2099-01-01",
        },
    ),
    "performance:development_item_act": Access(
        NOBODY, obj="development_item", post=lambda world: {"action": "agree"}
    ),
    # Pulse surveys (issue 21): HR defines them and reads every group's results; a manager
    # reads only their own team's (nobody of side B manages anyone asked in side A's survey).
    "performance:pulse_surveys": Access(ONLY_HR, filtered=SIGNED_IN - {HR}),
    "performance:pulse_survey_new": Access(ONLY_HR),
    "performance:pulse_results": Access(ONLY_HR, obj="pulse_survey"),
    "performance:pulse_results_export": Access(ONLY_HR, obj="pulse_survey"),
    # Pausing or resuming a survey's schedule: HR only (a manager of the team asked cannot).
    "performance:pulse_survey_schedule": Access(
        ONLY_HR, obj="pulse_survey", post=lambda world: {"action": "pause"}
    ),
    "performance:pulse_comment_hide": Access(ONLY_HR, obj="pulse_comment"),
    # Only the people asked in a round answer it (nobody of the roles here was asked), and the
    # emailed link works only with a token signed for it.
    "performance:pulse_answer": Access(NOBODY, obj="pulse_round", kwarg="round_pk"),
    "performance:pulse_answer_link": Access(NOBODY, obj="forged_pulse_token", kwarg="token"),
}

# The REST API (issue 23): each endpoint answers the roles its page answers, with the same
# objects (tests/security/test_api_matrix.py compares the rows one by one, with tokens).
# Here it is walked with the session, as the browser's Swagger UI calls it; anonymous calls
# get 401. Lists are filtered for the roles whose page shows them their own rows only.
RECRUITING_FILTERED = RECRUITERS - {HR}
API = {
    "api:requisition-list": Access(ONLY_HR, filtered=RECRUITING_FILTERED),
    "api:requisition-detail": Access(ONLY_HR, obj="requisition"),
    "api:requisition-transition": Access(
        ONLY_HR, obj="requisition", post=lambda world: {"to_status": "cancelled"}
    ),
    "api:candidate-list": Access(ONLY_HR, filtered=RECRUITING_FILTERED),
    "api:candidate-detail": Access(ONLY_HR, obj="candidate"),
    "api:candidate-tags": Access(ONLY_HR, obj="candidate", post=lambda world: {"tag": "planted"}),
    # Adding a candidate with an application is HR's, like the candidate import.
    "api:application-list": Access(ONLY_HR, filtered=RECRUITING_FILTERED),
    "api:application-detail": Access(ONLY_HR, obj="application"),
    "api:application-move": Access(
        ONLY_HR,
        obj="application",
        post=lambda world: {"to_stage": "screening", "expected_stage": "applied"},
    ),
    "api:application-notes": Access(
        ONLY_HR, obj="application", post=lambda world: {"body": "planted note"}
    ),
    # Everyone sees themselves and their direct reports; HR everyone.
    "api:employee-list": Access(ONLY_HR, filtered=SIGNED_IN - {HR}),
    "api:employee-detail": Access(ONLY_HR, obj="employee"),
    "api:onboarding-plan-list": Access(ONLY_HR, filtered=SIGNED_IN - {HR}),
    "api:onboarding-plan-detail": Access(ONLY_HR, obj="plan"),
    # Company-wide completion counts, as on HR's reports page.
    "api:review-cycle-list": Access(ONLY_HR),
    "api:review-cycle-detail": Access(ONLY_HR, obj="cycle"),
    "api:schema": Access(ONLY_HR),
    "api:docs": Access(ONLY_HR),
    # Personal tokens: each user's own page; nobody revokes another's.
    "apitokens:list": Access(SIGNED_IN),
    "apitokens:revoke": Access(NOBODY, obj="api_token"),
}

SITE_TABLES = {
    "core": CORE,
    "people": PEOPLE,
    "notifications": NOTIFICATIONS,
    "careers": CAREERS,
    "recruiting": RECRUITING,
    "onboarding": ONBOARDING,
    "performance": PERFORMANCE,
    "api": API,
}

# --- The admin ------------------------------------------------------------------------------
# Every registered model: "hr" (only HR reaches it) or "staff_view" (staff holding a role with
# view permission on it may read it, nobody but HR changes it). A model registered in the
# admin but missing here fails the matrix.
ADMIN_MODELS = {
    "auth.group": "hr",
    "axes.accessattempt": "hr",
    "axes.accessfailurelog": "hr",
    "axes.accesslog": "hr",
    "notifications.outboxevent": "hr",
    "notifications.outboxmessage": "hr",
    "notifications.reminderledger": "hr",
    "notifications.reminderpreference": "hr",
    "onboarding.checklisttemplate": "hr",
    "onboarding.onboardingplan": "hr",
    "onboarding.planitem": "hr",
    "onboarding.planitemevent": "hr",
    "onboarding.policy": "hr",
    "onboarding.policyacknowledgement": "hr",
    "onboarding.policyversion": "hr",
    "onboarding.quizattempt": "hr",
    "onboarding.quizquestion": "hr",
    "onboarding.trainingcompletion": "hr",
    "onboarding.trainingmodule": "hr",
    "people.companyclosure": "hr",
    "people.leavingreason": "hr",
    "people.department": "staff_view",
    "people.employee": "staff_view",
    "people.rolefamily": "staff_view",
    "people.user": "hr",
    "performance.goal": "hr",
    "performance.measurement": "hr",
    "performance.metric": "hr",
    "performance.probationcheckin": "hr",
    "performance.review": "hr",
    "performance.reviewanswer": "hr",
    "performance.reviewcycle": "hr",
    "performance.skill": "hr",
    "recruiting.application": "hr",
    "recruiting.interview": "hr",
    "recruiting.offer": "hr",
    "recruiting.offerlettertemplate": "hr",
    "recruiting.offersignature": "hr",
    "recruiting.scorecard": "hr",
    "recruiting.scorecardtemplate": "hr",
    "recruiting.skillstest": "hr",
    "recruiting.candidate": "hr",
    "recruiting.rejectionreason": "hr",
    "recruiting.requisition": "hr",
    "recruiting.tag": "hr",
    "webhooks.webhookdelivery": "hr",
    "webhooks.webhookendpoint": "hr",
}

# The admin's own pages (not per model): all send non-staff visitors to the admin sign-in.
ADMIN_SITE_URLS = {
    "admin:index",
    "admin:login",
    "admin:logout",
    "admin:password_change",
    "admin:password_change_done",
    "admin:jsi18n",
    "admin:autocomplete",
    "admin:app_list",
    "admin:view_on_site",
    # The user admin's set-password page (named after auth.User by Django's UserAdmin).
    "admin:auth_user_password_change",
}
