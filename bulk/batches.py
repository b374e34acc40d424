"""Admin imports from upload to report: the dry run and the background run of an `ImportBatch`."""

import logging
from collections import Counter

from django.db import transaction
from django.utils import timezone

from .importing import BadMediaArchive, import_sheet, media_from, plan_sheet
from .models import ImportBatch
from .sheets import BadSpreadsheet, read_sheet

logger = logging.getLogger(__name__)


def _archive_path(batch):
    return batch.media_archive.path if batch.media_archive else None


def dry_run(batch):
    """Plan every row of the batch's files and store the preview; BadSpreadsheet or
    BadMediaArchive when a file cannot be used at all."""
    with batch.spreadsheet.open("rb") as stored:
        sheet = read_sheet(stored.read())
    with media_from(_archive_path(batch)) as media:
        plans = plan_sheet(sheet, media)
    counts = Counter(plan.action for plan in plans)
    batch.total = len(plans)
    batch.preview = {
        "columns": sheet.columns,
        "counts": {action: counts.get(action, 0) for action in ("create", "update", "unchanged", "refused")},
        "rows": [plan.as_json() for plan in plans],
    }
    batch.save(update_fields=["total", "preview"])
    return batch


def confirm(batch):
    """Queue the import after the transaction commits (django-tasks)."""
    from .tasks import import_batch

    batch.status = ImportBatch.Status.QUEUED
    batch.save(update_fields=["status"])
    transaction.on_commit(lambda: import_batch.enqueue(batch.pk))


def run(batch_id):
    """The background task's work: import, with progress written as it goes."""
    claimed = ImportBatch.objects.filter(pk=batch_id, status=ImportBatch.Status.QUEUED).update(
        status=ImportBatch.Status.RUNNING, done=0
    )
    if not claimed:
        return None  # already run, or never confirmed
    batch = ImportBatch.objects.get(pk=batch_id)

    def progress(done, total):
        ImportBatch.objects.filter(pk=batch_id).update(done=done, total=total)

    try:
        with batch.spreadsheet.open("rb") as stored:
            sheet = read_sheet(stored.read())
        with media_from(_archive_path(batch)) as media:
            report = import_sheet(
                sheet, media, user=batch.requested_by, submit=batch.submit_for_review, progress=progress
            )
    except (BadSpreadsheet, BadMediaArchive) as error:
        batch.status, batch.failure = ImportBatch.Status.FAILED, str(error)
    except Exception as error:  # noqa: BLE001 - recorded on the batch for the curator
        logger.exception("bulk import %s failed", batch_id)
        batch.status, batch.failure = ImportBatch.Status.FAILED, f"{type(error).__name__}: {error}"[:2000]
    else:
        batch.status, batch.report = ImportBatch.Status.FINISHED, report.as_json()
        batch.done = batch.total = report.total
    batch.finished_at = timezone.now()
    batch.save(update_fields=["status", "failure", "report", "done", "total", "finished_at"])
    return batch
