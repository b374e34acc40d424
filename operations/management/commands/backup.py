from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from operations.backup import BackupError, make_backup


class Command(BaseCommand):
    help = "Write one archive of the whole library: a portable database dump, the uploaded files and a manifest."

    def add_arguments(self, parser):
        parser.add_argument(
            "archive",
            nargs="?",
            help="where to write it (default: var/backups/heritage-<date>.tar)",
        )

    def handle(self, *args, **options):
        from django.conf import settings

        path = Path(
            options["archive"] or Path(settings.VAR_DIR) / "backups" / f"heritage-{timezone.now():%Y%m%d-%H%M%S}.tar"
        )
        try:
            manifest = make_backup(path, progress=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from None
        files = len(manifest["members"]) - 1
        size = path.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path} ({files} files, {size:,} bytes)."))
