import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from audit.models import AuditAction
from audit.recording import record_event
from gis.importing import AreaFileError, import_areas
from gis.linking import link_records
from gis.views import bump_records_cache


def iso_date(value):
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise CommandError(_("Dates are YYYY-MM-DD, not '%(value)s'.") % {"value": value}) from None


class Command(BaseCommand):
    help = "Import areas from a GeoJSON, zipped Shapefile or GeoPackage file (re-running updates them)."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--level", default="district", choices=["province", "district", "commune", "region"])
        parser.add_argument("--level-field", help="attribute holding the level, instead of --level")
        parser.add_argument("--name-field", default="name")
        parser.add_argument("--code-field", default="code")
        parser.add_argument("--parent-code-field", help="attribute holding the parent unit's code")
        parser.add_argument("--valid-from", type=iso_date)
        parser.add_argument("--valid-to", type=iso_date)
        parser.add_argument("--source-crs", help="coordinate system when the file does not say, e.g. EPSG:3405")

    def handle(self, *args, **options):
        """The whole report is written even when features are rejected; the exit status is then non-zero."""
        with tqdm(unit="areas", disable=options["verbosity"] == 0) as bar:
            try:
                report = import_areas(
                    options["file"],
                    level=options["level"],
                    name_field=options["name_field"],
                    code_field=options["code_field"],
                    level_field=options["level_field"],
                    parent_code_field=options["parent_code_field"],
                    valid_from=options["valid_from"],
                    valid_to=options["valid_to"],
                    source_crs=options["source_crs"],
                    progress=bar.update,
                )
            except AreaFileError as error:
                raise CommandError(str(error)) from error
        linked = link_records()
        bump_records_cache()
        record_event(
            AuditAction.IMPORTED,
            object_type="heritage_gis.area",
            object_title=str(options["file"]),
            detail={"kind": "area boundaries", "summary": report.summary(), "links": linked},
        )
        self.stdout.write(
            self.style.SUCCESS(
                _("Areas: %(summary)s. %(linked)d record–area links.") % {"summary": report.summary(), "linked": linked}
            )
        )
        for name in report.repaired:
            self.stdout.write(_("  repaired invalid geometry: %(name)s") % {"name": name})
        for number, name, reason in report.rejected:
            self.stdout.write(
                self.style.WARNING(
                    _("  rejected row %(number)d (%(name)s): %(reason)s")
                    % {"number": number, "name": name, "reason": reason}
                )
            )
        if report.rejected:
            raise CommandError(
                ngettext(
                    "%(count)d area was not imported; fix it and run the import again "
                    "(imported areas are updated, not duplicated).",
                    "%(count)d areas were not imported; fix them and run the import again "
                    "(imported areas are updated, not duplicated).",
                    len(report.rejected),
                )
                % {"count": len(report.rejected)}
            )
