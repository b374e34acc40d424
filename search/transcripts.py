"""What recordings say, for the index and for links to the moment a word is spoken.

A record's audio and video (`HeritageMedia`, played by the record's body blocks) carry a
transcript and WebVTT captions. Both are indexed with the record (`spoken_text`), so a
word said in a recording finds the record. Captions are timed: when a search word is in
a cue, the result links to the record page at that cue (`moments`, `moment_url`), and
the page's player (`search/static/search/moment.js`) starts the recording there.
"""

import logging
import re

from django.core.cache import cache

from heritage.text import fold_diacritics

logger = logging.getLogger(__name__)

# Moments linked per result: a few are enough to choose from.
MOMENTS_PER_RECORD = 3


def caption_cues(media):
    """[(start seconds, text)] of a recording's captions; [] when it has none or they no
    longer parse. Kept in the cache by file, since captions change only by a new upload."""
    if not media.captions:
        return []
    key = f"heritage-search-cues-{media.pk}-{media.captions.name}"
    cues = cache.get(key)
    if cues is None:
        from media.webvtt import WebVTTError, parse_webvtt

        try:
            with media.captions.open("rb") as captions:
                cues = [(start, " ".join(text.split())) for start, _end, text in parse_webvtt(captions.read())]
        except (OSError, WebVTTError) as error:
            logger.warning("Captions of recording %s could not be read for search: %s", media.pk, error)
            cues = []
        cache.set(key, cues, None)
    return cues


def spoken_text(media_ids):
    """{media id: its transcript and caption text} for the recordings with these ids."""
    from media.models import HeritageMedia

    texts = {}
    for media in HeritageMedia.objects.filter(pk__in=media_ids).only("pk", "transcript", "captions"):
        parts = [media.transcript.strip(), " ".join(text for _start, text in caption_cues(media))]
        texts[media.pk] = "\n".join(part for part in parts if part)
    return texts


def _words(text):
    return set(re.findall(r"\w+", fold_diacritics(text).casefold()))


def moments(recordings, query_words):
    """[(media, start seconds, cue text)] where the cues of `recordings` hold one of the
    query words (folded, as the search matches them), best cues first, at most
    MOMENTS_PER_RECORD."""
    wanted = {word for text in query_words for word in _words(text)}
    if not wanted:
        return []
    found = []
    for media in recordings:
        for start, text in caption_cues(media):
            hits = len(wanted & _words(text))
            if hits:
                found.append((-hits, len(found), media, start, text))
    found.sort(key=lambda item: item[:2])
    return [(media, start, text) for _hits, _order, media, start, text in found[:MOMENTS_PER_RECORD]]


def moment_fragment(media, start):
    """The URL fragment the record page's player reads: which recording, from when."""
    return f"#media-{media.pk}&t={start:g}"


def timestamp_label(start):
    """'1:05' or '1:02:09' for a moment."""
    total = int(start)
    hours, rest = divmod(total, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{seconds:02d}" if hours else f"{minutes}:{seconds:02d}"
