"""What every signed-in page pays before its own content (issue 22): the session, the user with
their roles, the top bar. Cheaper, and still right: roles as they are now, sessions that end."""

import os

import pytest
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.urls import reverse

from backoffice.people import services as people_services
from backoffice.people.backends import ModelBackendWithRoles
from backoffice.people.models import User
from backoffice.people.roles import Role
from backoffice.people.session_user import user_with_roles
from tests.subprocess_env import base_environment, run_python

CACHED_DB = "django.contrib.sessions.backends.cached_db"
DB_SESSIONS = "backoffice.people.session_store"


def _nav_labels(response) -> list[str]:
    return [link.label for link in response.context["nav_links"]]


@pytest.mark.django_db
def test_the_user_comes_with_their_roles_in_one_query(hr_user, django_assert_num_queries):
    roles = frozenset(hr_user.groups.values_list("name", flat=True))
    with django_assert_num_queries(1):
        user = user_with_roles(hr_user.pk)
        assert user.role_names == roles
        assert user.has_role(Role.HR)
        assert not user.has_role(Role.INTERVIEWER)
    assert Role.HR in user.role_names
    assert user == hr_user
    assert user.email == hr_user.email
    assert user.check_password("x") is False  # a whole user: the hash is there


@pytest.mark.django_db
@pytest.mark.parametrize(
    "groups",
    [[], [Role.IT], [Role.HR, Role.IT], list(Role), [Role.INTERVIEWER, "Auditors", "Payroll"]],
)
def test_every_mix_of_roles_and_other_groups_reads_back_exactly(user_without_role, groups):
    """The roles travel as one sum of bits: each role is counted once, other groups not."""
    for name in groups:
        user_without_role.groups.add(Group.objects.get_or_create(name=name)[0])
    user = user_with_roles(user_without_role.pk)
    assert user.role_names == frozenset(groups) & frozenset(Role)
    queried = User.objects.with_role_names().get(pk=user_without_role.pk)
    assert queried.role_names == user.role_names


@pytest.mark.django_db
def test_a_missing_malformed_or_inactive_user_is_no_user(hr_user):
    assert user_with_roles(hr_user.pk + 1000) is None
    assert user_with_roles("not-a-number") is None
    hr_user.is_active = False
    hr_user.save()
    assert ModelBackendWithRoles().get_user(hr_user.pk) is None


@pytest.mark.django_db
def test_a_role_given_or_taken_shows_on_the_next_page(client_for, user_without_role):
    """The SQL is compiled once, the roles are read on every request: nothing is remembered."""
    client = client_for(user_without_role)
    assert _nav_labels(client.get(reverse("home"))) == ["My work"]
    user_without_role.groups.add(Group.objects.get_or_create(name=Role.HR)[0])
    assert _nav_labels(client.get(reverse("home"))) == [
        "My work",
        "Recruiting",
        "Onboarding",
        "Performance",
    ]
    user_without_role.groups.clear()
    assert _nav_labels(client.get(reverse("home"))) == ["My work"]


@pytest.mark.django_db
def test_top_bar_marks_the_section_of_the_page(client_for, hr_user):
    links = client_for(hr_user).get(reverse("recruiting:landing")).context["nav_links"]
    assert [link.label for link in links if link.active] == ["Recruiting"]
    links = client_for(hr_user).get(reverse("home")).context["nav_links"]
    assert [link.label for link in links if link.active] == ["My work"]


# --- Sessions kept in the shared cache (CACHE_URL set) -------------------------------------


@pytest.fixture
def cached_sessions(settings):
    url = os.environ.get("TEST_REDIS_URL")
    if not url:
        pytest.skip("needs TEST_REDIS_URL")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "test-page-shell",
        }
    }
    settings.SESSION_ENGINE = CACHED_DB
    yield caches["default"]
    caches["default"].clear()


@pytest.mark.redis
@pytest.mark.django_db
def test_cached_sessions_save_the_session_query(
    cached_sessions, client_for, hr_user, django_assert_num_queries
):
    client = client_for(hr_user)
    client.get(reverse("password_change"))
    with django_assert_num_queries(1):  # the user and roles; the session came from Redis
        assert client.get(reverse("password_change")).status_code == 200
    # Still written to the database: a Redis restart signs nobody out.
    key = client.cookies["sessionid"].value
    assert Session.objects.filter(session_key=key).exists()
    cached_sessions.clear()
    assert client.get(reverse("password_change")).status_code == 200


@pytest.mark.redis
@pytest.mark.django_db
def test_ending_a_leavers_sessions_ends_their_cached_copies_too(
    cached_sessions, client_for, employee_user
):
    client = client_for(employee_user)
    assert client.get(reverse("home")).status_code == 200
    assert people_services._sessions_end({employee_user.pk}) == 1
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.redis
@pytest.mark.django_db
def test_signing_out_ends_the_cached_session(cached_sessions, client_for, hr_user):
    client = client_for(hr_user)
    key = client.cookies["sessionid"].value
    assert client.get(reverse("home")).status_code == 200
    client.post(reverse("logout"))
    assert not Session.objects.filter(session_key=key).exists()
    # The old cookie, replayed, is no session at all.
    client.cookies["sessionid"] = key
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert User.objects.filter(pk=hr_user.pk).exists()


@pytest.mark.parametrize(
    ("cache_url", "in_cache", "engine"),
    [
        ("redis://127.0.0.1:6379/1", "1", CACHED_DB),
        ("redis://127.0.0.1:6379/1", "", DB_SESSIONS),
        ("", "1", DB_SESSIONS),
    ],
)
def test_sessions_use_the_cache_only_when_asked_and_shared(cache_url, in_cache, engine):
    """Off by default: a hung Redis must not hold signed-in pages up. And never without
    CACHE_URL: the cache is then each process's memory, and a session ended in one gunicorn
    worker would live on in another."""
    env = base_environment(
        DJANGO_SETTINGS_MODULE="backoffice.settings",
        DJANGO_DEBUG="1",
        CACHE_URL=cache_url,
        SESSIONS_IN_CACHE=in_cache,
    )
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "print(settings.SESSION_ENGINE)"
    )
    result = run_python(code, env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == engine


# --- Constant form markup, rendered once (backoffice/core/templatetags/form_cache.py) -------


def test_constant_form_markup_is_the_same_as_crispys():
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field, as_crispy_form
    from django import forms

    from backoffice.core.templatetags.form_cache import as_crispy_field_once, crispy_once

    class Note(forms.Form):
        body = forms.CharField(label="Add a note", widget=forms.Textarea(attrs={"rows": 3}))

    assert crispy_once(Note()) == as_crispy_form(Note())
    assert crispy_once(Note()) == crispy_once(Note())  # the second one from memory
    assert as_crispy_field_once(Note()["body"]) == as_crispy_field(Note()["body"])


def test_bound_prefixed_or_initial_forms_render_afresh():
    from django import forms

    from backoffice.core.templatetags.form_cache import as_crispy_field_once, crispy_once

    class Note(forms.Form):
        body = forms.CharField(label="Add a note")

    crispy_once(Note())
    as_crispy_field_once(Note()["body"])
    bound = Note({"body": ""})
    assert "This field is required" in crispy_once(bound)
    assert "This field is required" in as_crispy_field_once(bound["body"])
    assert 'value="typed before"' in crispy_once(Note(initial={"body": "typed before"}))
    assert 'name="other-body"' in as_crispy_field_once(Note(prefix="other")["body"])


@pytest.mark.django_db
def test_choices_read_from_the_database_are_never_kept(hr_user):
    from django import forms

    from backoffice.core.templatetags.form_cache import as_crispy_field_once, crispy_once

    class Pick(forms.Form):
        user = forms.ModelChoiceField(queryset=User.objects.order_by("pk"))

    crispy_once(Pick())
    as_crispy_field_once(Pick()["user"])
    User.objects.create_user(email="newcomer@example.com", password="x" * 12)
    assert "newcomer@example.com" in crispy_once(Pick())
    assert "newcomer@example.com" in as_crispy_field_once(Pick()["user"])


@pytest.mark.django_db
def test_a_database_select_keeps_crispys_markup_and_reads_its_options_each_time(
    hr_user, django_assert_num_queries
):
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
    from django import forms

    from backoffice.core.templatetags.form_cache import as_crispy_field_once

    class Pick(forms.Form):
        user = forms.ModelChoiceField(
            queryset=User.objects.order_by("pk"), label="Person", empty_label="Choose…"
        )

    User.objects.create_user(email="o'brien+<b>@example.com", password="x" * 12)
    for _ in range(2):  # the first render keeps the markup, the second one reuses it
        with django_assert_num_queries(1):
            kept = as_crispy_field_once(Pick()["user"])
        assert kept == as_crispy_field(Pick()["user"])
    assert "&lt;b&gt;" in kept
    assert kept.count(" selected") == 1
    User.objects.create_user(email="newcomer@example.com", password="x" * 12)
    assert as_crispy_field_once(Pick()["user"]) == as_crispy_field(Pick()["user"])
    assert "newcomer@example.com" in as_crispy_field_once(Pick()["user"])
    bound = Pick({"user": ""})
    assert "required" in as_crispy_field_once(bound["user"]).lower()
    assert as_crispy_field_once(bound["user"]) == as_crispy_field(bound["user"])
