"""WCAG 2.2 AA on every page: axe-core in Chromium on each HTML page of the permission matrix.

The page list is the permission matrix's (tests/security/access_tables.py): every site URL is
opened as a role the matrix lets in, with the matrix's world filling the URL; pages that only
their owner may open (a scorecard, a peer's feedback form, a candidate's own links) as that
owner; and the admin as HR (its index, and each model's list, add form and change form). A URL
that answers something else than an HTML page (a PDF, a CSV, a redirect, a POST-only action)
is not a page and is skipped, and the test says which.

axe-core is a test asset (tests/assets/axe-core/, with its VERSION and LICENSE): nothing is
fetched from the network, and users are never sent it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.urls import reverse
from django.utils import timezone

from performance.services import pulse as pulse_services
from recruiting.services import retention
from recruiting.services.skills_test import token_for
from tests.factories.onboarding import PlanItemFactory
from tests.security.access_tables import ADMIN_MODELS, SITE_TABLES, Access
from tests.security.world import (
    ANON,
    CANDIDATE,
    EMPLOYEE,
    HR,
    INTERVIEWER,
    NEW_HIRE,
    OTHER_HIRING_MANAGER,
    OTHER_MANAGER,
    ROLES,
    World,
    build_world,
)

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]

AXE = Path(__file__).resolve().parents[1] / "assets" / "axe-core" / "axe.min.js"
# WCAG 2.0, 2.1 and 2.2, levels A and AA (axe has no wcag22a tag: 2.2 added only AA rules it
# checks, such as target size).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]

# Pages that fail for reasons inside a page being rebuilt by another engineer right now: url
# name → the axe rule ids still expected there. Each entry is a debt with a name on it; the
# test fails when an entry is no longer needed, so the list only shrinks.
KNOWN_VIOLATIONS: dict[str, set[str]] = {}

# Pages the matrix lets nobody but their owner open: who the owner is and the URL they use.
OwnerPage = tuple[Callable[[World], object], Callable[[World], str]]
OWNER_PAGES: dict[str, OwnerPage] = {
    "recruiting:scorecard_edit": (
        lambda world: world.objects["interview"].interviewers.first(),
        lambda world: reverse("recruiting:scorecard_edit", args=[world.objects["interview"].pk]),
    ),
    "recruiting:scorecard_amend": (
        lambda world: world.objects["scorecard"].interviewer,
        lambda world: reverse("recruiting:scorecard_amend", args=[world.objects["scorecard"].pk]),
    ),
    "recruiting:skills_test_take": (
        lambda world: None,
        lambda world: reverse(
            "recruiting:skills_test_take", args=[token_for(world.objects["skills_test"])]
        ),
    ),
    "careers:withdraw": (
        lambda world: None,
        lambda world: reverse(
            "careers:withdraw", args=[retention.withdraw_token(world.objects["application"])]
        ),
    ),
    "performance:peer_feedback": (
        lambda world: world.objects["peer_request"].peer.user,
        lambda world: reverse("performance:peer_feedback", args=[world.objects["peer_request"].pk]),
    ),
    "performance:goal_new": (
        lambda world: world.objects["employee"].manager.user,
        lambda world: reverse("performance:goal_new", args=[world.objects["employee"].pk]),
    ),
    "performance:one_on_ones": (
        lambda world: world.objects["employee"].manager.user,
        lambda world: reverse("performance:one_on_ones", args=[world.objects["employee"].pk]),
    ),
    # Seen by the manager, who gets the forms (HR only reads these pages).
    "performance:development_plan": (
        lambda world: world.objects["employee"].manager.user,
        lambda world: reverse("performance:development_plan", args=[world.objects["employee"].pk]),
    ),
    "performance:employee_skills": (
        lambda world: world.objects["employee"].manager.user,
        lambda world: reverse("performance:employee_skills", args=[world.objects["employee"].pk]),
    ),
    "performance:pulse_answer": (
        lambda world: _pulse_unanswered(world).employee.user,
        lambda world: reverse("performance:pulse_answer", args=[world.objects["pulse_round"].pk]),
    ),
    "performance:pulse_answer_link": (
        lambda world: None,
        lambda world: reverse(
            "performance:pulse_answer_link",
            args=[pulse_services.pulse_link_token(_pulse_unanswered(world))],
        ),
    ),
    "performance:review_save": (
        lambda world: world.objects["review"].employee.user,
        lambda world: reverse("performance:review_save", args=[world.objects["review"].pk]),
    ),
}


def _pulse_unanswered(world: World):
    from performance.models import PulseParticipation

    return PulseParticipation.objects.filter(
        round=world.objects["pulse_round"], answered=False
    ).first()


# Pages that look different to other roles (their own checklist, their team, their panels):
# seen once more as that role, after _add_states gives them rows in every state.
OTHER_VIEWS = (
    ("home", EMPLOYEE),
    ("home", NEW_HIRE),
    ("home", OTHER_MANAGER),
    ("onboarding:landing", NEW_HIRE),
    ("onboarding:team", OTHER_MANAGER),
    ("performance:landing", OTHER_MANAGER),
    ("recruiting:landing", INTERVIEWER),
    ("recruiting:landing", OTHER_HIRING_MANAGER),
)


def _add_states(world: World) -> list[tuple[str, object, str]]:
    """Rows in the states that paint tinted backgrounds and coloured text: overdue, done, a
    skills test with wrong answers; returns the pages that show them beyond the matrix's."""
    from onboarding.models import OnboardingPlan
    from recruiting.models import SkillsTest
    from recruiting.services.skills_test import records_generate, skills_test_submit

    plan = OnboardingPlan.objects.get(employee__user=world.users[NEW_HIRE])
    today = timezone.localdate()
    PlanItemFactory(plan=plan, title="Sign the handbook", due_date=today - timedelta(days=2))
    PlanItemFactory(plan=plan, title="Meet the team", done_at=timezone.now())
    PlanItemFactory(plan=plan, title="Bring your ID", due_date=today + timedelta(days=4))
    PlanItemFactory(plan=world.objects["item"].plan, title="Desk", due_date=today - timedelta(1))
    taken = SkillsTest.objects.create(
        application=world.objects["application"],
        code="TAKEN1",
        records=records_generate(7),
        started_at=timezone.now(),
        expires_at=timezone.now() + timedelta(days=7),
    )
    skills_test_submit(token=token_for(taken), answers=[{"name": "wrong"}])
    hr = world.users[HR]
    return [("recruiting:skills_test_result", hr, _url("recruiting:skills_test_result", taken))]


def _url(name: str, obj) -> str:
    return reverse(name, args=[obj.pk])


def _role_for(entry: Access) -> str | None:
    """The role to look with: a visitor on public pages, HR where HR may, else the first."""
    if ANON in entry.allowed:
        return ANON
    if HR in entry.allowed:
        return HR
    for role in ROLES:
        if role in entry.allowed and role != CANDIDATE:
            return role
    return None


def _site_url(name: str, entry: Access, world: World) -> str:
    if entry.obj is None:
        return reverse(name, kwargs=entry.kwargs or None)
    value = world.objects[entry.obj]
    return reverse(name, kwargs={entry.kwarg: getattr(value, "pk", value)})


def _pages(world: World, extra: list) -> list[tuple[str, object, str]]:
    """(url name, user or None, url) for every page to audit."""
    pages = list(extra)
    for table in SITE_TABLES.values():
        for name, entry in sorted(table.items()):
            if name in OWNER_PAGES:
                user_of, url_of = OWNER_PAGES[name]
                pages.append((name, user_of(world), url_of(world)))
                continue
            role = _role_for(entry)
            if role is None:
                continue
            user = world.users[role] if role != ANON else None
            pages.append((name, user, _site_url(name, entry, world)))
    for name, role in OTHER_VIEWS:
        entry = next(table[name] for table in SITE_TABLES.values() if name in table)
        pages.append((name, world.users[role], _site_url(name, entry, world)))
    hr = world.users[HR]
    pages.append(("admin:index", hr, reverse("admin:index")))
    from django.apps import apps

    for label in sorted(ADMIN_MODELS):
        model = apps.get_model(label)
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        pages.append((f"{prefix}_changelist", hr, reverse(f"{prefix}_changelist")))
        pages.append((f"{prefix}_add", hr, reverse(f"{prefix}_add")))
        obj = model._default_manager.order_by("pk").first()
        if obj is not None:
            pages.append((f"{prefix}_change", hr, reverse(f"{prefix}_change", args=[obj.pk])))
    return pages


DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# Seen once more on a phone, where targets and the collapsed navigation differ: the pages
# candidates use and the first page of everyone's day.
PHONE_VIEWS = (
    ("careers:list", ANON),
    ("careers:detail", ANON),
    ("login", ANON),
    ("home", EMPLOYEE),
    ("onboarding:landing", NEW_HIRE),
)


def _context_for(browser, live_server, user, contexts: dict, viewport=DESKTOP):
    """One browser context per user, signed in once through a real session."""
    key = user.pk if user is not None else None
    if key in contexts:
        return contexts[key]
    # bypass_csp lets the test inject axe; the pages' own scripts run under their policy as usual.
    context = browser.new_context(base_url=live_server.url, viewport=viewport, bypass_csp=True)
    if user is not None:
        from importlib import import_module

        store = import_module(settings.SESSION_ENGINE).SessionStore()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.save()
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": store.session_key,
                    "url": live_server.url,
                }
            ]
        )
    contexts[key] = context
    return context


def _audit(page) -> list[dict]:
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    return page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                                    resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                targets: v.nodes.map(n => n.target.join(' ')),
                summaries: v.nodes.map(n => n.failureSummary),
            }));
        }""",
        AXE_TAGS,
    )


def _describe(name: str, url: str, violations: list[dict]) -> str:
    lines = [f"{name} ({url}):"]
    for violation in violations:
        lines.append(f"  {violation['id']} [{violation['impact']}] {violation['help']}")
        for target, summary in zip(
            violation["targets"][:8], violation["summaries"][:8], strict=False
        ):
            lines.append(f"    {target}")
            lines.extend(f"      {line}" for line in (summary or "").splitlines()[:3])
    return "\n".join(lines)


def test_every_page_meets_wcag_22_aa(browser, live_server):
    world = build_world()
    extra = _add_states(world)
    contexts: dict = {}
    phone_contexts: dict = {}
    pages = [(name, user, url, contexts, DESKTOP) for name, user, url in _pages(world, extra)]
    for name, role in PHONE_VIEWS:
        entry = next(table[name] for table in SITE_TABLES.values() if name in table)
        url = _site_url(name, entry, world)
        pages.append((f"{name} (phone)", world.users[role], url, phone_contexts, PHONE))
    audited, skipped, failures, still_known = [], [], [], set()
    try:
        for name, user, url, known_contexts, viewport in pages:
            context = _context_for(browser, live_server, user, known_contexts, viewport)
            response = context.request.get(url, max_redirects=0)
            content_type = response.headers.get("content-type", "")
            if response.status != 200 or not content_type.startswith("text/html"):
                skipped.append(f"{name} ({response.status} {content_type.split(';')[0]})")
                continue
            page = context.new_page()
            try:
                page.goto(url)
                violations = _audit(page)
            finally:
                page.close()
            audited.append(name)
            known = KNOWN_VIOLATIONS.get(name, set())
            unexpected = [v for v in violations if v["id"] not in known]
            still_known.update((name, v["id"]) for v in violations if v["id"] in known)
            if unexpected:
                failures.append(_describe(name, url, unexpected))
    finally:
        for context in [*contexts.values(), *phone_contexts.values()]:
            context.close()
    print(f"axe audited {len(audited)} pages; not an HTML page to that user: {', '.join(skipped)}")
    assert not failures, "WCAG 2.2 AA violations:\n" + "\n".join(failures)
    stale = sorted(
        f"{name}: {rule}"
        for name, rules in KNOWN_VIOLATIONS.items()
        for rule in rules
        if (name, rule) not in still_known
    )
    assert not stale, f"KNOWN_VIOLATIONS lists what no longer fails; remove it: {stale}"
    # The matrix's HTML pages for people, plus the admin: a check that audits almost nothing
    # because every page redirected would pass silently otherwise.
    assert len(audited) >= 100, f"only {len(audited)} pages audited: {audited}"


def _focused(page) -> dict:
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const described = (el.getAttribute('aria-describedby') || '').split(' ')
                .map(id => document.getElementById(id)).filter(Boolean)
                .map(node => node.textContent.trim()).join(' ');
            return {id: el.id, role: el.getAttribute('role'), text: el.textContent.trim(),
                    invalid: el.getAttribute('aria-invalid'), described: described};
        }"""
    )


def test_a_form_sent_back_with_errors_is_announced_and_still_passes(browser, live_server):
    """After a post with errors, focus is on what went wrong, and the page still passes axe."""
    world = build_world()
    contexts: dict = {}
    try:
        # A whole crispy form: its error summary is an alert and takes the focus.
        page = _context_for(browser, live_server, None, contexts).new_page()
        page.goto(reverse("login"))
        page.get_by_label("Email").fill("nobody@example.com")
        page.get_by_label("Password").fill("wrong password")
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_load_state()
        focused = _focused(page)
        assert focused["role"] == "alert", focused
        assert "do not match an active account" in focused["text"], focused
        assert _audit(page) == []

        # A form laid out field by field: the first field in error takes the focus, says it is
        # invalid, and is described by its message.
        page = _context_for(browser, live_server, world.users[HR], contexts).new_page()
        page.goto(reverse("recruiting:requisition_create"))
        page.get_by_role("button", name="Save draft").click()
        page.wait_for_load_state()
        focused = _focused(page)
        assert focused["id"] == "id_title", focused
        assert focused["invalid"] == "true", focused
        assert "This field is required." in focused["described"], focused
        assert page.get_by_label("Title (required)").count() == 1
        assert _audit(page) == []
    finally:
        for context in contexts.values():
            context.close()
