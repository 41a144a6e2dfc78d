"""Beat's fixed entries: each app's daily, hourly and minutely sweeps.

Entries whose interval comes from the environment (the reminder and outbox sweeps) are added in
backoffice/settings. Every task here computes what is due from the database, so a lost run is caught
up by the next one.
"""

from celery.schedules import crontab

ENTRIES = {
    "sessions-clear-expired": {
        "task": "backoffice.core.tasks.sessions_clear_expired_task",
        "schedule": crontab(hour=3, minute=17),
    },
    # Leavers: the account stops working once the last day is over; their sessions end.
    "people-leavers-access-end": {
        "task": "backoffice.people.tasks.leavers_access_end_task",
        "schedule": crontab(minute=5),
    },
    # The company-wide reports depend on the date: computed afresh for the new day, before
    # anyone looks (backoffice/core/report_refresh.py).
    "reports-refresh": {
        "task": "backoffice.core.tasks.reports_refresh_task",
        "schedule": crontab(hour=0, minute=3),
    },
    "onboarding-recertification-items": {
        "task": "onboarding.tasks.recertification_items_create_task",
        "schedule": crontab(hour=4, minute=7),
    },
    # Recruiting: hiring managers get new applications in one email, not one per applicant;
    # rejection emails go once their cancel window has passed.
    "recruiting-new-applications-digest": {
        "task": "recruiting.tasks.new_applications_digest_task",
        "schedule": crontab(minute="*/30"),
    },
    "recruiting-rejection-emails": {
        "task": "recruiting.tasks.rejection_emails_send_due_task",
        "schedule": crontab(minute="*"),
    },
    "recruiting-offers-expire": {
        "task": "recruiting.tasks.offers_expire_due_task",
        "schedule": crontab(hour=0, minute=20),
    },
    # Candidates not hired are anonymised once CANDIDATE_RETENTION_DAYS have passed.
    "recruiting-candidate-retention": {
        "task": "recruiting.tasks.candidates_anonymise_expired_task",
        "schedule": crontab(hour=2, minute=43),
    },
    # Resumes whose text-reading task was lost are queued again.
    "recruiting-resume-texts": {
        "task": "recruiting.tasks.resume_texts_queue_pending_task",
        "schedule": crontab(minute="*/5"),
        "options": {"expires": 240},
    },
    # Pulse rounds due today go out once (a unique round per survey and day).
    "performance-pulse-rounds": {
        "task": "performance.pulse_tasks.pulse_rounds_launch_due_task",
        "schedule": crontab(hour=6, minute=13),
    },
}
