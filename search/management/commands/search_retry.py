from django.core.management.base import BaseCommand

from search import indexing
from search.models import PendingIndexUpdate


class Command(BaseCommand):
    help = (
        "Send the index updates the search engine has not taken yet (queued while it was down). "
        "Safe to run at any time and repeatedly, e.g. from cron every minute."
    )

    def add_arguments(self, parser):
        parser.add_argument("--limit", type=int, default=None, help="Send at most this many records this time.")

    def handle(self, *args, **options):
        before = PendingIndexUpdate.objects.count()
        if not before:
            self.stdout.write(self.style.SUCCESS("No queued index updates."))
            return
        sent, queued = indexing.retry_pending(limit=options["limit"])
        self.stdout.write(f"Sent {sent} of {before} queued index updates; {queued} still queued.")
        if queued:
            last = PendingIndexUpdate.objects.exclude(last_error="").order_by("-last_attempt_at").first()
            if last:
                self.stdout.write(self.style.WARNING(f"Last error: {last.last_error}"))
