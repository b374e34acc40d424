from django.core.management.base import BaseCommand

from opendata import formats
from opendata.datasets import datasets
from opendata.state import current_version, fingerprint, measured


class Command(BaseCommand):
    help = (
        "Write every open-data file once, so that the page and both catalogues give its exact size "
        "(until then large files show an estimate). Run after a bulk load, or from cron."
    )

    def handle(self, *args, **options):
        digest = fingerprint()
        current_version(digest)
        for dataset in datasets():
            for distribution in dataset.distributions:
                size = sum(
                    len(piece)
                    for piece in measured(formats.write(dataset, distribution), digest, distribution.filename)
                )
                self.stdout.write(f"{distribution.filename}: {size} bytes")
        if fingerprint() != digest:
            self.stderr.write("The data changed meanwhile; run again for exact sizes.")
