from time import sleep

from django_tasks import task


@task()
def queue_drill(seconds=5):
    """Does nothing for `seconds`: the task the fault drill kills a worker in the middle of
    (and a way for an operator to see a worker take work: `queue_drill.enqueue(1)`)."""
    sleep(min(float(seconds), 600))
    return seconds
