"""The public adoption register: who has declared that they use which version, in which system."""

from django.http import HttpResponse
from ninja import Query, Router

from adoption.register.selectors import component_names_attach, records_public
from portal.api import schemas
from portal.api.core import READ_AUTH
from portal.api.paging import DEFAULT_LIMIT, MAX_LIMIT, MAX_OFFSET, page
from portal.links import absolute_url

router = Router(tags=["Adoption"], auth=READ_AUTH)


class AdoptionPage(schemas.Paged):
    items: list[schemas.AdoptionRecordOut]


@router.get(
    "/adoption/register",
    response={200: AdoptionPage, **schemas.READ_ERRORS},
    summary="List the public adoption register",
    description=(
        "Every current declaration, by organisation. Filter by `standard` (its slug) and "
        "`version` (a number). Withdrawn and hidden declarations are never listed."
    ),
)
def register(
    request,
    response: HttpResponse,
    standard: str = Query("", max_length=100),
    version: str = Query("", max_length=50),
    limit: int = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT),
    offset: int = Query(0, ge=0, le=MAX_OFFSET),
):
    rows = records_public()
    if standard:
        rows = rows.filter(version__standard__slug=standard)
    if version:
        parts = version.split(".")
        if len(parts) != 3 or not all(part.isdigit() and len(part) < 9 for part in parts):
            rows = rows.none()
        else:
            major, minor, patch = (int(part) for part in parts)
            rows = rows.filter(version__major=major, version__minor=minor, version__patch=patch)
    result = page(request, rows, limit=limit, offset=offset, response=response)
    result["items"] = [
        {
            "organisation": record.organisation.name,
            "standard": record.version.standard.slug,
            "version": record.version.number,
            "status": record.status,
            "components": [key for key, _name in record.component_list],
            "systems": record.system_name,
            "declared_at": record.created_at,
            "url": absolute_url(record.get_absolute_url()),
        }
        for record in component_names_attach(result["items"])
    ]
    return result
