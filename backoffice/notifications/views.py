from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from backoffice.core.pagination import EstimatedCountPaginator
from backoffice.notifications.forms import ReminderPreferenceForm
from backoffice.notifications.models import ReminderLedger
from backoffice.notifications.reminders import reminder_kinds
from backoffice.notifications.selectors import (
    reminder_calendar,
    reminder_kind_choices,
    reminder_preference_for,
    reminders_listed_for,
    reminders_recent_for,
)
from backoffice.notifications.services import reminder_preference_update

PAGE_SIZE = 50


@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own reminder settings; there is no way to name anyone else."""
    preference = reminder_preference_for(request.user)
    choices = reminder_kind_choices(preference)
    initial = {
        "delivery": preference.delivery,
        "wanted_kinds": [choice.kind.key for choice in choices if choice.wanted],
    }
    form = ReminderPreferenceForm(request.POST or None, initial=initial, kind_choices=choices)
    if request.method == "POST" and form.is_valid():
        try:
            reminder_preference_update(
                user=request.user,
                delivery=form.cleaned_data["delivery"],
                muted_kinds=form.muted_kinds(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your reminder settings are saved.")
            return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {
            "form": form,
            "required_kinds": [choice.kind for choice in choices if choice.kind.required],
            "recent": reminders_recent_for(request.user),
            "calendar": reminder_calendar(),
        },
        status=400 if form.errors else 200,
    )


@require_GET
def reminder_list(request: HttpRequest) -> HttpResponse:
    """Every reminder sent to the signed-in user; a digest links here for what it left out."""
    labels = {kind.key: kind.label for kind in reminder_kinds()}
    kind = request.GET.get("kind", "")
    audience = request.GET.get("audience", "")
    if audience not in ReminderLedger.Audience.values:
        audience = ""
    reminders = reminders_listed_for(request.user, kind=kind, audience=audience)
    page = EstimatedCountPaginator(reminders, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "notifications/reminder_list.html",
        {
            "page_obj": page,
            "kind_label": labels.get(kind, kind),
            "audience_label": ReminderLedger.Audience(audience).label if audience else "",
        },
    )
