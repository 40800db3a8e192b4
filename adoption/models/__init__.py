"""Adoption models, split by tool: the register (who uses which version) and the builder's
steward-editable requirement texts. The checker stores nothing."""

from .builder import RequirementTemplate  # noqa: F401
from .register import AdoptionEvent, AdoptionRecord  # noqa: F401
