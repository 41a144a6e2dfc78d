"""A person's development plan: items they and their manager agree, linked to skills."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from backoffice.core.access import role_required
from backoffice.core.errors import DomainError
from backoffice.core.trainings import training_catalogue
from backoffice.core.widgets import DateInput
from performance.models import DevelopmentItem, Skill
from performance.models.skills import LEVEL_NAMES
from performance.selectors import development as selectors
from performance.selectors.metrics import employee_get_for_user
from performance.services import development as services
from performance.views.home import PERFORMANCE_ROLES

ACTIONS = {
    "agree": services.development_item_agree,
    "complete": services.development_item_complete,
    "confirm": services.development_item_confirm,
    "cancel": services.development_item_cancel,
}


class DevelopmentItemForm(forms.Form):
    skill = forms.ModelChoiceField(queryset=Skill.objects.order_by("name"))
    kind = forms.ChoiceField(choices=DevelopmentItem.Kind.choices)
    training_id = forms.TypedChoiceField(
        label="Training", required=False, coerce=int, empty_value=None
    )
    title = forms.CharField(
        max_length=200, required=False, help_text="Not needed for a training: its title is used."
    )
    details = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    due_on = forms.DateField(widget=DateInput, label="Due on")
    raises_to = forms.TypedChoiceField(
        label="Raises the skill to",
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—")] + [(str(n), f"{n} · {name}") for n, name in LEVEL_NAMES.items()],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        catalogue = training_catalogue()
        trainings = catalogue.choices() if catalogue else []
        self.fields["training_id"].choices = [("", "—")] + [(str(pk), t) for pk, t in trainings]


@require_http_methods(["GET", "POST"])
@role_required(*PERFORMANCE_ROLES)
def development_plan(request: HttpRequest, employee_pk: int) -> HttpResponse:
    employee = employee_get_for_user(request.user, employee_pk)
    party = employee.user_id == request.user.pk or (
        employee.manager is not None and employee.manager.user_id == request.user.pk
    )
    form = DevelopmentItemForm(request.POST or None) if party else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.development_item_propose(
                employee=employee, by=request.user, **form.cleaned_data
            )
        except DomainError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Proposed: the other side agrees it next.")
            return redirect("performance:development_plan", employee.pk)
    context = {
        "employee": employee,
        "items": selectors.plan_items(employee, request.user),
        "form": form,
        "is_manager": employee.manager is not None and employee.manager.user_id == request.user.pk,
    }
    status = 422 if request.method == "POST" else 200
    if request.method == "POST" and form is None:
        status = 403
    return render(request, "performance/development/plan.html", context, status=status)


@require_POST
@role_required(*PERFORMANCE_ROLES)
def development_item_act(request: HttpRequest, pk: int) -> HttpResponse:
    """Agree, complete, confirm or cancel an item; the service says who may."""
    item = selectors.item_get_for_user(request.user, pk)
    employee = item.employee
    manager_user_id = employee.manager.user_id if employee.manager else None
    if request.user.pk not in (employee.user_id, manager_user_id):
        raise PermissionDenied  # HR reads plans; the two of them act on them
    action = ACTIONS.get(request.POST.get("action", ""))
    if action is None:
        messages.error(request, "Unknown action.")
        return redirect("performance:development_plan", item.employee_id)
    try:
        action(item=item, by=request.user)
    except DomainError as error:
        messages.error(request, error.text)
        return redirect("performance:development_plan", item.employee_id)
    messages.success(request, "Saved.")
    return redirect("performance:development_plan", item.employee_id)
