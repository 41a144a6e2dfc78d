"""The board for screen-reader and keyboard users: a permanent status region, what a move
(or a refused move) says in it, which card gets the focus back, and controls that name the
candidate. (The browser side is tests/e2e/test_board_keyboard.py.)"""

import re

import pytest
from django.urls import reverse

from recruiting.models import Application

pytestmark = pytest.mark.django_db


def _move(client, application, to_stage, expected_stage):
    return client.post(
        reverse("recruiting:application_move", args=[application.pk]),
        {"to_stage": to_stage, "expected_stage": expected_stage},
        headers={"HX-Request": "true"},
    )


def _board_tag(html: str) -> str:
    return re.search(r'<div id="board"[^>]*>', html).group(0)


def test_board_page_has_a_permanent_status_region_outside_the_swapped_board(
    client_for, hiring_manager, application
):
    html = (
        client_for(hiring_manager)
        .get(reverse("recruiting:requisition_board", args=[application.requisition_id]))
        .content.decode()
    )
    region = re.search(r'<div [^>]*id="board-status"[^>]*>(.*?)</div>', html)
    assert region is not None
    assert 'role="status"' in region.group(0)
    assert 'aria-live="polite"' in region.group(0)
    assert region.group(1) == ""
    # Before the board, not inside it: htmx replaces #board, never the region.
    assert region.start() < html.index('<div id="board"')
    assert "aria-live" not in _board_tag(html)  # one region speaks, not two


def test_board_card_controls_name_the_candidate(client_for, hiring_manager, application):
    html = (
        client_for(hiring_manager)
        .get(reverse("recruiting:requisition_board", args=[application.requisition_id]))
        .content.decode()
    )
    assert f'for="move-{application.pk}">Move Jane Doe to…</label>' in html
    assert 'Move<span class="visually-hidden"> Jane Doe</span></button>' in html


def test_board_move_says_what_happened_and_where_the_focus_goes(
    client_for, hiring_manager, application
):
    response = _move(client_for(hiring_manager), application, "screening", "applied")
    assert response.status_code == 200
    html = response.content.decode()
    board = _board_tag(html)
    assert 'data-announce="Moved Jane Doe to Screening"' in board
    assert f'data-focus-application="{application.pk}"' in board
    assert f'id="move-{application.pk}"' in html  # the control the focus returns to


def test_board_refused_move_is_announced_with_the_reason(client_for, hiring_manager, application):
    Application.objects.filter(pk=application.pk).update(stage=Application.Stage.SCREENING)
    response = _move(client_for(hiring_manager), application, "screening", "applied")
    assert response.status_code == 200
    board = _board_tag(response.content.decode())
    assert 'data-announce="Could not move Jane Doe: Jane Doe was moved to Screening' in board
    assert f'data-focus-application="{application.pk}"' in board


def test_board_plain_page_has_no_pending_announcement(client_for, hiring_manager, application):
    html = (
        client_for(hiring_manager)
        .get(reverse("recruiting:requisition_board", args=[application.requisition_id]))
        .content.decode()
    )
    assert "data-announce" not in html
    assert "data-focus-application" not in html
