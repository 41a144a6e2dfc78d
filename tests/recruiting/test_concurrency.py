"""Two people move the same card at the same moment: no event is ever lost."""

import threading

import pytest
from django.db import connection

from recruiting import services
from recruiting.models import Application, StageEvent

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _race(application_id: int, moves: list[dict]) -> list[object]:
    """Run each move in its own thread (its own database connection), all released at once."""
    barrier = threading.Barrier(len(moves))
    results: list[object] = [None] * len(moves)

    def run(index: int, move: dict) -> None:
        try:
            application = Application.objects.get(pk=application_id)
            barrier.wait(timeout=10)
            results[index] = services.application_move(application=application, **move)
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, move)) for index, move in enumerate(moves)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def test_two_simultaneous_moves_from_the_board_one_wins_one_is_told(
    application, hiring_manager, hr_user
):
    results = _race(
        application.pk,
        [
            {"to_stage": "screening", "by": hiring_manager, "expected_stage": "applied"},
            {"to_stage": "assessment", "by": hr_user, "expected_stage": "applied"},
        ],
    )
    events = [result for result in results if isinstance(result, StageEvent)]
    refusals = [result for result in results if isinstance(result, services.StageMoveRefused)]
    assert len(events) == 1, results
    assert len(refusals) == 1, results
    assert "while you were looking" in str(refusals[0])
    application.refresh_from_db()
    assert application.stage == events[0].to_stage
    assert list(StageEvent.objects.values_list("from_stage", "to_stage")) == [
        ("applied", events[0].to_stage)
    ]


def test_two_simultaneous_moves_without_a_view_are_both_recorded_in_order(
    application, hiring_manager, hr_user
):
    results = _race(
        application.pk,
        [
            {"to_stage": "screening", "by": hiring_manager},
            {"to_stage": "assessment", "by": hr_user},
        ],
    )
    assert all(isinstance(result, StageEvent) for result in results), results
    chain = list(StageEvent.objects.order_by("at", "pk").values_list("from_stage", "to_stage"))
    assert len(chain) == 2
    # The second saw the first's result: the log is one unbroken chain.
    assert chain[0][0] == "applied"
    assert chain[1][0] == chain[0][1]
    application.refresh_from_db()
    assert application.stage == chain[1][1]
