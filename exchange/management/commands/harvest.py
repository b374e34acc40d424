"""`manage.py harvest <base-url>`: harvest an OAI-PMH repository into external records.

The repository (with its set and format) becomes a harvest source, as if a curator had
added it in the admin, so the admin shows this run's report too and the next run is
incremental. The exit status is non-zero when the harvest stopped before the end of
its list (what was stored before is kept) or when any record was rejected.
"""

from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from exchange.harvesting import HarvestAlreadyRunning, parse_datestamp, run_harvest, start_run, web_url
from exchange.models import HarvestRun, HarvestSource
from exchange.reports import report_lines


def datestamp(value):
    moment = parse_datestamp(value)
    if moment is None:
        raise CommandError(_("--from takes YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ, not '%(value)s'.") % {"value": value})
    return moment


class Command(BaseCommand):
    help = "Harvest an OAI-PMH repository into external records (incremental after the first complete harvest)."

    def add_arguments(self, parser):
        parser.add_argument("base_url", help="the repository's OAI-PMH base URL")
        parser.add_argument("--set", dest="set_spec", default="", help="harvest only this set")
        parser.add_argument("--from", dest="since", type=datestamp, help="only records changed from this date")
        parser.add_argument("--metadata-prefix", default="oai_dc", help="metadata format (default oai_dc)")
        parser.add_argument("--full", action="store_true", help="everything, not only changes since the last harvest")
        parser.add_argument("--name", default="", help="the institution's name (default: the repository's name)")

    def handle(self, *args, **options):
        base_url = web_url(options["base_url"])
        if not base_url:
            raise CommandError(_("The base URL must be an http or https URL."))
        for field, value in (("set_spec", options["set_spec"]), ("metadata_prefix", options["metadata_prefix"])):
            try:
                HarvestSource._meta.get_field(field).run_validators(value)
            except ValidationError as error:
                raise CommandError(" ".join(error.messages)) from error
        source, _created = HarvestSource.objects.get_or_create(
            base_url=base_url,
            set_spec=options["set_spec"],
            metadata_prefix=options["metadata_prefix"],
            defaults={"name": options["name"] or urlsplit(base_url).hostname},
        )
        if options["name"] and source.name != options["name"]:
            source.name = options["name"]
            source.save(update_fields=["name"])
        try:
            run = start_run(source, full=options["full"], since=options["since"])
        except HarvestAlreadyRunning as busy:
            raise CommandError(str(busy)) from busy
        with tqdm(unit="records", disable=options["verbosity"] == 0) as bar:

            def progress(run):
                bar.total = run.complete_list_size
                bar.update(run.received - bar.n)

            run = run_harvest(run.pk, progress=progress)
        for line in report_lines(run):
            self.stdout.write(line)
        if run.status != HarvestRun.Status.SUCCEEDED:
            raise CommandError(_("The harvest stopped before the end of the list; what was stored is kept."))
        if run.rejected:
            raise CommandError(_("%(count)d records could not be read.") % {"count": run.rejected})
        self.stdout.write(self.style.SUCCESS(_("Harvest complete.")))
