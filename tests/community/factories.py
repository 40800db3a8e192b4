import secrets
from datetime import timedelta

import factory
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.utils import timezone

from community import tokens
from community.choices import GroupStatus, MembershipRole, OrganisationType, TokenScope
from community.models import (
    AccessToken,
    AffiliationConfirmation,
    Invitation,
    JoinRequest,
    Membership,
    Organisation,
    OrganisationDomain,
    User,
    WorkingGroup,
)
from community.permissions import STEWARDS_GROUP

DEFAULT_PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.django.Password(DEFAULT_PASSWORD)

    class Meta:
        model = User
        skip_postgeneration_save = True

    @factory.post_generation
    def verified(self, create, extracted, **kwargs):
        """Users have a verified primary email unless built with ``verified=False``."""
        if create and extracted is not False:
            EmailAddress.objects.create(user=self, email=self.email, verified=True, primary=True)


class StewardFactory(UserFactory):
    @factory.post_generation
    def stewards_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get_or_create(name=STEWARDS_GROUP)[0])


class OrganisationFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Exampleshire Homes {n}")
    type = OrganisationType.HOUSING_ASSOCIATION
    identifier = factory.Sequence(lambda n: f"L{n % 10000:04d}")
    verified_at = factory.LazyFunction(timezone.now)

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    class Params:
        unverified = factory.Trait(verified_at=None)
        council = factory.Trait(
            type=OrganisationType.LOCAL_AUTHORITY,
            identifier=factory.Sequence(lambda n: f"E06{n % 1000000:06d}"),
        )
        supplier = factory.Trait(
            type=OrganisationType.TECHNOLOGY_SUPPLIER,
            identifier=factory.Sequence(lambda n: f"{n % 100000000:08d}"),
        )

    @factory.post_generation
    def domains(self, create, extracted, **kwargs):
        if create and extracted:
            for domain in extracted:
                OrganisationDomain.objects.create(organisation=self, domain=domain)


class WorkingGroupFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Working group {n}")
    slug = factory.Sequence(lambda n: f"working-group-{n}")
    remit = "Agrees how the standard works for its part of the sector."
    organisation_types = factory.LazyFunction(lambda: [OrganisationType.HOUSING_ASSOCIATION])

    class Meta:
        model = WorkingGroup

    class Params:
        archived = factory.Trait(
            status=GroupStatus.ARCHIVED, archived_at=factory.LazyFunction(timezone.now)
        )


def _email_at_organisation(person, n: int) -> str:
    """An address at the organisation's first email domain, so the person acts for it (ADR
    0016); at example.org, so self-declared, when the organisation has no domains."""
    organisation = person.organisation
    domain = organisation.domains.values_list("domain", flat=True).first() if organisation else None
    return f"person{n}@{domain or 'example.org'}"


class MemberUserFactory(UserFactory):
    """A person who works for an organisation, proven by their email address's domain.

    Pass an organisation without email domains, or an email address elsewhere, for a person
    whose organisation is only self-declared.
    """

    organisation = factory.SubFactory(
        OrganisationFactory, domains=factory.Sequence(lambda n: [f"org{n}.example.org"])
    )
    email = factory.LazyAttributeSequence(_email_at_organisation)


class AffiliationConfirmationFactory(factory.django.DjangoModelFactory):
    """A standing confirmation; tests of the journey go through the service instead."""

    person = factory.SubFactory(UserFactory)
    organisation = factory.LazyAttribute(lambda o: o.person.organisation)
    confirmed_by = factory.SubFactory(StewardFactory)
    confirmed_as = "steward"

    class Meta:
        model = AffiliationConfirmation


class MembershipFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(MemberUserFactory)
    group = factory.SubFactory(WorkingGroupFactory)
    role = MembershipRole.MEMBER

    class Meta:
        model = Membership


class ConvenerFactory(MembershipFactory):
    role = MembershipRole.CONVENER


class JoinRequestFactory(factory.django.DjangoModelFactory):
    user = factory.SubFactory(MemberUserFactory)
    group = factory.SubFactory(WorkingGroupFactory)
    statement = "I lead on housing data and want to help shape the repairs standard."

    class Meta:
        model = JoinRequest


class InvitationFactory(factory.django.DjangoModelFactory):
    group = factory.SubFactory(WorkingGroupFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    token = factory.LazyFunction(lambda: secrets.token_urlsafe(32))
    invited_by = factory.SubFactory(UserFactory)
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))

    class Meta:
        model = Invitation

    class Params:
        expired = factory.Trait(
            created_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=15)),
            expires_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
        )


class AccessTokenFactory(factory.django.DjangoModelFactory):
    """A token row with a real token behind it: ``raw`` is set on the instance for tests to
    use, as the service would have shown it once. Journeys go through the service instead."""

    owner = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Repairs system {n}")
    raw = factory.LazyFunction(tokens.generate)
    prefix = factory.LazyAttribute(lambda o: tokens.display_prefix(o.raw))
    secret_hash = factory.LazyAttribute(lambda o: tokens.digest(o.raw))
    scopes = factory.LazyFunction(lambda: [TokenScope.READ.value])
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=90))

    class Meta:
        model = AccessToken

    class Params:
        expired = factory.Trait(
            created_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=31)),
            expires_at=factory.LazyFunction(lambda: timezone.now() - timedelta(days=1)),
        )
        revoked = factory.Trait(revoked_at=factory.LazyFunction(timezone.now))

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        raw = kwargs.pop("raw")
        token = super()._create(model_class, *args, **kwargs)
        token.raw = raw
        return token
