from django.core.management.base import BaseCommand, CommandError

from operations.backup import BackupError, restore_backup, verify_archive


class Command(BaseCommand):
    help = "Restore a backup archive into an empty, migrated database and an empty media folder."

    def add_arguments(self, parser):
        parser.add_argument("archive")
        parser.add_argument("--check", action="store_true", help="only verify the archive; change nothing")

    def handle(self, *args, **options):
        try:
            if options["check"]:
                manifest = verify_archive(options["archive"])
                self.stdout.write(self.style.SUCCESS(f"The archive is whole: {len(manifest['members'])} members."))
                return
            restore_backup(options["archive"], progress=self.stdout.write)
        except BackupError as error:
            raise CommandError(f"Nothing was restored: {error}") from None
        self.stdout.write(self.style.SUCCESS("Restored."))
