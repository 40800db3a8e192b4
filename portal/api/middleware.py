"""What the API answers before any view: CORS preflights, and HEAD as a bodiless GET.

ninja routes only the methods an operation declares, so without this a browser's preflight
for a read (``OPTIONS`` with ``Access-Control-Request-Method``) and a ``HEAD`` would both be
405. A preflight allows only the read methods, so browsers refuse cross-site writes.
"""

from django.http import HttpResponse

from portal.api.problems import CORS_HEADERS, is_api_request


class ApiMethodsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_api_request(request):
            return self.get_response(request)
        if request.method == "OPTIONS" and "access-control-request-method" in request.headers:
            # A browser's preflight. Any other OPTIONS gets ninja's 405 with its Allow header.
            response = HttpResponse(status=204)
            for name, value in CORS_HEADERS.items():
                response[name] = value
            return response
        if request.method == "HEAD":
            request.method = "GET"
            response = self.get_response(request)
            request.method = "HEAD"
            if not response.streaming:
                response["Content-Length"] = str(len(response.content))
                response.content = b""
            return response
        return self.get_response(request)
