"""Idempotent helpers for creating demo pages: re-running them updates pages in place."""

from django.db import transaction
from wagtail.fields import StreamField
from wagtail.models import Page, Site

from portal.models import HomePage


def page_ensure(*, parent: Page, model: type[Page], slug: str, **fields) -> Page:
    """Create or update a published child page of ``parent`` identified by its slug."""
    page = model.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = model(slug=slug, **fields)
        parent.add_child(instance=page)
    else:
        changed = False
        for name, value in fields.items():
            if _comparable(page, name, getattr(page, name)) != _comparable(page, name, value):
                setattr(page, name, value)
                changed = True
        if not changed and page.live and not page.has_unpublished_changes:
            return page
    page.save_revision().publish()
    return page


def _comparable(page: Page, name: str, value):
    field = page._meta.get_field(name)
    if isinstance(field, StreamField):
        # Block ids are random, so two StreamField values compare by their content alone.
        return _without_ids(field.get_prep_value(field.to_python(value)))
    return value


def _without_ids(data):
    if isinstance(data, dict):
        return {key: _without_ids(value) for key, value in data.items() if key != "id"}
    if isinstance(data, list):
        return [_without_ids(item) for item in data]
    return data


@transaction.atomic
def home_page_ensure(*, title: str, intro: str, body=()) -> HomePage:
    root = Page.get_first_root_node()
    # Wagtail's installer leaves a plain "Welcome" page holding the "home" slug; it has no place
    # in the portal, so it is moved aside here and deleted once the site points at our home page.
    placeholder = Page.objects.child_of(root).filter(slug="home", content_type__model="page")
    placeholder.update(slug="wagtail-welcome-placeholder")
    home = page_ensure(
        parent=root, model=HomePage, slug="home", title=title, intro=intro, body=body
    )
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", root_page=home, is_default_site=True)
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save()
    for page in Page.objects.child_of(root).filter(slug="wagtail-welcome-placeholder"):
        page.delete()
    return home
