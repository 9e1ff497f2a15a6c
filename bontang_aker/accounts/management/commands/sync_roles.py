"""Re-apply the staff groups' permissions from `roles.ROLE_PERMISSIONS`.

Run it after changing the table, or when someone edited a group by hand in the admin:
each group gets exactly the listed permissions again. Safe to run any number of times.
"""

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction

from bontang_aker.accounts.roles import ROLE_PERMISSIONS, sync_role_groups


class Command(BaseCommand):
    help = "Give each Disnaker staff group exactly the permissions listed in accounts/roles.py."

    def handle(self, *args, **options):
        with transaction.atomic():
            sync_role_groups(apps=apps)
        for group_name, codes in ROLE_PERMISSIONS.items():
            self.stdout.write(f"{group_name}: {len(codes)} permissions")
        self.stdout.write(self.style.SUCCESS("Staff groups are in sync with ROLE_PERMISSIONS."))
