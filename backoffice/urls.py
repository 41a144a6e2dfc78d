from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from drf_spectacular.views import SpectacularRedocView
from rest_framework.routers import SimpleRouter

from backoffice.core import views as core_views
from backoffice.core.api import ApiSchemaView
from backoffice.people.api import EmployeeViewSet
from backoffice.people.forms import AdminEmailAuthenticationForm
from onboarding.api import PlanProgressViewSet
from performance.api import CycleProgressViewSet
from recruiting.api.views import ApplicationViewSet, CandidateViewSet, RequisitionViewSet
from recruiting.views import feeds

# The REST API (/api/v1/): each app's viewsets, with the pages' access rules (README "API").
api_router = SimpleRouter(trailing_slash=True)
api_router.register("requisitions", RequisitionViewSet, basename="requisition")
api_router.register("candidates", CandidateViewSet, basename="candidate")
api_router.register("applications", ApplicationViewSet, basename="application")
api_router.register("employees", EmployeeViewSet, basename="employee")
api_router.register("onboarding-plans", PlanProgressViewSet, basename="onboarding-plan")
api_router.register("review-cycles", CycleProgressViewSet, basename="review-cycle")

api_patterns = [
    *api_router.urls,
    # The schema answers tokens as well as sessions (HR only); the docs page is a signed-in
    # page for HR, served with Redoc from our own static files (drf-spectacular-sidecar).
    path("schema/", ApiSchemaView.as_view(), name="schema"),
    path(
        "docs/",
        login_required(SpectacularRedocView.as_view(url_name="api:schema")),
        name="docs",
    ),
]

admin.site.site_header = "Backoffice administration"
admin.site.site_title = "Backoffice admin"
admin.site.index_title = "HR administration"
# The admin's password sign-in follows SSO_REQUIRED too (backoffice/people/sso.py).
admin.site.login_form = AdminEmailAuthenticationForm

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    # What crawlers and job boards read: the careers pages only (recruiting/views/feeds.py).
    path("robots.txt", feeds.robots_txt, name="robots_txt"),
    path("sitemap.xml", feeds.sitemap_xml, name="sitemap"),
    path("accounts/", include("backoffice.people.urls")),
    path("accounts/api-tokens/", include("backoffice.apitokens.urls")),
    path("api/v1/", include((api_patterns, "api"))),
    path("people/", include("backoffice.people.urls_hr")),
    path("notifications/", include("backoffice.notifications.urls")),
    path("recruiting/", include("recruiting.urls")),
    path("careers/", include("recruiting.careers_urls")),
    path("onboarding/", include("onboarding.urls")),
    path("performance/", include("performance.urls")),
    path("admin/", admin.site.urls),
]
