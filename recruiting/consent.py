"""The words a candidate agrees to on the careers form, stored with each application."""

RETENTION_MONTHS = 12

CONSENT_TEXT = (
    "I agree that my data is processed for this and similar vacancies and kept for "
    f"{RETENTION_MONTHS} months after the hiring decision, then deleted."
)
