"""One shape for every error the API answers: ``{"error": "a sentence"}`` with the
status that fits (400 for a bad parameter, 404 for an unknown id or address, 503 when
the search engine cannot answer), the same shape the site's own endpoints
(`/api/search`, `/api/records.geojson`) have always used."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler


class BadParameter(exceptions.APIException):
    """A query parameter that cannot be answered; its message says why."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_detail = gettext_lazy("A parameter is not valid.")
    default_code = "bad_parameter"


class SearchUnavailable(exceptions.APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = gettext_lazy("Search is unavailable at the moment. Please try again shortly.")
    default_code = "search_unavailable"


def sentence(detail):
    """DRF's error detail (a string, a list or a dict of them) as one sentence."""
    if isinstance(detail, dict):
        return " ".join(f"{name}: {sentence(value)}" for name, value in detail.items())
    if isinstance(detail, list):
        return " ".join(sentence(value) for value in detail)
    return str(detail)


def json_errors(exc, context):
    """DRF's handler (it turns Http404 and PermissionDenied into API errors too), with
    the body reduced to ``{"error": ...}``."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    message = sentence(response.data.get("detail", response.data) if isinstance(response.data, dict) else response.data)
    if isinstance(exc, exceptions.NotFound) and not message:
        message = _("Not found.")
    response.data = {"error": message}
    return response


def not_found_response():
    return Response({"error": _("There is nothing at this address of the API.")}, status=status.HTTP_404_NOT_FOUND)
