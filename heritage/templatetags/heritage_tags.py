from django import template

register = template.Library()


@register.filter
def stable_record_url(record, request):
    """The absolute permalink of a record (/r/<id>/), for citations."""
    return record.stable_url(request)
