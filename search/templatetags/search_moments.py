from django import template

from ..transcripts import timestamp_label

register = template.Library()


@register.filter
def moment_time(start):
    """'1:05' for a moment 65 seconds into a recording."""
    return timestamp_label(start)
