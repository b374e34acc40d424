"""Research tools: exports and citations, saved searches, lists of records, shared lists.

Exports and citations are open to everyone (each file holds what its caller may see).
Saved searches and lists belong to a signed-in account: another account's list is a
404, as if it did not exist, and every change is a POST with Django's CSRF check. A
shared list is opened by its token and shows each viewer only the records that viewer
may see, so sharing never lends the owner's access to anyone.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from heritage.models import RecordPage
from search.backends.base import SearchUnavailable
from search.params import BadSearchParameter, parse

from . import citations, exports
from .forms import AddToListForm, ListNameForm, RecordChoiceForm, SaveSearchForm
from .models import MAX_LIST_ENTRIES, MAX_LISTS, MAX_SAVED_SEARCHES, RecordList, RecordListEntry, SavedSearch
from .models import new_share_token as make_token

SHARE_TOKEN_LENGTH = 32


# ----------------------------------------------------------------------------- helpers


def refused(request, message, status=400):
    """A page that says why nothing was done (bad input, a result too large)."""
    return render(request, "research/refused.html", {"message": message}, status=status)


def _back(request, default):
    """Where to go after a change: the page the form came from when it is on this site."""
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(default)


def _private(response):
    response["Cache-Control"] = "private, no-store"
    response["Vary"] = "Cookie"
    return response


def download(request, format_name, ids, filename):
    """A streamed file of the records among `ids` the caller may see."""
    media_type, extension = exports.FORMATS[format_name]
    response = StreamingHttpResponse(
        exports.write(format_name, request.user, ids), content_type=f"{media_type}; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    return _private(response)


def _format_or_404(format_name, formats):
    if format_name not in formats:
        raise Http404
    return format_name


def visible_records(user):
    return RecordPage.objects.visible_to(user)


# ------------------------------------------------------------------ exports, citations


@require_GET
def export_search(request, format_name):
    """/nghien-cuu/xuat/<format>/?<the query string of /search/>."""
    _format_or_404(format_name, exports.FORMATS)
    try:
        params = parse(request.GET)
    except BadSearchParameter as error:
        return refused(request, str(error))
    try:
        ids = exports.search_result_ids(request.user, params)
    except exports.ResultTooLarge as too_large:
        return refused(
            request,
            _(
                "This search finds %(total)s records; an export holds at most %(limit)s. Narrow the search with "
                "filters, or download the whole public collection from the open data page."
            )
            % {"total": too_large.total, "limit": too_large.limit},
        )
    except SearchUnavailable:
        return refused(request, _("Search is unavailable at the moment. Please try again shortly."), status=503)
    return download(request, format_name, ids, "ket-qua-tim-kiem")


@require_GET
def cite_record(request, record_id, format_name):
    """One record's citation as RIS, BibTeX or CSL-JSON (404 to whoever may not see it)."""
    _format_or_404(format_name, citations.FORMATS)
    items = citations.csl_items(visible_records(request.user), [record_id])
    if not items:
        raise Http404
    writer, media_type, extension = citations.FORMATS[format_name]
    response = HttpResponse(writer(items).encode(), content_type=f"{media_type}; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="ho-so-{record_id}.{extension}"'
    return _private(response)


# ---------------------------------------------------------------------- the dashboard


@never_cache
@login_required
def dashboard(request):
    """/nghien-cuu/: the researcher's saved searches and lists."""
    visible_ids = visible_records(request.user).values("pk")
    lists = request.user.record_lists.annotate(
        shown=Count("entries", filter=Q(entries__record__in=visible_ids))
    ).order_by("-updated_at", "-pk")
    context = {
        "saved_searches": request.user.saved_searches.all(),
        "record_lists": lists,
        "new_list_form": ListNameForm(),
    }
    return render(request, "research/dashboard.html", context)


# -------------------------------------------------------------------- saved searches


@require_POST
@login_required
def save_search(request):
    form = SaveSearchForm(request.POST)
    if not form.is_valid():
        return refused(request, " ".join(message for errors in form.errors.values() for message in errors))
    if request.user.saved_searches.count() >= MAX_SAVED_SEARCHES:
        message = _("You can keep at most %(max)s searches; delete one first.") % {"max": MAX_SAVED_SEARCHES}
        return refused(request, message)
    saved = SavedSearch.objects.create(
        owner=request.user, name=form.cleaned_data["name"], query=form.cleaned_data["query"]
    )
    messages.success(request, _("Search saved as “%(name)s”.") % {"name": saved.name})
    return _back(request, "research:dashboard")


@require_POST
@login_required
def delete_search(request, search_id):
    saved = get_object_or_404(SavedSearch, pk=search_id, owner=request.user)
    saved.delete()
    messages.success(request, _("Saved search “%(name)s” deleted.") % {"name": saved.name})
    return redirect("research:dashboard")


# ----------------------------------------------------------------------------- lists


def _own_list(request, list_id):
    """The signed-in researcher's list, or 404 (another account's list does not exist
    for them)."""
    return get_object_or_404(RecordList, pk=list_id, owner=request.user)


def _list_records(record_list, viewer):
    """The records of a list that `viewer` may see, in the order they were added."""
    return visible_records(viewer).with_card_data().in_order(record_list.record_ids())


@require_POST
@login_required
def create_list(request):
    form = ListNameForm(request.POST)
    if not form.is_valid():
        return refused(request, _("Give the list a name (at most 200 characters)."))
    if request.user.record_lists.count() >= MAX_LISTS:
        return refused(request, _("You can keep at most %(max)s lists; delete one first.") % {"max": MAX_LISTS})
    record_list = RecordList.objects.create(owner=request.user, name=form.cleaned_data["name"])
    messages.success(request, _("List “%(name)s” created.") % {"name": record_list.name})
    return redirect(record_list)


@never_cache
@login_required
def list_detail(request, list_id):
    record_list = _own_list(request, list_id)
    context = {
        "record_list": record_list,
        "records": _list_records(record_list, request.user),
        "shared_url": request.build_absolute_uri(record_list.shared_url()) if record_list.is_shared else "",
        "export_formats": exports.FORMATS,
    }
    return render(request, "research/list_detail.html", context)


@require_POST
@login_required
def add_to_list(request):
    """Keeps a record the researcher may see on one of their lists (or a new one)."""
    form = AddToListForm(request.POST)
    if not form.is_valid():
        return refused(request, _("Choose a record and one of your lists."))
    record = visible_records(request.user).filter(pk=form.cleaned_data["record"]).first()
    if record is None:
        raise Http404
    with transaction.atomic():
        if form.cleaned_data["record_list"] is None:
            if request.user.record_lists.count() >= MAX_LISTS:
                return refused(request, _("You can keep at most %(max)s lists; delete one first.") % {"max": MAX_LISTS})
            name = form.cleaned_data["new_list_name"] or _("My list")
            record_list = RecordList.objects.create(owner=request.user, name=name)
        else:
            record_list = _own_list(request, form.cleaned_data["record_list"])
        if record_list.entries.count() >= MAX_LIST_ENTRIES:
            return refused(request, _("A list holds at most %(max)s records.") % {"max": MAX_LIST_ENTRIES})
        names = {"record": record.title, "list": record_list.name}
        try:
            with transaction.atomic():
                RecordListEntry.objects.create(record_list=record_list, record=record)
        except IntegrityError:
            messages.info(request, _("“%(record)s” is already on “%(list)s”.") % names)
        else:
            record_list.save(update_fields=["updated_at"])
            messages.success(request, _("“%(record)s” added to “%(list)s”.") % names)
    return _back(request, record_list.get_absolute_url())


@require_POST
@login_required
def remove_from_list(request, list_id):
    record_list = _own_list(request, list_id)
    form = RecordChoiceForm(request.POST)
    if not form.is_valid():
        return refused(request, _("Choose a record on the list."))
    removed, _kinds = record_list.entries.filter(record_id=form.cleaned_data["record"]).delete()
    if removed:
        record_list.save(update_fields=["updated_at"])
        messages.success(request, _("Removed from “%(list)s”.") % {"list": record_list.name})
    return _back(request, record_list.get_absolute_url())


@require_POST
@login_required
def rename_list(request, list_id):
    record_list = _own_list(request, list_id)
    form = ListNameForm(request.POST)
    if not form.is_valid():
        return refused(request, _("Give the list a name (at most 200 characters)."))
    record_list.name = form.cleaned_data["name"]
    record_list.save(update_fields=["name", "updated_at"])
    return redirect(record_list)


@require_POST
@login_required
def delete_list(request, list_id):
    record_list = _own_list(request, list_id)
    record_list.delete()
    messages.success(request, _("List “%(name)s” deleted.") % {"name": record_list.name})
    return redirect("research:dashboard")


@require_POST
@login_required
def share_list(request, list_id):
    """Makes (or makes anew) the list's link; an earlier link stops working."""
    record_list = _own_list(request, list_id)
    record_list.share_token = make_token()
    record_list.shared_at = timezone.now()
    record_list.save(update_fields=["share_token", "shared_at", "updated_at"])
    messages.success(request, _("Anyone with the link can now open this list."))
    return redirect(record_list)


@require_POST
@login_required
def unshare_list(request, list_id):
    record_list = _own_list(request, list_id)
    record_list.share_token = None
    record_list.shared_at = None
    record_list.save(update_fields=["share_token", "shared_at", "updated_at"])
    messages.success(request, _("The link no longer opens this list."))
    return redirect(record_list)


@require_GET
@login_required
def export_list(request, list_id, format_name):
    _format_or_404(format_name, exports.FORMATS)
    record_list = _own_list(request, list_id)
    return download(request, format_name, record_list.record_ids(), f"danh-sach-{record_list.pk}")


# ------------------------------------------------------------------------ shared lists


def _shared(token):
    if len(token) != SHARE_TOKEN_LENGTH:
        raise Http404
    return get_object_or_404(RecordList, share_token=token)


@require_GET
def shared_list(request, token):
    """A list opened by its link: only the records this viewer may see."""
    record_list = _shared(token)
    context = {
        "record_list": record_list,
        "records": _list_records(record_list, request.user),
        "token": token,
        "export_formats": exports.FORMATS,
    }
    response = render(request, "research/shared_list.html", context)
    # The token is the key: never sent on to another site, never kept by a shared cache.
    response["Referrer-Policy"] = "no-referrer"
    response["X-Robots-Tag"] = "noindex"
    return _private(response)


@require_GET
def export_shared_list(request, token, format_name):
    _format_or_404(format_name, exports.FORMATS)
    record_list = _shared(token)
    response = download(request, format_name, record_list.record_ids(), f"danh-sach-{record_list.pk}")
    response["X-Robots-Tag"] = "noindex"
    return response
