"""Scale data for recruiting: requisitions, candidates, applications across the stages."""

from __future__ import annotations

import datetime
import itertools
import uuid

from django.utils import timezone

from backoffice.core.scale import (
    SCALE_EMAIL_DOMAIN,
    ScaleSizes,
    analyze,
    copy_objects,
    copy_rows,
    indexes_deferred,
    reserve_ids,
    scale_step,
)
from backoffice.people.models import Department, RoleFamily, User
from backoffice.people.scale import FIRST_NAMES, LAST_NAMES
from recruiting.models.candidates import Application, Candidate, RejectionReason, StageEvent, Tag
from recruiting.models.interviews import Interview
from recruiting.models.requisitions import Requisition
from recruiting.models.scorecards import (
    Recommendation,
    Scorecard,
    ScorecardRating,
    ScorecardTemplate,
)
from recruiting.search_documents import search_documents_deferred

CANDIDATES_PER_REQUISITION = 500
# The largest requisition gets this share of all applications (a busy, always-open role).
LARGEST_SHARE = 0.02
SECOND_APPLICATION_RATE = 0.2
# How a mature pipeline is spread: most applications end rejected.
STAGE_WEIGHTS = [
    (Application.Stage.APPLIED, 20),
    (Application.Stage.SCREENING, 8),
    (Application.Stage.ASSESSMENT, 4),
    (Application.Stage.INTERVIEW, 3),
    (Application.Stage.OFFER, 1),
    (Application.Stage.HIRED, 1),
    (Application.Stage.REJECTED, 55),
    (Application.Stage.WITHDRAWN, 8),
]
TITLES = [
    "Data-Entry Clerk", "Bookkeeper", "Accounts Payable Clerk", "Receptionist",
    "Payroll Clerk", "Customer Service Representative", "Office Assistant", "Records Clerk",
]  # fmt: skip
CITIES = ["Rotterdam", "Utrecht", "Amsterdam", "Den Haag", "Eindhoven", "Groningen", "Remote"]
SOURCES = ["Careers page", "LinkedIn", "Indeed", "Referral", "Agency", ""]
SKILLS = ["Spreadsheets", "10-key entry", "Bookkeeping", "Payroll", "ERP", "Dutch", "English"]
# Applications at these stages have been interviewed and scored.
INTERVIEWED_STAGES = (Application.Stage.INTERVIEW, Application.Stage.OFFER, Application.Stage.HIRED)
TAGS = ["Strong", "Bilingual", "Rehire", "Talent pool", "Needs visa"]


BULK_MODELS = (
    Candidate, Application, StageEvent, Candidate.tags.through, Interview,
    Interview.interviewers.through, Scorecard, ScorecardRating,
)  # fmt: skip


@scale_step(name="recruiting", order=30)
def seed_recruiting(sizes: ScaleSizes, progress) -> str:
    """`candidates` candidates; each applies once, a fifth twice; one requisition is the busiest."""
    with indexes_deferred(*BULK_MODELS, progress=progress):
        with search_documents_deferred():
            summary = _seed_recruiting(sizes, progress)
        progress("search documents written")
        return summary


def _seed_recruiting(sizes: ScaleSizes, progress) -> str:
    rng = sizes.random("recruiting")
    count = sizes.candidates
    if count <= 0:
        return "no candidates asked for"
    now = timezone.now()
    departments = list(Department.objects.values_list("pk", flat=True))
    families = list(RoleFamily.objects.values_list("pk", flat=True))
    managers = sizes.shared.get("manager_user_ids") or list(
        User.objects.filter(is_active=True).values_list("pk", flat=True)[:10]
    )
    requisition_count = max(3, count // CANDIDATES_PER_REQUISITION)
    requisition_ids = reserve_ids(Requisition, requisition_count)

    def requisitions():
        for index, pk in enumerate(requisition_ids):
            opened = now - datetime.timedelta(days=rng.randint(5, 400))
            # Most are open; every seventh is filled, so the careers page is not everything.
            status = Requisition.Status.FILLED if index % 7 == 6 else Requisition.Status.OPEN
            yield {
                "id": pk,
                "title": f"{TITLES[index % len(TITLES)]} #{index + 1}",
                "department_id": departments[index % len(departments)],
                "role_family_id": families[index % len(families)],
                "hiring_manager_id": managers[index % len(managers)],
                "location": CITIES[index % len(CITIES)],
                "description": "We are looking for an accurate, organised colleague.\n\n"
                "- Keep records complete\n- Answer questions from the team",
                "salary_min": 28000,
                "salary_max": 40000,
                "status": status,
                "opened_at": opened,
                "closed_at": now if status == Requisition.Status.FILLED else None,
                "created_at": opened - datetime.timedelta(days=7),
            }

    copy_objects(Requisition, requisitions())
    progress(f"{requisition_count:,} requisitions")

    candidate_ids = reserve_ids(Candidate, count)

    def candidates():
        for pk in candidate_ids:
            yield {
                "id": pk,
                "name": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                "email": f"candidate{pk}@{SCALE_EMAIL_DOMAIN}",
                "phone": f"+31 6 {rng.randint(10_000_000, 99_999_999)}",
                "location": rng.choice(CITIES),
                "skills": "\n".join(rng.sample(SKILLS, 2)),
                "source": rng.choice(SOURCES),
                "consent_at": now,
                "created_at": now - datetime.timedelta(days=rng.randint(0, 700)),
            }

    copy_objects(Candidate, candidates())
    progress(f"{count:,} candidates")

    # Applications: the busiest requisition first, then the rest spread round-robin.
    largest = max(1, int(count * LARGEST_SHARE))
    pairs = []
    for index, candidate_id in enumerate(candidate_ids):
        if index < largest:
            pairs.append((requisition_ids[0], candidate_id))
        else:
            pairs.append((requisition_ids[1 + index % (requisition_count - 1)], candidate_id))
        if rng.random() < SECOND_APPLICATION_RATE:
            other = requisition_ids[1 + (index + 7) % (requisition_count - 1)]
            if other != pairs[-1][0]:
                pairs.append((other, candidate_id))
    # Applications arrive over the year in the order they are numbered and stored, as they do
    # in use: the requisitions interleaved, each one's applications spread over the year. (Drawn
    # in random order, the newest applications were scattered over the whole table, and a
    # search walking the newest ones read a page for almost every row: issue 22.)
    rng.shuffle(pairs)
    arrivals = sorted(
        now - datetime.timedelta(days=rng.randint(0, 365), minutes=rng.randint(0, 1440))
        for _ in pairs
    )
    application_ids = reserve_ids(Application, len(pairs))
    stages = [stage for stage, _ in STAGE_WEIGHTS]
    weights = list(itertools.accumulate(weight for _, weight in STAGE_WEIGHTS))
    reasons = list(RejectionReason.objects.values_list("pk", flat=True))
    moved: list[tuple[int, str, datetime.datetime]] = []

    def applications():
        rows = zip(application_ids, pairs, arrivals, strict=True)
        for pk, (requisition_id, candidate_id), applied in rows:
            stage = rng.choices(stages, cum_weights=weights)[0]  # summed once, not per row
            changed = applied + (now - applied) * rng.random() if stage != "applied" else applied
            closed = stage in (Application.Stage.REJECTED, Application.Stage.WITHDRAWN)
            if stage != Application.Stage.APPLIED:
                moved.append((pk, stage, changed))
            yield {
                "id": pk,
                "requisition_id": requisition_id,
                "candidate_id": candidate_id,
                "stage": stage,
                "stage_changed_at": changed,
                "applied_at": applied,
                "rejection_reason_id": rng.choice(reasons) if closed and reasons else None,
                "source": rng.choice(SOURCES),
                "years_experience": rng.randint(0, 15),
                "manager_notified_at": applied,
            }

    copy_objects(Application, applications())
    progress(f"{len(pairs):,} applications")

    copy_objects(
        StageEvent,
        (
            {"application_id": pk, "from_stage": "applied", "to_stage": stage, "at": at}
            for pk, stage, at in moved
        ),
    )
    interviewed = [
        (pk, requisition_id, at)
        for (pk, stage, at), requisition_id in _with_requisitions(moved, application_ids, pairs)
        if stage in INTERVIEWED_STAGES
    ]
    scorecards = _seed_interviews(rng, interviewed, requisition_ids, managers, now)
    progress(f"{len(interviewed) * 2:,} interviews, {scorecards:,} scorecards")
    tags = [Tag.objects.get_or_create(name=name)[0].pk for name in TAGS]
    copy_rows(
        Candidate.tags.through,
        ["candidate_id", "tag_id"],
        ((pk, tags[pk % len(tags)]) for pk in candidate_ids[::10]),
    )
    analyze(Requisition)  # the others when their indexes are built again
    sizes.shared["largest_requisition_id"] = requisition_ids[0]
    return (
        f"{requisition_count:,} requisitions, {count:,} candidates, {len(pairs):,} applications "
        f"({largest:,} on the busiest requisition), {len(moved):,} stage events, "
        f"{scorecards:,} scorecards"
    )


def _with_requisitions(moved, application_ids, pairs):
    requisition_of = {
        pk: requisition_id for pk, (requisition_id, _) in zip(application_ids, pairs, strict=True)
    }
    return ((move, requisition_of[move[0]]) for move in moved)


def _criteria_by_requisition(requisition_ids) -> dict[int, list[int]]:
    """Each requisition's scorecard criteria (the template its role family would use)."""
    by_family: dict[int, list[int]] = {}
    criteria = {}
    for requisition in Requisition.objects.filter(pk__in=requisition_ids):
        family = requisition.role_family_id
        if family not in by_family:
            template = ScorecardTemplate.for_requisition(requisition)
            by_family[family] = (
                list(template.criteria.values_list("pk", flat=True)) if template else []
            )
        criteria[requisition.pk] = by_family[family]
    return criteria


def _seed_interviews(rng, interviewed, requisition_ids, managers, now) -> int:
    """A phone screen and an interview for every application that reached the interview: each
    with the requisition's manager and a colleague, each scored on every criterion."""
    criteria = _criteria_by_requisition(requisition_ids)
    managers_of = dict(
        Requisition.objects.filter(pk__in=requisition_ids).values_list("pk", "hiring_manager_id")
    )
    interview_ids = reserve_ids(Interview, len(interviewed) * 2)
    interviews, panel, cards = [], [], []
    for index, (application_id, requisition_id, reached_at) in enumerate(interviewed):
        manager = managers_of[requisition_id]
        colleague = managers[(index + 1) % len(managers)]
        people = [manager] if colleague == manager else [manager, colleague]
        for step, kind in enumerate((Interview.Kind.PHONE_SCREEN, Interview.Kind.INTERVIEW)):
            pk = interview_ids[index * 2 + step]
            starts = min(reached_at, now) - datetime.timedelta(days=7 - step * 3)
            interviews.append({
                "id": pk, "application_id": application_id, "kind": kind, "starts_at": starts,
                "duration_minutes": 30 + 15 * step, "location": "Office", "uid": uuid.uuid4().hex,
                "sequence": 0, "created_by_id": manager, "created_at": starts,
            })  # fmt: skip
            for person in people:
                panel.append((pk, person))
                cards.append((pk, application_id, person, requisition_id, starts))
    copy_objects(Interview, interviews)
    copy_rows(Interview.interviewers.through, ["interview_id", "user_id"], panel)
    card_ids = reserve_ids(Scorecard, len(cards))
    recommendations = [choice.value for choice in Recommendation]
    copy_objects(
        Scorecard,
        (
            {
                "id": card_id, "interview_id": interview_id, "application_id": application_id,
                "interviewer_id": person, "recommendation": rng.choice(recommendations),
                "summary": "Accurate and calm; asked good questions about the month-end close.",
                "submitted_at": starts + datetime.timedelta(hours=2), "created_at": starts,
            }
            for card_id, (interview_id, application_id, person, _, starts)
            in zip(card_ids, cards, strict=True)
        ),
    )  # fmt: skip
    copy_rows(
        ScorecardRating,
        ["scorecard_id", "criterion_id", "rating", "note"],
        (
            (card_id, criterion_id, rng.randint(1, 4), "")
            for card_id, (_, _, _, requisition_id, _) in zip(card_ids, cards, strict=True)
            for criterion_id in criteria[requisition_id]
        ),
    )
    return len(cards)
