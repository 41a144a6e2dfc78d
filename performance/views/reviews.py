from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from backoffice.core.access import role_required
from performance.forms import (
    AcknowledgeForm,
    PeerFeedbackForm,
    PeerNominationForm,
    RatingAdjustForm,
    ReviewAnswersForm,
)
from performance.models import PeerFeedback, ReviewAnswer, ReviewCycle
from performance.selectors import reviews as selectors
from performance.services import reviews as services
from performance.views.home import PERFORMANCE_ROLES

Author = ReviewAnswer.Author


def _answers_form(page, data=None):
    own = page.self_answers if page.viewer == Author.SELF else page.manager_answers
    return ReviewAnswersForm(
        data,
        questions=page.questions,
        answers=own,
        review=page.review,
        is_manager=page.viewer == Author.MANAGER,
        skills=page.skills,
    )


def _peer_search(request, review, page) -> dict | None:
    """The manager's search for peers to ask, while the cycle still takes peer feedback."""
    if page.viewer != Author.MANAGER or not review.cycle.peer_feedback_open:
        return None
    query = request.GET.get("peer_q", "").strip()[:100]
    include_new = request.GET.get("include_new") == "1"
    return {
        "query": query,
        "include_new": include_new,
        "candidates": selectors.peer_candidates(review, query=query, include_new=include_new),
        "probation_days": selectors.PROBATION_DAYS,
    }


def _render_review(request, review, *, form=None, status=200):
    page = selectors.review_page(review, request.user)
    context = {
        "page": page,
        "review": review,
        "form": form or (_answers_form(page) if page.can_write else None),
        "acknowledge_form": AcknowledgeForm(),
        "peer_search": _peer_search(request, review, page),
        "adjust_form": RatingAdjustForm(initial={"to_rating": review.final_rating}),
    }
    return render(request, "performance/review_detail.html", context, status=status)


@require_http_methods(["GET"])
@role_required(*PERFORMANCE_ROLES)
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_get_for_user(request.user, pk)
    return _render_review(request, review)


@require_POST
@role_required(*PERFORMANCE_ROLES)
def review_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the draft (htmx autosave answers with a small status) or submit and lock it."""
    review = selectors.review_get_for_user(request.user, pk)
    author = services.review_author_for(review, request.user)
    if author is None:
        raise PermissionDenied
    page = selectors.review_page(review, request.user)
    form = _answers_form(page, request.POST)
    if not form.is_valid():
        if request.htmx:
            # 200 so that htmx swaps the status line in: the message is the answer.
            return render(request, "performance/_autosave.html", {"error": True})
        return _render_review(request, review, form=form, status=422)
    try:
        services.review_draft_save(
            review=review,
            author=author,
            by=request.user,
            answers=form.answers(),
            overall_rating=form.cleaned_data.get("overall_rating"),
            potential=form.cleaned_data.get("potential", ""),
        )
        if "submit" in request.POST:
            services.review_submit(
                review=review, author=author, by=request.user, skill_levels=form.skill_levels()
            )
    except ValidationError as error:
        if request.htmx:
            return render(request, "performance/_autosave.html", {"error": error.messages[0]})
        # The draft part was saved (or nothing was, when locked); the message says why.
        messages.error(request, " ".join(error.messages))
        return redirect("performance:review_detail", pk=review.pk)
    if request.htmx:
        return render(request, "performance/_autosave.html", {"saved": True})
    if "submit" in request.POST:
        messages.success(request, "Submitted. Your review is locked.")
    else:
        messages.success(request, "Draft saved.")
    return redirect("performance:review_detail", pk=review.pk)


@require_POST
@role_required(*PERFORMANCE_ROLES)
def review_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_get_for_user(request.user, pk)
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        return _render_review(request, review, status=422)
    try:
        services.review_acknowledge(
            review=review, by=request.user, comment=form.cleaned_data["comment"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Thank you: your acknowledgement is recorded.")
    return redirect("performance:review_detail", pk=review.pk)


@require_POST
@role_required(*PERFORMANCE_ROLES)
def review_nominate_peers(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_get_for_user(request.user, pk)
    form = PeerNominationForm(request.POST, review=review)
    if not form.is_valid():
        messages.error(request, "Pick at least one colleague.")
        return redirect("performance:review_detail", pk=review.pk)
    try:
        asked = services.peer_nominate(
            review=review, peers=list(form.cleaned_data["peers"]), by=request.user
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Asked {asked} more peer{'s' if asked != 1 else ''}.")
    return redirect("performance:review_detail", pk=review.pk)


@require_POST
@role_required(*PERFORMANCE_ROLES)
def review_adjust_rating(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.review_get_for_user(request.user, pk)
    form = RatingAdjustForm(request.POST)
    back = request.POST.get("next") or ""
    if not form.is_valid():
        messages.error(request, "Choose a rating and give the reason for the change.")
    else:
        try:
            services.review_rating_adjust(
                review=review,
                to_rating=form.cleaned_data["to_rating"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"Final rating of {review.employee} adjusted.")
    if back == "calibration":
        return redirect("performance:calibration", pk=review.cycle_id)
    return redirect("performance:review_detail", pk=review.pk)


@require_http_methods(["GET", "POST"])
@role_required(*PERFORMANCE_ROLES)
def peer_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    feedback = get_object_or_404(
        PeerFeedback.objects.for_peer(request.user).select_related(
            "review__employee__user", "review__cycle"
        ),
        pk=pk,
    )
    form = PeerFeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.peer_feedback_submit(
                feedback=feedback,
                by=request.user,
                strengths=form.cleaned_data["strengths"],
                improvements=form.cleaned_data["improvements"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Thank you: your feedback is sent, without your name.")
            return redirect("performance:landing")
    status = 422 if request.method == "POST" else 200
    return render(
        request,
        "performance/peer_feedback.html",
        {"feedback": feedback, "form": form},
        status=status,
    )


@require_http_methods(["GET"])
@role_required(*PERFORMANCE_ROLES)
def calibration(request: HttpRequest, pk: int) -> HttpResponse:
    """HR sees every review of the cycle, a manager those of their reports."""
    cycle = get_object_or_404(ReviewCycle.objects.launched(), pk=pk)
    reviews = selectors.calibration_reviews(cycle, request.user)
    board = selectors.calibration_board(reviews)
    if not request.user.is_hr and not board["rows"] and not reviews.exists():
        raise Http404("Nothing to calibrate here")
    return render(
        request,
        "performance/calibration.html",
        {"cycle": cycle, "board": board, "adjust_form": RatingAdjustForm()},
    )
