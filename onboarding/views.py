from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from backoffice.core.access import role_required
from backoffice.people import selectors as people_selectors
from backoffice.people.roles import Role


@require_GET
@role_required(Role.EMPLOYEE, Role.HR)
def landing(request: HttpRequest) -> HttpResponse:
    employee = people_selectors.employee_for_user(request.user)
    days_to_start = (employee.start_date - timezone.localdate()).days if employee else None
    return render(
        request,
        "onboarding/landing.html",
        {"employee": employee, "days_to_start": days_to_start},
    )
