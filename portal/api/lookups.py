"""Things an API address names, or a 404 problem that says which was not found."""

from django.http import Http404

from standards.catalogue import selectors
from standards.models import Standard


def standard_or_404(slug: str) -> Standard:
    try:
        return selectors.standard_get(slug=slug)
    except Standard.DoesNotExist as error:
        raise Http404(f"There is no standard called '{slug[:100]}'") from error
