"""Rebuild the OAI-PMH provider's items from the public records.

Publishing, unpublishing, saving and deleting records keep them current on their own;
run this after a bulk load that sends no signals (`generate_records`), or to repair
drift. Idempotent: a second run changes nothing.
"""

from django.core.management.base import BaseCommand

from exchange.items import synchronise


class Command(BaseCommand):
    help = "Bring the OAI-PMH items (datestamps, deleted records, sets) in line with the public records."

    def handle(self, *args, **options):
        counts = synchronise()
        self.stdout.write("OAI-PMH: {created} items added, {updated} updated, {deleted} now deleted.".format(**counts))
