from django_tasks import task

from . import harvesting


@task()
def harvest_source(run_id):
    """Carry out a harvest run queued from the admin ("Harvest now"); its progress and
    report are written to the run as it goes."""
    run = harvesting.run_harvest(run_id)
    return {"status": run.status, "pages": run.pages, "received": run.received}
