from django.core.management.base import BaseCommand
from django.db import transaction

import community.demo
import standards.demo
import standards.demo_guidance
from portal.demo import guidance
from portal.editorial import editorial_setup_ensure


class Command(BaseCommand):
    help = "Load demo content, standards and users. Safe to run again: it updates in place."

    def handle(self, *args, **options):
        with transaction.atomic():
            editorial_setup_ensure()
            sign_ins = community.demo.load()
            standards.demo.load()
            guidance.load()
            standards.demo_guidance.load()
        self.stdout.write(self.style.SUCCESS("Demo content loaded."))
        if sign_ins:
            password = community.demo.DEMO_PASSWORD
            self.stdout.write(f"\nDemo sign-ins (the password for all: {password}):")
            for description, email in sign_ins:
                self.stdout.write(f"  {description:<45} {email}")
