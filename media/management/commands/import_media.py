from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from audit.models import AuditAction
from audit.recording import record_event
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
        """The whole report is written even when rows fail; the exit status is then non-zero."""
        try:
            rows = read_rows(csv)  # a CSV that cannot be read is refused here, before anything is written
            with tqdm(total=len(rows), unit="files", disable=verbosity == 0) as bar:
                report = import_media(folder, csv, publish=publish, progress=bar.update, rows=rows)
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
        record_event(
            AuditAction.IMPORTED,
            object_type="heritage_media.import",
            object_title=str(csv),
            detail={
                "kind": "media files",
                "folder": str(folder),
                "created": report.created,
                "attached": report.attached,
                "rejected": len(report.rejected),
            },
        )
        for row, name, reason in report.rejected:
            self.stderr.write(
                _("  row %(row)d (%(file)s): %(reason)s") % {"row": row, "file": name or _("no file"), "reason": reason}
            )
        if report.interrupted_at is not None:
            raise CommandError(
                _(
                    "Stopped at row %(row)d: that row and the ones after it were not imported. "
                    "Run the import again to continue; the rows already imported are left as they are."
                )
                % {"row": report.interrupted_at},
                returncode=130,
            )
        if report.rejected:
            message = ngettext(
                "%(count)d row was not imported; fix it and run the import again (imported rows are not repeated).",
                "%(count)d rows were not imported; fix them and run the import again (imported rows are not repeated).",
                len(report.rejected),
            ) % {"count": len(report.rejected)}
            if report.unexpected:
                message += " " + _("%(count)d of them failed for a reason outside the CSV; see the log.") % {
                    "count": report.unexpected
                }
            raise CommandError(message)
