from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from backoffice.core import health
from backoffice.core.panels import panels_for


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    panels = panels_for(request.user)
    waiting = sum(panel.waiting for panel in panels)
    return render(request, "core/home.html", {"panels": panels, "waiting": waiting})


@login_not_required
@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    report, status = health.health_report()
    return JsonResponse(report, status=status)


@login_not_required
@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    return redirect(static("favicon.svg"), permanent=True)
