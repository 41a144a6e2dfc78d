"""seed_scale's bulk load: indexes and foreign keys come back, sizes follow the candidates."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from backoffice.core.scale import ScaleSizes, indexes_deferred, scaled_sizes
from recruiting.models import Application, Candidate


def test_sizes_follow_the_candidates_unless_given():
    sizes = scaled_sizes(1_000_000, employees=1234)
    defaults = ScaleSizes()
    assert sizes.candidates == 1_000_000
    assert sizes.employees == 1234
    assert sizes.onboarding_items == defaults.onboarding_items * 10
    assert sizes.reviews == defaults.reviews * 10
    assert sizes.measurements == defaults.measurements * 10


def _schema(tables) -> tuple[set, set]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = ANY(%s)", [tables]
        )
        indexes = set(cursor.fetchall())
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid::regclass::text = ANY(%s)",
            [tables],
        )
        return indexes, set(cursor.fetchall())


@pytest.mark.postgres
@pytest.mark.django_db
def test_the_tables_get_their_indexes_and_keys_back_and_a_bad_row_is_refused():
    tables = [Candidate._meta.db_table, Application._meta.db_table]
    before = _schema(tables)
    assert before[0]
    assert before[1]
    with indexes_deferred(Candidate, Application):
        during = _schema(tables)
        # Secondary indexes and foreign keys are gone for the load; primary keys stay.
        assert len(during[0]) < len(before[0])
        assert not any("FOREIGN KEY" in definition for _, definition in during[1])
    assert _schema(tables) == before
    # A key added back is checked: a dangling id loaded without it is refused.
    through = Candidate.tags.through

    def load_a_dangling_row():
        with transaction.atomic(), indexes_deferred(through), connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {through._meta.db_table} (candidate_id, tag_id) VALUES (-1, -1)"  # noqa: S608
            )

    with pytest.raises(IntegrityError, match="foreign key"):
        load_a_dangling_row()


@pytest.mark.postgres
@pytest.mark.django_db
def test_a_bulk_load_writes_the_search_documents_once_and_turns_the_triggers_back_on():
    from recruiting.models import Tag
    from recruiting.search_documents import search_documents_deferred
    from tests.factories.recruiting import ApplicationFactory

    def document(application) -> str:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT search_document::text FROM recruiting_application WHERE id = %s",
                [application.pk],
            )
            return cursor.fetchone()[0] or ""

    with search_documents_deferred():
        application = ApplicationFactory(candidate__name="Zoltan Quist")
        application.candidate.tags.add(Tag.objects.create(name="Polyglot"))
        assert document(application) == ""  # no trigger ran: written once, at the end
    assert "'quist'" in document(application)
    assert "'polyglot'" in document(application)
    Candidate.objects.filter(pk=application.candidate_id).update(name="Zoltan Varga")
    assert "'varga'" in document(application)  # the triggers are back on


@pytest.mark.django_db
def test_generated_applications_arrive_in_the_order_they_are_stored():
    """As in use: numbered and stored as they arrive, the requisitions interleaved (a search
    walking the newest applications reads few table pages, as it would in production)."""
    from tests.bench.test_query_budgets import _generate

    _generate(candidates=300, employees=10, seed=3)
    rows = list(Application.objects.order_by("pk").values_list("applied_at", "requisition_id"))
    arrivals = [applied for applied, _ in rows]
    assert arrivals == sorted(arrivals)
    busiest = max({r for _, r in rows}, key=[r for _, r in rows].count)
    positions = [index for index, (_, r) in enumerate(rows) if r == busiest]
    assert positions[-1] - positions[0] > len(rows) // 2  # spread over the year, not a block
