from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from audit.models import AuditAction
from audit.recording import record_event
from gis.basemap import BrokenBasemap, import_basemap


class Command(BaseCommand):
    help = (
        "Make the site's own base map (MAP_TILES=basemap) from an MBTiles or PMTiles file: "
        "it replaces BASEMAP_FILE only once the new file is complete and checked."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="an .mbtiles (raster or vector) or .pmtiles file")
        parser.add_argument("--output", help="where to write the base map (default: BASEMAP_FILE)")
        parser.add_argument("--max-zoom", type=int, help="leave out tiles deeper than this zoom level")

    def handle(self, *args, **options):
        target = options["output"] or settings.HERITAGE_BASEMAP_FILE
        with tqdm(unit="tiles", disable=options["verbosity"] == 0, file=self.stderr) as bar:

            def progress(done, total):
                bar.total = total
                bar.update(done - bar.n)

            try:
                made = import_basemap(options["file"], target, max_zoom=options["max_zoom"], progress=progress)
            except BrokenBasemap as error:
                raise CommandError(_("%(error)s The current base map is unchanged.") % {"error": error}) from error
        record_event(
            AuditAction.IMPORTED,
            object_type="heritage_gis.basemap",
            object_title=str(options["file"]),
            detail={"kind": "base map", "tiles": made.tiles, "zooms": [made.min_zoom, made.max_zoom]},
        )
        self.stdout.write(
            self.style.SUCCESS(
                _("Base map written to %(path)s: %(tiles)d %(kind)s tiles, zoom %(min)d to %(max)d.")
                % {"path": target, "tiles": made.tiles, "kind": made.kind, "min": made.min_zoom, "max": made.max_zoom}
            )
        )
        if getattr(settings, "HERITAGE_MAP_TILES", None) != "basemap":
            self.stdout.write(_("Maps draw it once MAP_TILES=basemap is set (and BASEMAP_FILE, if elsewhere)."))
