"""Demo guidance pages. Idempotent: loading them again changes nothing unless the content has.

The content itself is in ``portal.demo.guidance_content``.
"""

from wagtail.models import Page

from portal.demo.guidance_content import HOME_BODY, HOME_INTRO, HOME_TITLE, PAGES
from portal.demo.pages import home_page_ensure, page_ensure


def load() -> None:
    home = home_page_ensure(title=HOME_TITLE, intro=HOME_INTRO, body=HOME_BODY)
    # Pages link to each other. On the very first load a page can link to one that does not exist
    # yet: the first pass leaves such links out and the second puts them in. Later loads find
    # nothing to change in either pass.
    for _ in range(2):
        for spec in PAGES:
            _page_ensure_from_spec(home, spec)


def _page_ensure_from_spec(home: Page, spec: dict) -> Page:
    *parent_slugs, slug = spec["path"].strip("/").split("/")
    parent = page_at(home, "/".join(parent_slugs))
    fields = {name: value for name, value in spec.items() if name not in {"path", "model"}}
    if "body" in fields:
        fields["body"] = [
            (block_type, value)
            for block_type, value in (block_resolve(home, *block) for block in fields["body"])
            if value is not None
        ]
    return page_ensure(parent=parent, model=spec["model"], slug=slug, **fields)


def page_at(home: Page, path: str) -> Page | None:
    """The page at ``path`` ("guidance/about"), relative to the home page."""
    path = path.strip("/")
    url_path = f"{home.url_path}{path}/" if path else home.url_path
    return Page.objects.filter(url_path=url_path).first()


def block_resolve(home: Page, block_type: str, value):
    """Tidy a block's text and resolve its page links. None if a link has no page yet."""
    value = _tidy(value)
    if block_type == "call_to_action":
        link = _link(home, value["link"])
        return block_type, ({**value, "link": link} if link else None)
    if block_type == "related_links":
        links = [link for link in (_link(home, link) for link in value["links"]) if link]
        return block_type, {**value, "links": links}
    return block_type, value


def _link(home: Page, link: dict) -> dict | None:
    if "path" not in link:
        return link
    page = page_at(home, link["path"])
    return {"text": link["text"], "page": page, "url": ""} if page else None


def _tidy(value):
    """Collapse the whitespace that multi-line HTML in the content module brings with it."""
    if isinstance(value, str):
        return " ".join(value.split()).replace('" >', '">')
    if isinstance(value, dict):
        return {key: _tidy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_tidy(item) for item in value]
    return value
