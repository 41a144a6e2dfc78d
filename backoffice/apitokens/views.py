"""The signed-in user's own API tokens: make one (shown once), see them, revoke one."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from backoffice.apitokens import services
from backoffice.apitokens.forms import TokenCreateForm
from backoffice.apitokens.models import ApiToken
from backoffice.core.errors import DomainError


@require_http_methods(["GET", "POST"])
def token_list(request: HttpRequest) -> HttpResponse:
    """Only the user's own tokens; there is no way to name anyone else's."""
    form = TokenCreateForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        try:
            created = services.token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                lifetime_days=form.cleaned_data["lifetime_days"],
            )
        except DomainError as refused:
            form.add_error(None, refused.text)
        else:
            form = TokenCreateForm()
    page = Paginator(ApiToken.objects.visible_to(request.user), 25).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "apitokens/tokens.html",
        {"form": form, "created": created, "page_obj": page, "api_docs": request.user.is_hr},
        status=400 if form.errors else 200,
    )


@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Another user's token is not found (404): nobody learns that it exists."""
    try:
        token = services.token_revoke(token_id=pk, by=request.user)
    except DomainError as refused:
        raise Http404(refused.text) from None
    messages.success(request, f"“{token.name}” is revoked: it no longer works.")
    return redirect("apitokens:list")
