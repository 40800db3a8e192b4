from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import override_settings

import adoption.demo
import community.demo
from portal.demo import api_guidance, guidance
from portal.editorial import editorial_setup_ensure
from standards.demo import catalogue as standards_catalogue
from standards.demo import guidance as standards_guidance
from standards.demo import proposals as standards_proposals
from standards.demo import reference as standards_reference
from standards.demo import reference_guidance as standards_reference_guidance
from standards.demo import releases as standards_releases
from standards.demo import webhooks as standards_webhooks

_DISCARD_MAIL = {"default": {"BACKEND": "django.core.mail.backends.dummy.EmailBackend"}}


class Command(BaseCommand):
    help = "Load demo content, standards and users. Safe to run again: it updates in place."

    def handle(self, *args, **options):
        # The demo's proposals and comments are made through the services, which email the
        # people involved; those emails are about nothing real, so they go nowhere.
        with override_settings(MAILERS=_DISCARD_MAIL), transaction.atomic():
            editorial_setup_ensure()
            sign_ins = list(community.demo.load() or [])
            standards_catalogue.load()
            standards_reference.load()
            standards_releases.load_released()
            standards_proposals.load()
            sign_ins += standards_releases.load() or []
            standards_webhooks.load()
            adoption.demo.load()
            guidance.load()
            standards_guidance.load()
            standards_reference_guidance.load()
            api_guidance.load(objection=standards_proposals.open_objection_id())
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        if sign_ins:
            password = community.demo.DEMO_PASSWORD
            self.stdout.write(f"\nDemo sign-ins (the password for all: {password}):")
            for description, email in sign_ins:
                self.stdout.write(f"  {description:<45} {email}")
