from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from media.importing import BadMetadataFile, import_media, read_rows


class Command(BaseCommand):
    help = "Attach photographs and recordings in FOLDER to records, with metadata from a CSV (see media/importing.py)."

    def add_arguments(self, parser):
        parser.add_argument("folder")
        parser.add_argument("--csv", required=True, help="UTF-8 CSV: file, record, title, description, credit, …")
        parser.add_argument(
            "--publish",
            action="store_true",
            help="Publish live records at once (default: a draft revision for curators to review).",
        )

    def handle(self, folder, csv, publish, verbosity, **options):
        try:
            total = len(read_rows(csv))
            with tqdm(total=total, unit="files", disable=verbosity == 0) as bar:
                report = import_media(folder, csv, publish=publish, progress=bar.update)
        except BadMetadataFile as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _(
                "Created %(created)d, attached %(attached)d, already stored %(stored)d, "
                "already attached %(unchanged)d, rejected %(rejected)d."
            )
            % {
                "created": report.created,
                "attached": report.attached,
                "stored": report.duplicates,
                "unchanged": report.unchanged,
                "rejected": len(report.rejected),
            }
        )
        for row, name, reason in report.rejected:
            self.stderr.write(
                _("  row %(row)d (%(file)s): %(reason)s") % {"row": row, "file": name or _("no file"), "reason": reason}
            )
