"""People answer the same round at the same moment (and one double-clicks): every answer is
kept once, and the round's rewrite (see pulse_answer) loses nobody's answer or participation."""

import threading

import pytest
from django.db import connection

from backoffice.core.errors import DomainError
from performance.models import PulseAnswer, PulseParticipation
from performance.services import pulse as services
from tests.factories.pulse import survey_launched, team

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SCORES = dict.fromkeys(("collaboration", "workload", "autonomy", "recognition", "growth"), 4)


def test_answers_at_once_are_each_kept_once():
    _manager, reports = team(size=6)
    pulse_round = survey_launched().rounds.get()
    ids = [
        PulseParticipation.objects.get(round=pulse_round, employee=person).pk for person in reports
    ]
    calls = [*ids, ids[0]]  # the first person clicks twice
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(index: int, participation_id: int) -> None:
        try:
            participation = PulseParticipation.objects.get(pk=participation_id)
            barrier.wait(timeout=10)
            services.pulse_answer(participation=participation, enps=8, scores=SCORES)
            results[index] = "ok"
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert results.count("ok") == len(ids), results
    refused = [r for r in results if isinstance(r, DomainError)]
    assert len(refused) == 1, results
    assert "already answered" in refused[0].text
    assert PulseAnswer.objects.filter(round=pulse_round).count() == len(ids)
    participations = PulseParticipation.objects.filter(round=pulse_round)
    assert participations.count() == len(ids) + 1  # the manager was asked too
    assert participations.filter(answered=True).count() == len(ids)
