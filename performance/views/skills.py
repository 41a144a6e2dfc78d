"""Skills pages: the framework, a person's expected vs assessed levels, the team heatmap."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from backoffice.core.access import role_required
from backoffice.core.errors import DomainError
from backoffice.people import selectors as people_selectors
from performance.models import Skill
from performance.models.skills import LEVEL_NAMES
from performance.selectors import skills as selectors
from performance.selectors.metrics import employee_get_for_user
from performance.services import skills as services
from performance.views.home import PERFORMANCE_ROLES


class SkillAssessForm(forms.Form):
    skill = forms.ModelChoiceField(queryset=Skill.objects.order_by("name"))
    level = forms.TypedChoiceField(
        choices=[(str(n), f"{n} · {name}") for n, name in LEVEL_NAMES.items()], coerce=int
    )
    note = forms.CharField(
        required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


@require_GET
@role_required(*PERFORMANCE_ROLES)
def skills_framework(request: HttpRequest) -> HttpResponse:
    """Every role family's skills, their four levels in words and the level the role expects."""
    context = {"families": selectors.framework(), "skills": Skill.objects.order_by("name")}
    return render(request, "performance/skills/framework.html", context)


@require_http_methods(["GET", "POST"])
@role_required(*PERFORMANCE_ROLES)
def employee_skills(request: HttpRequest, pk: int) -> HttpResponse:
    """Expected vs assessed per skill; the person and their manager each rate here."""
    employee = employee_get_for_user(request.user, pk)
    is_self = employee.user_id == request.user.pk
    is_manager = employee.manager is not None and employee.manager.user_id == request.user.pk
    form = SkillAssessForm(request.POST or None) if (is_self or is_manager) else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.skill_assess(employee=employee, by=request.user, **form.cleaned_data)
            except DomainError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Assessed {form.cleaned_data['skill']}.")
                return redirect("performance:employee_skills", employee.pk)
    context = {
        "employee": employee,
        "rows": selectors.skill_rows(employee),
        "form": form,
        "as_manager": is_manager,
        "level_names": LEVEL_NAMES,
    }
    status = 422 if request.method == "POST" else 200
    return render(request, "performance/skills/employee.html", context, status=status)


@require_GET
@role_required(*PERFORMANCE_ROLES)
def team_skills(request: HttpRequest) -> HttpResponse:
    """The heatmap of gaps across a manager's reports (HR: everyone)."""
    me = people_selectors.employee_for_user(request.user)
    team = selectors.heatmap_team_for(request.user, me)
    heatmap = selectors.team_heatmap(team)
    return render(request, "performance/skills/team.html", {"heatmap": heatmap})
