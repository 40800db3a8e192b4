"""Demo guidance for individual components (summary, making the case, technical guidance)."""


def load() -> None:
    """Create the three-page guidance pattern for demo components. Idempotent."""
