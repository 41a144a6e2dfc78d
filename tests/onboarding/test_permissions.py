"""Every onboarding URL against every kind of user: who gets in, who gets 403/404."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from onboarding import services
from onboarding.models import ItemKind
from tests.factories.onboarding import PlanItemFactory, PolicyFactory, PolicyVersionFactory
from tests.factories.people import EmployeeFactory, UserFactory

pytestmark = pytest.mark.django_db

WHO = ["hr", "manager", "new_hire", "colleague", "no_role"]


@pytest.fixture
def world(plan, manager, hr_user):
    upload_item = PlanItemFactory(plan=plan, kind=ItemKind.UPLOAD)
    services.item_complete(
        item=upload_item,
        by=plan.employee.user,
        upload=SimpleUploadedFile("id.pdf", b"%PDF-1.4\n%%EOF\n"),
    )
    version = PolicyVersionFactory(policy=PolicyFactory())
    version.pdf.save("p.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"))
    users = {
        "hr": hr_user,
        "manager": manager.user,
        "new_hire": plan.employee.user,
        "colleague": EmployeeFactory().user,
        "no_role": UserFactory(),
    }
    urls = {
        "landing": ("get", reverse("onboarding:landing")),
        "team": ("get", reverse("onboarding:team")),
        "items": ("get", reverse("onboarding:items")),
        "matrix": ("get", reverse("onboarding:training_matrix")),
        "item": ("get", reverse("onboarding:item", args=[upload_item.pk])),
        "document": ("get", reverse("onboarding:item_document", args=[upload_item.pk])),
        "policy_pdf": ("get", reverse("onboarding:policy_pdf", args=[version.pk])),
        "audit": ("get", reverse("onboarding:employee", args=[plan.employee_id])),
        "activate": ("post", reverse("onboarding:employee_activate", args=[plan.employee_id])),
    }
    return users, urls


EXPECTED = {
    #            hr   manager new_hire colleague no_role
    "landing": (200, 200, 200, 200, 403),
    "team": (200, 200, 403, 403, 403),
    "items": (200, 200, 403, 403, 403),
    "matrix": (200, 403, 403, 403, 403),
    "item": (200, 200, 200, 404, 403),
    "document": (200, 200, 200, 404, 403),
    "policy_pdf": (200, 200, 200, 200, 403),
    "audit": (200, 200, 200, 404, 403),
    "activate": (302, 403, 403, 403, 403),
}
CASES = [
    (url, who, status)
    for url, row in EXPECTED.items()
    for who, status in zip(WHO, row, strict=True)
]


@pytest.mark.parametrize(("url_name", "who", "status"), CASES)
def test_access(client, world, url_name, who, status):
    users, urls = world
    method, url = urls[url_name]
    client.force_login(users[who])
    response = getattr(client, method)(url)
    assert response.status_code == status, f"{who} {method} {url}"


@pytest.mark.parametrize("url_name", ["landing", "team", "items", "matrix", "item", "audit"])
def test_pages_refuse_post(client, world, url_name):
    users, urls = world
    client.force_login(users["hr"])
    assert client.post(urls[url_name][1]).status_code == 405


def test_activate_refuses_get(client, world):
    users, urls = world
    client.force_login(users["hr"])
    assert client.get(urls["activate"][1]).status_code == 405


@pytest.mark.parametrize("url_name", ["landing", "team", "matrix", "item", "audit"])
def test_anonymous_visitors_are_sent_to_sign_in(client, world, url_name):
    _, urls = world
    response = client.get(urls[url_name][1])
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/")
