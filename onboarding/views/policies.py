"""HR's policy pages: versions drafted from the previous text, compared, previewed, published."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.core.access import role_required
from backoffice.core.errors import DomainError
from backoffice.people.roles import Role
from onboarding import selectors, services
from onboarding.forms import PolicyDraftForm, PolicyPublishForm
from onboarding.policy_diff import policy_diff

hr_only = role_required(Role.HR)


@require_GET
@hr_only
def policies(request: HttpRequest) -> HttpResponse:
    return render(request, "onboarding/policies.html", {"policies": selectors.policies_for_hr()})


@require_GET
@hr_only
def policy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy = selectors.policy_get(pk)
    context = {
        "policy": policy,
        "audience": selectors.audience_label(policy),
        "versions": list(policy.versions.select_related("published_by")),
    }
    return render(request, "onboarding/policy_detail.html", context)


@require_POST
@hr_only
def policy_draft_new(request: HttpRequest, pk: int) -> HttpResponse:
    draft = services.policy_draft_create(policy=selectors.policy_get(pk), by=request.user)
    return redirect("onboarding:policy_draft", pk=draft.pk)


def _draft(request, pk: int):
    version = selectors.policy_version_get_for_user(request.user, pk)
    if version.is_published:
        messages.info(request, "That version is published; it cannot change.")
    return version


def _compare(version):
    previous = selectors.policy_version_previous(version)
    return previous, policy_diff(previous.body if previous else "", version.body)


@require_http_methods(["GET", "POST"])
@hr_only
def policy_draft(request: HttpRequest, pk: int) -> HttpResponse:
    version = _draft(request, pk)
    if version.is_published:
        return redirect("onboarding:policy_version", pk=version.pk)
    initial = {
        "body": version.body,
        "change_note": version.change_note,
        "effective_date": version.effective_date,
    }
    form = PolicyDraftForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.policy_draft_update(version=version, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"Draft of version {version.number} saved.")
            return redirect("onboarding:policy_draft", pk=version.pk)
    previous, diff = _compare(version)
    context = {"version": version, "form": form, "previous": previous, "diff": diff}
    return render(request, "onboarding/policy_draft.html", context)


@require_GET
@hr_only
def policy_version(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.policy_version_get_for_user(request.user, pk)
    previous, diff = _compare(version)
    context = {"version": version, "previous": previous, "diff": diff}
    return render(request, "onboarding/policy_version.html", context)


@require_GET
@hr_only
def policy_draft_preview(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.policy_version_get_for_user(request.user, pk)
    return render(request, "onboarding/policy_preview.html", {"version": version})


@require_http_methods(["GET", "POST"])
@hr_only
def policy_draft_publish(request: HttpRequest, pk: int) -> HttpResponse:
    version = _draft(request, pk)
    if version.is_published:
        return redirect("onboarding:policy_version", pk=version.pk)
    first = version.policy.current_version_id is None
    form = PolicyPublishForm(
        request.POST or None, initial={"expected_number": version.number}, first_version=first
    )
    if request.method == "POST" and form.is_valid():
        try:
            asked = services.policy_version_publish(
                version=version,
                by=request.user,
                material=form.material,
                expected_number=form.cleaned_data["expected_number"],
            )
        except DomainError as refused:
            form.add_error(None, refused)
        else:
            messages.success(
                request,
                f"Version {version.number} of “{version.policy}” is published; "
                f"{asked} {'person was' if asked == 1 else 'people were'} asked to accept it.",
            )
            return redirect("onboarding:policy", pk=version.policy_id)
    previous, diff = _compare(version)
    context = {
        "version": version,
        "form": form,
        "impact": selectors.policy_publish_impact(version),
        "previous": previous,
        "diff": diff,
    }
    return render(request, "onboarding/policy_publish.html", context)


@require_POST
@hr_only
def policy_draft_delete(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.policy_version_get_for_user(request.user, pk)
    try:
        services.policy_draft_delete(version=version, by=request.user)
    except DomainError as refused:
        messages.error(request, refused.text)
        return redirect("onboarding:policy_version", pk=version.pk)
    messages.success(request, f"The draft of version {version.number} was deleted.")
    return redirect("onboarding:policy", pk=version.policy_id)
