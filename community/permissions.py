"""Small permission predicates. Services enforce them; templates use them to show or hide actions."""

STEWARDS_GROUP = "Stewards"


def is_steward(user) -> bool:
    """Stewards are the data team: they run the portal and approve editorial changes."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or user.groups.filter(name=STEWARDS_GROUP).exists()
