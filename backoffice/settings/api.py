"""The REST API's settings (imported by backoffice.settings; README "The API").

Personal tokens (backoffice.apitokens) or the session; every list is cursor-paginated; calls
are counted per user and per anonymous address in the cache (shared through CACHE_URL).
"""

from backoffice.env import env_int

# Added to INSTALLED_APPS: DRF, the schema and its Redoc files, and the personal tokens.
API_APPS = ["rest_framework", "drf_spectacular", "drf_spectacular_sidecar", "backoffice.apitokens"]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "backoffice.apitokens.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "backoffice.core.api_policy.CursorPage",
    "DEFAULT_THROTTLE_CLASSES": [
        "backoffice.core.api_policy.UserThrottle",
        "backoffice.core.api_policy.AnonThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "user": f"{env_int('API_THROTTLE_USER_PER_MINUTE', 120, minimum=1)}/min",
        "anon": f"{env_int('API_THROTTLE_ANON_PER_MINUTE', 20, minimum=1)}/min",
    },
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "backoffice.core.api_policy.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Backoffice API",
    "DESCRIPTION": (
        "Requisitions, candidates and applications (read and write); employees, onboarding "
        "progress and review cycle progress (read). Authenticate with a personal token from "
        "your account menu: `Authorization: Bearer bo_…`. Each token sees what its owner sees."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["backoffice.core.api_policy.IsHR"],
    # Redoc from the sidecar package (our own static files): no CDN, no inline script (no
    # REDOC_UI_SETTINGS: they would be an inline script); templates/drf_spectacular/redoc.html
    # drops the web fonts. Swagger UI was tried and fails the axe check (nested buttons).
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "ApplicationStageEnum": "recruiting.models.candidates.Application.Stage",
        "RequisitionStatusEnum": "recruiting.models.requisitions.Requisition.Status",
        "EmployeeStatusEnum": "backoffice.people.models.Employee.Status",
        "ReviewCycleStatusEnum": "performance.models.cycles.ReviewCycle.Status",
    },
}
