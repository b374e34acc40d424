"""manage.py import_dictionary FILE [--apply] [--publish] [--strict] [--audio-dir DIR]

Without --apply it is a dry run: the report says what would be created, updated or left
unchanged and why each rejected row is refused, and nothing is saved."""

import os

from django.core.management.base import BaseCommand, CommandError

from dictionary.importing import BadWordList, plan_rows, read_table, run_import
from dictionary.lift import read_lift


class Command(BaseCommand):
    help = "Import a word list (CSV, Excel .xlsx or LIFT) into the dictionaries; a dry run unless --apply."

    def add_arguments(self, parser):
        parser.add_argument("path")
        parser.add_argument("--apply", action="store_true", help="Save (without it: only the report).")
        parser.add_argument("--publish", action="store_true", help="Publish the entries (else drafts for review).")
        parser.add_argument("--strict", action="store_true", help="Save nothing if any row is rejected.")
        parser.add_argument("--audio-dir", help="Folder holding the files named in the audio column.")

    def handle(self, path, apply=False, publish=False, strict=False, audio_dir=None, **options):
        if not os.path.isfile(path):
            raise CommandError(f"No such file: {path}")
        try:
            with open(path, "rb") as upload:
                if path.lower().endswith((".lift", ".xml")):
                    reports = read_lift(upload)
                else:
                    reports = plan_rows(read_table(upload, path), audio_dir)
        except BadWordList as problem:
            raise CommandError(str(problem)) from None
        report = run_import(reports, publish=publish, dry_run=not apply, strict=strict, source_name=path)
        for row in report.rejected:
            self.stdout.write(f"row {row.line} ({row.headword}): REJECTED: " + " ".join(row.errors))
        for row in report.accepted:
            for warning in row.warnings:
                self.stdout.write(f"row {row.line} ({row.headword}): note: {warning}")
        prefix = "" if report.saved else ("nothing saved (strict): " if strict and report.rejected else "dry run: ")
        self.stdout.write(prefix + report.summary())
