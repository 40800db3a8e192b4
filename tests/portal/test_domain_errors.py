"""Every domain error derives from the one base in portal.errors.

See docs/adr/0017-capability-packages.md.
"""

import importlib
import inspect
import pkgutil

import pytest

from portal.errors import DomainError, InvalidState, NotAllowed

APPS = ("standards", "community", "adoption")
# Exceptions that never leave their module's caller, so are not domain errors: a parser's
# signal that its caller turns into an import problem. A new one goes here only on purpose.
INTERNAL = {
    "standards.interchange.strict_json.TooDeep",
}


def _domain_error_classes():
    found = set()
    for app in APPS:
        package = importlib.import_module(app)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            leaf = info.name.rsplit(".", 1)[-1]
            if ".migrations" in info.name or ".management" in info.name or "urls" in leaf:
                continue  # URL modules need their converters registered first
            module = importlib.import_module(info.name)
            for _, value in inspect.getmembers(module, inspect.isclass):
                if (
                    issubclass(value, Exception)
                    and value.__module__ == module.__name__
                    and not value.__name__.startswith("_")
                    and f"{value.__module__}.{value.__qualname__}" not in INTERNAL
                ):
                    found.add(value)
    return sorted(found, key=lambda c: f"{c.__module__}.{c.__qualname__}")


@pytest.mark.parametrize("error", _domain_error_classes(), ids=lambda c: c.__qualname__)
def test_every_domain_error_derives_from_the_portal_base(error):
    assert issubclass(error, DomainError)


@pytest.mark.parametrize(
    ("path", "base"),
    [
        ("standards.exceptions.NotAllowed", NotAllowed),
        ("community.exceptions.NotAllowedError", NotAllowed),
        ("adoption.exceptions.NotAllowed", NotAllowed),
        ("standards.exceptions.InvalidState", InvalidState),
        ("community.exceptions.InvalidStateError", InvalidState),
        ("adoption.exceptions.InvalidState", InvalidState),
    ],
)
def test_not_allowed_and_invalid_state_share_a_base_across_apps(path, base):
    module, _, name = path.rpartition(".")
    assert issubclass(getattr(importlib.import_module(module), name), base)


def test_one_constructor_a_default_message_and_an_optional_field():
    from community.exceptions import NotAllowedError
    from standards.exceptions import NotAllowed as StandardsNotAllowed

    assert str(StandardsNotAllowed()) == "You do not have permission to do this"
    error = NotAllowedError("Only conveners can invite people", field="email")
    assert (error.message, error.field, str(error)) == (
        "Only conveners can invite people",
        "email",
        "Only conveners can invite people",
    )
