"""`{% json_ld page %}`: the schema.org data block of a record, ethnic group or area page."""

from django import template

from .. import schema

register = template.Library()


@register.simple_tag(takes_context=True)
def json_ld(context, subject, records=()):
    """`subject` is a record page, an EthnicGroup or an Area; `records` the records the
    page lists (already those the visitor may see)."""
    from gis.models import Area
    from heritage.models import EthnicGroup, RecordPage

    request = context["request"]
    if getattr(request, "is_preview", False):
        return ""
    if isinstance(subject, RecordPage):
        data = schema.record_graph(subject, request)
    elif isinstance(subject, EthnicGroup):
        data = schema.ethnic_group_graph(subject, request, records)
    elif isinstance(subject, Area):
        data = schema.area_graph(subject, request, records)
    else:
        raise TypeError(f"No schema.org description for {type(subject).__name__}")
    return schema.script_tag(data)
