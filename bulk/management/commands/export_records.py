from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from bulk.exporting import export_rows
from bulk.sheets import csv_bytes, xlsx_bytes
from heritage.models import RecordPage


class Command(BaseCommand):
    help = (
        "Export live records in the bulk import format (CSV or XLSX, by the output's extension). "
        "Without --user only public records, as an anonymous visitor sees them."
    )

    def add_arguments(self, parser):
        parser.add_argument("output", help="the .csv or .xlsx file to write")
        parser.add_argument("--user", help="export what this user may see")

    def handle(self, *args, **options):
        user = None
        if options["user"]:
            user = get_user_model().objects.filter(username=options["user"]).first()
            if user is None:
                raise CommandError(f"No user {options['user']}.")
        output = options["output"]
        if not output.lower().endswith((".csv", ".xlsx")):
            raise CommandError("The output must end in .csv or .xlsx.")
        ids = list(RecordPage.objects.visible_to(user).order_by("pk").values_list("pk", flat=True))
        rows = list(tqdm(export_rows(user, ids), total=len(ids), unit="records", disable=options["verbosity"] == 0))
        content = csv_bytes(rows) if output.lower().endswith(".csv") else xlsx_bytes(rows)
        with open(output, "wb") as target:
            target.write(content)
        self.stdout.write(f"{len(rows)} records written to {output}")
