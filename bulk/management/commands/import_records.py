from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from bulk.importing import BadMediaArchive, import_sheet, media_from, plan_sheet
from bulk.sheets import BadSpreadsheet, read_sheet


class Command(BaseCommand):
    help = (
        "Import records from a CSV or XLSX file in the bulk format (docs/bulk-import.md), as drafts. "
        "Idempotent: a row whose identifier is already imported updates that record."
    )

    def add_arguments(self, parser):
        parser.add_argument("spreadsheet", help="the .csv or .xlsx file")
        parser.add_argument("--media", help="a folder or .zip holding the images and recordings the rows name")
        parser.add_argument("--dry-run", action="store_true", help="only say what would be done")
        parser.add_argument("--submit", action="store_true", help="submit each new or changed record for review")
        parser.add_argument("--user", help="username recorded as the revisions' author")

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user {options['user']}.")
        try:
            with open(options["spreadsheet"], "rb") as stored:
                sheet = read_sheet(stored.read())
        except OSError as error:
            raise CommandError(f"Cannot read {options['spreadsheet']}: {error.strerror}") from None
        except BadSpreadsheet as error:
            raise CommandError(str(error)) from None
        try:
            with media_from(options["media"]) as media:
                if options["dry_run"]:
                    plans = plan_sheet(sheet, media)
                    rows = [plan.as_json() for plan in plans]
                else:
                    with tqdm(total=len(sheet.rows), unit="rows", disable=verbosity == 0) as bar:
                        report = import_sheet(
                            sheet,
                            media,
                            user=user,
                            submit=options["submit"],
                            progress=lambda done, total: bar.update(done - bar.n),
                        )
                    rows = report.rows
        except BadMediaArchive as error:
            raise CommandError(str(error)) from None
        counts = {}
        for row in rows:
            counts[row["action"]] = counts.get(row["action"], 0) + 1
            if row["action"] == "refused" and verbosity:
                self.stderr.write(f"row {row['row']} ({row['identifier']}): {' '.join(row['problems'])}")
        summary = ", ".join(f"{action}: {count}" for action, count in sorted(counts.items()))
        self.stdout.write(("Dry run, nothing written. " if options["dry_run"] else "") + (summary or "no rows"))
