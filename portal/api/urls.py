"""The API's one instance, its routers, its self-describing root and its reference page."""

from django.shortcuts import render
from django.urls import reverse
from ninja import Router, Swagger

from portal.api import adoption, catalogue, checks, governance, schemas
from portal.api.core import READ_AUTH, PortalAPI, RateLimit, install_problem_handlers
from portal.links import absolute_url, api_url

DESCRIPTION = """
The standard, its changes and its governance, for the systems that implement it.

Reading needs no account. Writing needs a personal access token, created on your account
page, sent as `Authorization: Bearer <token>`. Every error is problem details (RFC 9457).
See the guidance page "Use the API" for examples.
"""


class PortalSwagger(Swagger):
    """ninja's Swagger page, its settings written with ``json_script`` (escaped, never marked
    safe) for ``swagger-ui-init.js`` to read."""

    def render_page(self, request, api, **kwargs):
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        return render(request, "ninja/swagger.html", {"api": api, "swagger_settings": settings})


api = PortalAPI(
    title="Social housing data standards portal API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    docs_url="/docs",
    # Served from our static files (``ninja`` is an installed app); no badge from a validator
    # elsewhere, so the page makes no request off the site and keeps the site's CSP.
    docs=PortalSwagger(settings={"validatorUrl": None, "tryItOutEnabled": False}),
    openapi_url="/openapi.json",
    throttle=[RateLimit()],
)
install_problem_handlers(api)

meta = Router(tags=["About the API"], auth=READ_AUTH)


@meta.get(
    "/",
    response={200: schemas.Root, **schemas.READ_ERRORS},
    summary="Describe the API",
    url_name="root",
)
def root(request):
    return {
        "name": api.title,
        "version": api.version,
        "openapi": absolute_url(reverse("api:openapi-json")),
        "docs": absolute_url(reverse("api:openapi-view")),
        "guidance": absolute_url("/guidance/use-the-api/"),
        "links": {
            "standards": api_url("/standards"),
            "adoption_register": api_url("/adoption/register"),
        },
    }


api.add_router("", meta)
api.add_router("", catalogue.router)
api.add_router("", governance.router)
api.add_router("", checks.router)
api.add_router("", adoption.router)

urlpatterns = api.urls
