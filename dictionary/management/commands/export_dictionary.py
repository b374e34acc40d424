"""manage.py export_dictionary LANGUAGE --format csv|lift [--output FILE]

Exports the public, live entries (what the site's own download gives an anonymous visitor)."""

from django.core.management.base import BaseCommand, CommandError

from dictionary.exporting import export_csv, for_export
from dictionary.lift import export_lift
from dictionary.models import Entry, Language


class Command(BaseCommand):
    help = "Export a dictionary's public entries as CSV or LIFT XML."

    def add_arguments(self, parser):
        parser.add_argument("language", help="ISO 639-3 code, e.g. hre or cua")
        parser.add_argument("--format", choices=["csv", "lift"], default="lift")
        parser.add_argument("--output", help="File to write (default: standard output)")

    def handle(self, language, format="lift", output=None, **options):
        found = Language.objects.filter(code=language).first()
        if found is None:
            raise CommandError(f"No dictionary for language {language!r}.")
        entries = for_export(Entry.objects.public().filter(language=found))
        data = export_csv(entries).encode("utf-8") if format == "csv" else export_lift(entries)
        if output:
            with open(output, "wb") as handle:
                handle.write(data)
        else:
            self.stdout.write(data.decode("utf-8"))
