"""manage.py dictionary_reindex: rebuild the dictionaries' index on the search engine
(a fresh index, then the alias moved; lookups use the database until it exists)."""

from django.core.management.base import BaseCommand

from dictionary import engine
from dictionary.models import Entry


class Command(BaseCommand):
    help = "Rebuild the dictionaries' index on the configured search engine."

    def handle(self, **options):
        if engine.connection() is None:
            self.stdout.write("No search engine configured: lookups use the database's own index.")
            return
        entries = Entry.objects.filter(live=True).select_related("language").prefetch_related("senses", "variants")
        count = engine.rebuild(entries.iterator(chunk_size=1000))
        self.stdout.write(f"Indexed {count} live entries.")
