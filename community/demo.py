"""Demo organisations, working groups and users for a first run. Idempotent."""


def load() -> list[tuple[str, str]]:
    """Create the demo data and return (description, email) pairs of demo sign-ins."""
    return []
