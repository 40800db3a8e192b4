import standards.demo.catalogue.guidance
import standards.demo.catalogue.proposals
import standards.demo.catalogue.reference
import standards.demo.catalogue.reference_guidance
import standards.demo.catalogue.releases
import standards.demo.catalogue.webhooks
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import override_settings

import adoption.demo
import community.demo
import standards.demo.catalogue
from portal.demo import guidance
from portal.editorial import editorial_setup_ensure

_DISCARD_MAIL = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}


class Command(BaseCommand):
    help = "Load demo content, standards and users. Safe to run again: it updates in place."

    def handle(self, *args, **options):
        # The demo's proposals and comments are made through the services, which email the
        # people involved; those emails are about nothing real, so they go nowhere.
        with override_settings(MAILERS=_DISCARD_MAIL), transaction.atomic():
            editorial_setup_ensure()
            sign_ins = list(community.demo.load() or [])
            standards.demo.catalogue.load()
            standards.demo.catalogue.reference.load()
            standards.demo.catalogue.releases.load_released()
            standards.demo.catalogue.proposals.load()
            sign_ins += standards.demo.catalogue.releases.load() or []
            standards.demo.catalogue.webhooks.load()
            adoption.demo.load()
            guidance.load()
            standards.demo.catalogue.guidance.load()
            standards.demo.catalogue.reference_guidance.load()
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        if sign_ins:
            password = community.demo.DEMO_PASSWORD
            self.stdout.write(f"\nDemo sign-ins (the password for all: {password}):")
            for description, email in sign_ins:
                self.stdout.write(f"  {description:<45} {email}")
