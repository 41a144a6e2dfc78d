"""The roles, kept as Django Groups, and the permissions each one carries.

Domain apps add their models' permissions here, so the roles stay defined in one place.
`"app_label.*"` grants every permission of an app.
"""

from django.db import models


class Role(models.TextChoices):
    HR = "HR", "HR"
    HIRING_MANAGER = "Hiring manager", "Hiring manager"
    INTERVIEWER = "Interviewer", "Interviewer"
    EMPLOYEE = "Employee", "Employee"
    # Prepares accounts and equipment: does onboarding items owned by IT.
    IT = "IT", "IT"


ROLE_PERMISSIONS: dict[str, list[str]] = {
    Role.HR: [
        "people.*",
        "recruiting.*",
        "onboarding.*",
        "performance.*",
        "notifications.*",
        "webhooks.*",
        "axes.*",  # see and lift sign-in lockouts
    ],
    Role.HIRING_MANAGER: [
        "people.view_department",
        "people.view_rolefamily",
        "people.view_employee",
    ],
    Role.INTERVIEWER: [],
    Role.EMPLOYEE: [],
    # IT's work is in the onboarding pages (items owned by IT); no admin screens.
    Role.IT: [],
}

# Who works in recruiting pages at all; finer rules live in each model's visible_to().
RECRUITING_ROLES = frozenset({Role.HR, Role.HIRING_MANAGER, Role.INTERVIEWER})
