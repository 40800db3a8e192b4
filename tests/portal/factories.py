from wagtail.rich_text import RichText

from portal.demo.pages import page_ensure
from portal.models import GuidanceIndexPage, GuidancePage


def guidance_index(
    *, parent, slug="guidance", title="Guidance", intro="How to adopt the standard."
):
    return page_ensure(parent=parent, model=GuidanceIndexPage, slug=slug, title=title, intro=intro)


def guidance_page(
    *, parent, slug="about", title="About this portal", summary="What it is for.", body=None
):
    if body is None:
        body = [
            ("rich_text", RichText("<h2>Who runs it</h2><p>The data team.</p>")),
            ("rich_text", RichText("<h2>What you can do</h2><p>Read guidance.</p>")),
        ]
    return page_ensure(
        parent=parent, model=GuidancePage, slug=slug, title=title, summary=summary, body=body
    )
