from django.contrib import admin
from django.urls import include, path

from backoffice.core import views as core_views
from backoffice.people.forms import AdminEmailAuthenticationForm
from recruiting.views import feeds

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
    path("people/", include("backoffice.people.urls_hr")),
    path("notifications/", include("backoffice.notifications.urls")),
    path("recruiting/", include("recruiting.urls")),
    path("careers/", include("recruiting.careers_urls")),
    path("onboarding/", include("onboarding.urls")),
    path("performance/", include("performance.urls")),
    path("admin/", admin.site.urls),
]
