from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from backoffice.core.access import role_required
from backoffice.people.roles import RECRUITING_ROLES, Role


@require_GET
@role_required(*RECRUITING_ROLES)
def landing(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "recruiting/landing.html",
        {
            "is_hr": user.is_hr,
            "is_hiring_manager": user.has_role(Role.HIRING_MANAGER),
            "is_interviewer": user.has_role(Role.INTERVIEWER),
        },
    )
