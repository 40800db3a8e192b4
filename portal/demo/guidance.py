"""Demo guidance pages. Idempotent."""

from portal.demo.pages import home_page_ensure


def load() -> None:
    home_page_ensure(
        title="Social housing data standards",
        intro="Agree, publish and adopt shared data standards for social housing in England.",
    )
