from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.csp import CSP

from portal.api.problems import Problem, is_api_request, problem_response


class AdminContentSecurityPolicyMiddleware:
    """Relax the content security policy for the Wagtail admin only.

    Wagtail's editor injects inline scripts (for example in chooser modals), which a
    nonce-based policy blocks. The admin is only for signed-in editors and stewards, so it gets
    'unsafe-inline' while every public page keeps the strict nonce policy.
    """

    ADMIN_PREFIX = "/admin/"

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_policy = {
            **settings.SECURE_CSP,
            "script-src": [CSP.SELF, CSP.UNSAFE_INLINE],
            "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
            "img-src": [CSP.SELF, "data:", "blob:"],
        }

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(self.ADMIN_PREFIX):
            response._csp_config = self.admin_policy
        return response


class RequestBodyLimitMiddleware:
    """Refuse a request whose declared body is over MAX_REQUEST_BODY_BYTES, before reading it.

    Django's own limits (DATA_UPLOAD_MAX_MEMORY_SIZE) apply only once a view reads the form,
    and uploaded files are streamed to disk whatever their size. Checking Content-Length first
    means an oversized upload costs neither memory nor disk. The proxy in front should enforce
    the same limit, so most such requests never reach the application.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.MAX_REQUEST_BODY_BYTES
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            # The body is never read, so the connection is closed rather than reused.
            if is_api_request(request):
                megabytes = limit // (1024 * 1024)
                response = problem_response(
                    request,
                    Problem(
                        413, f"The request body must be smaller than {megabytes} MB", code="too_big"
                    ),
                )
            else:
                response = render(request, "errors/413.html", {"limit": limit}, status=413)
            response["Connection"] = "close"
            return response
        return self.get_response(request)


class AdminAccessMiddleware:
    """Show a 403 page to signed-in people who may not use the Wagtail admin.

    Wagtail sends them to the sign-in page, which sends signed-in people straight back to
    `next`, the admin: a redirect loop. Anonymous people still go to the sign-in page.
    """

    ADMIN_PREFIX = "/admin/"
    # Paths under /admin/ that anyone may reach: signing out, and the redirects to allauth.
    OPEN_PREFIXES = ("/admin/logout/", "/admin/login/", "/admin/password_reset/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if (
            path.startswith(self.ADMIN_PREFIX)
            and not path.startswith(self.OPEN_PREFIXES)
            and request.user.is_authenticated
            and not request.user.has_perm("wagtailadmin.access_admin")
        ):
            raise PermissionDenied
        return self.get_response(request)
