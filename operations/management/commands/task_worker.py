import socket

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction


class Command(BaseCommand):
    help = (
        "Run the task worker (django-tasks' db_worker) under a stable id, first putting back in the queue "
        "the tasks this worker had taken when it was last stopped without finishing them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--worker-id",
            default=f"{socket.gethostname()}-1"[:64],
            help="stable per worker (the systemd instance, e.g. <host>-1): a restart finds its own unfinished tasks",
        )
        parser.add_argument("--interval", type=float, default=1.0)

    def handle(self, *args, worker_id, interval, **options):
        requeued = requeue_unfinished(worker_id)
        if requeued:
            self.stdout.write(f"Put back in the queue {requeued} task(s) {worker_id} had not finished.")
        call_command("db_worker", worker_id=worker_id, interval=interval, verbosity=options["verbosity"])


def requeue_unfinished(worker_id):
    """A task still RUNNING whose last claim is this worker's was cut off when the worker
    died (a worker runs one task at a time, and this one is only starting): it goes back
    to READY, to run again once. Tasks of other workers are left alone."""
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update().filter(status=TaskResultStatus.RUNNING)
        mine = [result.pk for result in running if result.worker_ids and result.worker_ids[-1] == worker_id]
        return DBTaskResult.objects.filter(pk__in=mine).update(status=TaskResultStatus.READY, started_at=None)
