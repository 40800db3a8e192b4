from django.db import models


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded"
    WITHDRAWN = "withdrawn", "Withdrawn"


class ComponentKind(models.TextChoices):
    ENTITY = "entity", "Entity"
    CODE_LIST = "code_list", "Code list"


class DataType(models.TextChoices):
    STRING = "string", "String"
    INTEGER = "integer", "Integer"
    NUMBER = "number", "Number"
    BOOLEAN = "boolean", "Boolean"
    DATE = "date", "Date"
    DATE_TIME = "date-time", "Date and time"
    REFERENCE = "reference", "Reference"


class Cardinality(models.TextChoices):
    ONE = "one", "One"
    MANY = "many", "Many"


class VersionEventKind(models.TextChoices):
    CREATED = "created", "Draft created"
    PUBLISHED = "published", "Published"
    SUPERSEDED = "superseded", "Superseded"
    WITHDRAWN = "withdrawn", "Withdrawn"
