"""Django's JSON serialisation, keeping times to the microsecond.

Django's own JSON encoder cuts datetimes to milliseconds, so a record restored from a
backup would not be quite the record that was saved (and two records published in the
same millisecond could change order). Registered as the `fulljson` format
(settings.SERIALIZATION_MODULES) for backups.
"""

import datetime

from django.core.serializers.json import Deserializer, DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer

__all__ = ["Deserializer", "Serializer"]


class FullPrecisionEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        self.options.setdefault("cls", FullPrecisionEncoder)
        super()._init_options()
