from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from accounts.views import language as language_views

from . import views

# Django admin signs people in through allauth too (so MFA and rate limits apply), and is for
# superusers only: everyone else works in Wagtail, where permissions are finer.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.has_permission = lambda request: request.user.is_active and request.user.is_superuser

# The language is in the address: English pages have none (/courses/), Spanish ones start
# with /es/ (/es/courses/). Staff tools and machine addresses have no language of their own.
urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("cms/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # The old language switcher's form posted here; links and bookmarks may still do.
    path("i18n/setlang/", language_views.set_language, name="set_language"),
    # Browsers ask for /favicon.ico whatever the page links to; send them to the icon.
    path("favicon.ico", views.favicon, name="favicon"),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    path("accounts/", include("allauth.urls")),
    # The courses dashboard (courses.views.dashboard) with the learner's certificates.
    path("my-learning/", views.my_learning, name="my_learning"),
    path("", include("accounts.urls")),
    # Partner pages (staff, certificates, exports, coalition figures) under /org/<slug>/.
    path("", include("lms.partners.urls")),
    # Training plans and member tags: /org/<slug>/plans/, /org/<slug>/tags/.
    path("", include("plans.urls")),
    # Hours toward a credential and the transcript: /my-hours/.
    path("", include("transcripts.urls")),
    # The privacy page and a person's own data: /privacy/, /account/data/, /account/delete/.
    path("", include("lms.privacy.urls")),
    path("", include("certificates.urls")),
    # Live sessions: /trainings/ and /trainings/<code>/ (register and cancel are POST-only).
    path("", include("trainings.urls")),
    # Observed skills: /practice/<checklist>/ (the learner's code), /practice/observe/ (observers).
    path("", include("practice.urls")),
    # Coached practice: /coaching/practice/<code>/ for learners, /coaching/ for coaches (POST-only saves).
    path("", include("coaching.urls")),
    # Wagtail serves every other path from the page tree; it must come last. (The site's root
    # page finds the page in fewer queries through Wagtail's routing hook: HomePage.route.)
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)

handler500 = "lms.views.server_error"
