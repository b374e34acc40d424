from django_tasks import task

from . import indexing


@task()
def update_search_index(record_ids):
    indexing.update_records(record_ids)
