"""Demo standards built from the real files in shared/data. Idempotent."""


def load() -> None:
    """Import and publish the demo standard versions."""
