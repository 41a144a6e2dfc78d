"""The pipeline board's cards, built in Python: as template markup each of a board's ~150 cards
cost about twenty variable nodes, filters and a {% csrf_token %} (two thirds of the page's
time). The output is the markup templates/recruiting/_board_columns.html held, escaped and
formatted by the same functions the template engine calls."""

from __future__ import annotations

from django import template
from django.template.defaultfilters import pluralize
from django.template.defaulttags import CsrfTokenNode
from django.utils.formats import date_format, localize
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.timezone import template_localtime

register = template.Library()

_DIFFER = ' <span class="badge text-bg-warning" title="Ratings differ by 2 or more">≠</span>'


def _number(value) -> str:
    # What {{ value }} prints inside {% localize off %} (the board's whole partial).
    return conditional_escape(localize(value, use_l10n=False))


def _score(score) -> str:
    if not score.scorecards:
        return ""
    skills = _number(score.skills or "—")
    culture = _number(score.culture or "—")
    count = score.scorecards
    differ = _DIFFER if score.disagreements else ""
    return (
        f'<div class="small" data-testid="card-score">Skills {skills} · Culture {culture} · '
        f"{count} card{pluralize(count)}{differ}</div>"
    )


@register.simple_tag(takes_context=True)
def board_cards(context, column, can_manage, sort) -> SafeString:
    """Each card of `column`: the candidate's link, scores, dates and, for those who may move
    it, the no-JavaScript move form (one per card, its ids varying)."""
    draggable = ' draggable="true"' if can_manage else ""
    with_form = bool(can_manage and column.move_options)
    csrf = CsrfTokenNode().render(context) if with_form else ""
    sort = conditional_escape(sort)
    # "j M" is the day, a space and the month's translated abbreviation: 30 µs per card through
    # date_format, so each month's name is looked up once.
    months = {}
    parts = []
    for application in column.applications:
        pk = application.pk  # integers print as str() does with localisation off
        stage = conditional_escape(application.stage)
        name = conditional_escape(application.candidate.name)
        days = application.days_in_stage()
        years = application.years_experience
        local = template_localtime(application.applied_at)
        if (month := months.get(local.month)) is None:
            month = months[local.month] = conditional_escape(date_format(local, "M"))
        parts.append(
            f'<article class="card board-card shadow-sm mb-2"{draggable} data-application="{pk}"'
            f' data-stage="{stage}"><div class="card-body p-2">'
            f'<a class="fw-semibold" href="{conditional_escape(application.detail_url)}">{name}</a>'
            f"{_score(application.score)}"
            f'<div class="small text-body-secondary">Applied {local.day} {month} · {days}'
            f" day{pluralize(days)} in stage · {years} yr{pluralize(years)} exp.</div>"
        )
        if with_form:
            move_url = conditional_escape(application.move_url)
            parts.append(
                f'<form class="move-form d-flex flex-wrap gap-1 mt-2" method="post"'
                f' action="{move_url}" hx-post="{move_url}" hx-target="#board"'
                f' hx-swap="outerHTML">{csrf}'
                f'<input type="hidden" name="expected_stage" value="{stage}">'
                f'<input type="hidden" name="sort" value="{sort}">'
                f'<label class="visually-hidden" for="move-{pk}">Move {name} to…</label>'
                f'<select class="form-select form-select-sm" name="to_stage" id="move-{pk}"'
                f" required>{column.move_options}</select>"
                f'<button class="btn btn-sm btn-outline-primary" type="submit">Move'
                f'<span class="visually-hidden"> {name}</span></button></form>'
            )
        parts.append("</div></article>")
    return mark_safe("".join(parts))  # noqa: S308 - every value above went through an escape
