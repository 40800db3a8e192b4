"""Adoption models, split by tool: the register (who uses which version) and the builder's
steward-editable requirement texts. The checker stores nothing."""
