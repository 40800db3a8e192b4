from django.conf import settings
from django.utils.csp import CSP


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
