from django_tasks import task


@task()
def import_batch(batch_id):
    """Run a confirmed spreadsheet import (admin → Nhập hồ sơ); its progress and report
    are written to the `ImportBatch` as it goes."""
    from .batches import run

    batch = run(batch_id)
    return batch.report.get("total") if batch else None
