"""The dictionaries' public pages: the list of dictionaries, a dictionary's home (the
lookup box, A–Z by its own alphabet, the word of the day), word pages, autocomplete,
recordings and exports. Every entry shown is read through `Entry.objects.visible_to`."""

import datetime
import hashlib
import mimetypes

from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from heritage.models import RecordPage

from . import lookup as lookups
from .exporting import export_csv as csv_text
from .exporting import for_export
from .lift import export_lift as lift_bytes
from .models import Entry, Language, LookupKey, Recording, RelatedWord

BROWSE_PAGE = 50


def _language(code):
    return get_object_or_404(Language, code=code[:8])


@require_GET
def dictionaries(request):
    counts = dict(Entry.objects.visible_to(request.user).values_list("language").annotate(count=Count("pk")).order_by())
    languages = list(Language.objects.all())
    for language in languages:
        language.entry_count = counts.get(language.pk, 0)
    return render(request, "dictionary/index.html", {"languages": languages})


def word_of_the_day(language, day=None):
    """A public entry chosen by the date: the same all day for everyone."""
    public = Entry.objects.public().filter(language=language)
    total = public.count()
    if not total:
        return None
    day = day or timezone.localdate()
    seed = hashlib.sha256(f"{language.code}-{day.isoformat()}".encode()).digest()
    position = int.from_bytes(seed[:4], "big") % total
    return public.in_dictionary_order().prefetch_related("senses")[position]


@require_GET
def dictionary_home(request, code):
    language = _language(code)
    visible = Entry.objects.visible_to(request.user).filter(language=language)
    letter_counts = dict(visible.values_list("initial").annotate(count=Count("pk")).order_by())
    letters = [{"letter": letter, "count": letter_counts.get(letter, 0)} for letter in language.letters.letters]
    context = {
        "language": language,
        "letters": letters,
        "total": sum(letter_counts.values()),
        "query": lookups.clean_query(request.GET.get("q", "")),
        "word_of_the_day": word_of_the_day(language),
    }
    status = 200
    letter = request.GET.get("chu", "")[:8].replace("\x00", "")
    if context["query"]:
        context["lookup"] = lookups.lookup(request.user, language, context["query"])
    elif letter:
        if letter not in language.letters.rank:
            context["error"] = _("“%(letter)s” is not a letter of this dictionary's alphabet.") % {"letter": letter}
            status = 400
        else:
            entries = visible.filter(initial=letter).in_dictionary_order().prefetch_related("senses")
            context["letter"] = letter
            context["browse"] = Paginator(entries, BROWSE_PAGE).get_page(request.GET.get("trang"))
    return render(request, "dictionary/home.html", context, status=status)


@require_GET
def suggestions(request, code):
    """Autocomplete: up to 8 entries whose forms start with what was typed (JSON)."""
    language = _language(code)
    found = lookups.suggest(request.user, language, request.GET.get("q", ""))
    kinds = dict(LookupKey.Kind.choices)
    return JsonResponse(
        {
            "suggestions": [
                {
                    "headword": entry.headword,
                    "gloss": entry.first_gloss,
                    "matched": str(kinds.get(kind, "")),
                    "url": entry.get_absolute_url(),
                }
                for entry, kind in found
            ]
        },
        json_dumps_params={"ensure_ascii": False},
    )


@require_GET
def entry_page(request, code, entry_id):
    visible = Entry.objects.visible_to(request.user)
    entry = get_object_or_404(
        visible.select_related("language").prefetch_related(
            "senses",
            "examples",
            "variants",
            "recordings",
            Prefetch(
                "relations",
                queryset=RelatedWord.objects.filter(target__in=visible.values("pk")).select_related("target__language"),
            ),
        ),
        pk=entry_id,
    )
    if entry.language.code != code:
        return redirect(entry.get_absolute_url(), permanent=True)
    records = (
        RecordPage.objects.visible_to(request.user)
        .with_card_data()
        .filter(dictionary_terms__entry=entry)
        .distinct()
        .order_by("-listed_at", "-pk")
    )
    context = {
        "entry": entry,
        "language": entry.language,
        "records": records,
        "stable_url": request.build_absolute_uri(entry.get_absolute_url()),
        "today": datetime.date.today(),
    }
    return render(request, "dictionary/entry.html", context)


@require_GET
def recording(request, recording_id):
    """A recording, heard only where its entry may be seen (never as a bare upload)."""
    found = get_object_or_404(
        Recording.objects.filter(entry__in=Entry.objects.visible_to(request.user).values("pk")), pk=recording_id
    )
    try:
        handle = found.audio.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    content_type = found.mime_type or mimetypes.guess_type(found.audio.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-cache" if request.user.is_authenticated else "public, no-cache"
    return response


def _export_entries(request, code):
    language = _language(code)
    return language, for_export(Entry.objects.visible_to(request.user).filter(language=language))


@require_GET
def export_csv(request, code):
    language, entries = _export_entries(request, code)
    response = HttpResponse(csv_text(entries), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tu-dien-{language.code}.csv"'
    return response


@require_GET
def export_lift(request, code):
    language, entries = _export_entries(request, code)
    response = HttpResponse(lift_bytes(entries), content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="tu-dien-{language.code}.lift"'
    return response
