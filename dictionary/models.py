"""The Vietnamese–Hrê and Vietnamese–Co dictionaries.

An `Entry` is a Wagtail snippet with drafts, revisions, locking and the same review
workflow as records ("Duyệt và xuất bản"): its senses, variants, examples, recordings
and related words are child rows (modelcluster), so every revision holds the whole
entry and publishing writes it at once. Snippets rather than pages: an entry has no
place in the page tree, a dictionary of 50 000 words would be 50 000 tree nodes, and the
public word pages are served by this app's own views at stable addresses.

Which entries a visitor may see has the one answer of `heritage.access`: `Entry.objects`
is built on its `AccessRuleQuerySet` (live, and an access level the caller may see).

`LookupKey` holds the folded forms a lookup compares (headword, variants, Vietnamese and
English glosses, each from every word start), indexed by language and key, so a lookup
in either direction is one index range scan (see `lookup.py`).
"""

import uuid

from django import forms
from django.contrib.contenttypes.fields import GenericRelation
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.models import DraftStateMixin, LockableMixin, Orderable, RevisionMixin, WorkflowMixin
from wagtail.search import index

from heritage.access import AccessLevel, AccessRuleQuerySet

from .text import Alphabet, exact_form, fold, word_starts

# Ethnic-language text in the admin gets the on-screen keyboard (docs/keyboard.md); an
# empty value uses the curator's last layout.
ETHNIC_TEXT = forms.TextInput(attrs={"data-keyboard": ""})


class Language(models.Model):
    """A language with a dictionary. Adding one is a row, not code: its ISO 639-3 code
    names it in URLs and exports, its alphabet orders its words."""

    code = models.SlugField(
        _("ISO 639-3 code"), max_length=8, unique=True, help_text=_("e.g. hre for Hrê, cua for Co.")
    )
    name = models.CharField(_("name"), max_length=80)
    name_en = models.CharField(_("English name"), max_length=80, blank=True)
    ethnic_group = models.ForeignKey(
        "heritage.EthnicGroup",
        verbose_name=_("ethnic group"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="dictionary_languages",
    )
    alphabet = models.TextField(
        _("alphabet"),
        help_text=_("The letters in dictionary order, separated by spaces; digraphs such as ch or ng as one letter."),
    )
    orthography_note = models.TextField(
        _("about the orthography"), blank=True, help_text=_("Where the alphabet and spelling come from.")
    )
    introduction = models.TextField(_("introduction"), blank=True)
    introduction_en = models.TextField(_("English introduction"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    panels = [
        FieldRowPanel([FieldPanel("code"), FieldPanel("sort_order")]),
        FieldRowPanel([FieldPanel("name"), FieldPanel("name_en")]),
        FieldPanel("ethnic_group"),
        FieldPanel("alphabet"),
        FieldPanel("orthography_note"),
        FieldPanel("introduction"),
        FieldPanel("introduction_en"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("dictionary language")
        verbose_name_plural = _("dictionary languages")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        if get_language() == "en" and self.name_en:
            return self.name_en
        return self.name

    @property
    def display_introduction(self):
        if get_language() == "en" and self.introduction_en:
            return self.introduction_en
        return self.introduction

    @cached_property
    def letters(self):
        return Alphabet(self.alphabet)

    def get_absolute_url(self):
        return reverse("dictionary:home", args=[self.code])

    def save(self, *args, **kwargs):
        changed = self.pk and Language.objects.filter(pk=self.pk).exclude(alphabet=self.alphabet).exists()
        super().save(*args, **kwargs)
        self.__dict__.pop("letters", None)
        if changed:  # the order of every word may have moved
            for entry in self.entries.all():
                entry.language = self
                entry.set_derived_fields()
                Entry.objects.filter(pk=entry.pk).update(sort_key=entry.sort_key, initial=entry.initial)


class PartOfSpeech(models.TextChoices):
    NOUN = "noun", _("noun")
    VERB = "verb", _("verb")
    ADJECTIVE = "adjective", _("adjective")
    ADVERB = "adverb", _("adverb")
    PRONOUN = "pronoun", _("pronoun")
    NUMERAL = "numeral", _("numeral")
    CLASSIFIER = "classifier", _("classifier")
    PARTICLE = "particle", _("particle")
    PHRASE = "phrase", _("phrase")
    OTHER = "other", _("other")


class SourceKind(models.TextChoices):
    PUBLISHED = "published", _("Published dictionary or book")
    WORD_LIST = "word-list", _("Word list")
    FIELD = "field", _("Field recording")
    SAMPLE = "sample", _("Sample entry (not real data)")


class EntryQuerySet(AccessRuleQuerySet):
    """Entries, with `heritage.access`'s rule (`visible_to`, `public`)."""

    def in_dictionary_order(self):
        return self.order_by("sort_key", "homograph", "pk")


class Entry(WorkflowMixin, DraftStateMixin, LockableMixin, RevisionMixin, index.Indexed, ClusterableModel):
    guid = models.UUIDField(_("identifier"), default=uuid.uuid4, unique=True, editable=False)
    language = models.ForeignKey(Language, verbose_name=_("language"), on_delete=models.PROTECT, related_name="entries")
    headword = models.CharField(
        _("headword"), max_length=120, help_text=_("The word in the language's own letters and diacritics.")
    )
    homograph = models.PositiveSmallIntegerField(
        _("homograph number"), default=1, help_text=_("1 unless another entry is spelt the same.")
    )
    part_of_speech = models.CharField(_("part of speech"), max_length=16, choices=PartOfSpeech.choices, blank=True)
    pronunciation = models.CharField(
        _("pronunciation"), max_length=120, blank=True, help_text=_("IPA between slashes, or a respelling.")
    )
    dialect = models.CharField(_("dialect or local variety"), max_length=120, blank=True)
    note = models.TextField(_("note"), blank=True)
    source_kind = models.CharField(_("kind of source"), max_length=12, choices=SourceKind.choices)
    source = models.CharField(
        _("source"), max_length=500, help_text=_("The published dictionary, word list or recording the form is from.")
    )
    source_url = models.URLField(_("source address"), blank=True)
    contributor = models.CharField(_("contributor"), max_length=255, blank=True)
    access_level = models.CharField(
        _("access level"),
        max_length=12,
        choices=AccessLevel.choices,
        default=AccessLevel.PUBLIC,
        db_index=True,
        help_text=_("Public: everyone. Community: signed-in community members and staff. Staff: curators only."),
    )
    # Derived on save: the folded headword, the language's order, the A–Z letter.
    headword_folded = models.CharField(max_length=255, editable=False, db_index=True)
    sort_key = models.CharField(max_length=255, editable=False)
    initial = models.CharField(max_length=8, editable=False, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    _revisions = GenericRelation("wagtailcore.Revision", related_query_name="dictionary_entry")
    workflow_states = GenericRelation(
        "wagtailcore.WorkflowState",
        content_type_field="base_content_type",
        object_id_field="object_id",
        related_query_name="dictionary_entry",
        for_concrete_model=False,
    )

    objects = models.Manager.from_queryset(EntryQuerySet)()

    search_fields = [
        index.SearchField("headword"),
        index.AutocompleteField("headword"),
        index.FilterField("language"),
        index.FilterField("access_level"),
    ]

    edit_handler = TabbedInterface(
        [
            ObjectList(
                [
                    FieldPanel("language"),
                    FieldRowPanel([FieldPanel("headword", widget=ETHNIC_TEXT), FieldPanel("homograph")]),
                    FieldRowPanel([FieldPanel("part_of_speech"), FieldPanel("pronunciation")]),
                    FieldPanel("dialect"),
                    InlinePanel("senses", label=_("Senses"), min_num=1),
                    InlinePanel("examples", label=_("Examples")),
                    InlinePanel("variants", label=_("Variant spellings")),
                    FieldPanel("note"),
                ],
                heading=_("Entry"),
            ),
            ObjectList(
                [InlinePanel("recordings", label=_("Recordings")), InlinePanel("relations", label=_("Related words"))],
                heading=_("Audio and related words"),
            ),
            ObjectList(
                [
                    MultiFieldPanel(
                        [
                            FieldPanel("source_kind"),
                            FieldPanel("source"),
                            FieldPanel("source_url"),
                            FieldPanel("contributor"),
                        ],
                        heading=_("Source"),
                    ),
                    FieldPanel("access_level"),
                ],
                heading=_("Source and access"),
            ),
        ]
    )

    class Meta:
        verbose_name = _("dictionary entry")
        verbose_name_plural = _("dictionary entries")
        constraints = [
            models.UniqueConstraint(fields=["language", "headword", "homograph"], name="dictionary_entry_unique_form")
        ]
        indexes = [
            models.Index(fields=["language", "sort_key"], name="dictionary_entry_order"),
            models.Index(fields=["language", "initial", "sort_key"], name="dictionary_entry_letter"),
        ]

    def __str__(self):
        return f"{self.headword} ({self.language.code})" if self.homograph == 1 else f"{self.headword} {self.homograph}"

    @property
    def revisions(self):
        return self._revisions

    @property
    def is_sample(self):
        return self.source_kind == SourceKind.SAMPLE

    def get_absolute_url(self):
        return reverse("dictionary:entry", args=[self.language.code, self.pk])

    def clean(self):
        super().clean()
        from heritage.text import nfc

        self.headword = nfc(self.headword)
        if self.headword and not fold(self.headword):
            raise ValidationError({"headword": _("A headword needs at least one letter.")})

    def set_derived_fields(self):
        letters = self.language.letters
        self.headword_folded = fold(self.headword)[:255]
        self.sort_key = letters.sort_key(self.headword)
        self.initial = letters.initial(self.headword)

    def save(self, *args, **kwargs):
        self.set_derived_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = set(update_fields) | {"headword_folded", "sort_key", "initial"}
        super().save(*args, **kwargs)
        # ClusterableModel.save has committed the senses and variants by now.
        if update_fields is None or {"headword", "language"} & set(update_fields):
            self.refresh_lookup_keys()
        if update_fields is None or {"live", "access_level", "headword"} & set(update_fields):
            from . import engine

            engine.schedule_update(self.pk)

    def lookup_forms(self):
        """(kind, text) of every form a lookup may match."""
        forms = [(LookupKey.Kind.HEADWORD, self.headword)]
        forms += [(LookupKey.Kind.VARIANT, variant.form) for variant in self.variants.all()]
        for sense in self.senses.all():
            forms += [(LookupKey.Kind.GLOSS_VI, sense.gloss_vi), (LookupKey.Kind.GLOSS_EN, sense.gloss_en)]
        return [(kind, text) for kind, text in forms if text]

    def build_lookup_keys(self):
        keys, seen = [], set()
        for kind, text in self.lookup_forms():
            for position, key in word_starts(fold(text)):
                if (kind, key) not in seen:
                    seen.add((kind, key))
                    keys.append(
                        LookupKey(
                            entry=self,
                            language_id=self.language_id,
                            kind=kind,
                            key=key[:255],
                            position=position,
                            form=exact_form(text)[:255],
                        )
                    )
        return keys

    def refresh_lookup_keys(self):
        LookupKey.objects.filter(entry=self).delete()
        LookupKey.objects.bulk_create(self.build_lookup_keys())

    @property
    def first_gloss(self):
        sense = self.senses.first()
        return sense.display_gloss if sense else ""


class Sense(Orderable):
    entry = ParentalKey(Entry, on_delete=models.CASCADE, related_name="senses")
    gloss_vi = models.CharField(_("Vietnamese gloss"), max_length=255)
    gloss_en = models.CharField(_("English gloss"), max_length=255, blank=True)
    definition = models.TextField(_("explanation"), blank=True)

    panels = [FieldRowPanel([FieldPanel("gloss_vi"), FieldPanel("gloss_en")]), FieldPanel("definition")]

    class Meta(Orderable.Meta):
        verbose_name = _("sense")

    def __str__(self):
        return self.gloss_vi

    @property
    def display_gloss(self):
        if get_language() == "en" and self.gloss_en:
            return self.gloss_en
        return self.gloss_vi


class Variant(Orderable):
    entry = ParentalKey(Entry, on_delete=models.CASCADE, related_name="variants")
    form = models.CharField(_("variant spelling"), max_length=120)
    dialect = models.CharField(_("dialect or local variety"), max_length=120, blank=True)

    panels = [FieldRowPanel([FieldPanel("form", widget=ETHNIC_TEXT), FieldPanel("dialect")])]

    class Meta(Orderable.Meta):
        verbose_name = _("variant spelling")

    def __str__(self):
        return self.form


class Example(Orderable):
    entry = ParentalKey(Entry, on_delete=models.CASCADE, related_name="examples")
    text = models.CharField(_("example"), max_length=500, help_text=_("In the entry's language."))
    translation_vi = models.CharField(_("Vietnamese translation"), max_length=500)
    translation_en = models.CharField(_("English translation"), max_length=500, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)

    panels = [
        FieldPanel("text", widget=ETHNIC_TEXT),
        FieldPanel("translation_vi"),
        FieldPanel("translation_en"),
        FieldPanel("source"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("example")

    def __str__(self):
        return self.text

    @property
    def display_translation(self):
        if get_language() == "en" and self.translation_en:
            return self.translation_en
        return self.translation_vi


def validate_recording(upload):
    """An audio file judged by its content (media's checks for recordings): a text file
    named .mp3, a web page or a picture is refused with the reason."""
    from media.forms import check_recording_file, read_recording

    check_recording_file(upload, "audio")
    read_recording(upload, "audio")


class Consent(models.TextChoices):
    GIVEN = "given", _("Given by the speaker")
    COMMUNITY = "community", _("Given by the community's representatives")


class Recording(Orderable):
    """A speaker saying the word. Heard on the public site only with consent on record
    and through the entry's own access check (`views.recording`), never as a bare file."""

    entry = ParentalKey(Entry, on_delete=models.CASCADE, related_name="recordings")
    audio = models.FileField(_("audio file"), upload_to="dictionary/recordings/", validators=[validate_recording])
    speaker = models.CharField(_("speaker"), max_length=255, help_text=_("Name as the speaker wishes to be credited."))
    speaker_place = models.CharField(_("speaker's village or commune"), max_length=255, blank=True)
    consent = models.CharField(_("speaker's consent"), max_length=12, choices=Consent.choices)
    recorded_on = models.DateField(_("date recorded"), null=True, blank=True)
    mime_type = models.CharField(max_length=40, blank=True, editable=False)
    original_name = models.CharField(max_length=255, blank=True, editable=False)  # matched by re-imports

    panels = [
        FieldPanel("audio"),
        FieldRowPanel([FieldPanel("speaker"), FieldPanel("speaker_place")]),
        FieldRowPanel([FieldPanel("consent"), FieldPanel("recorded_on")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("recording")

    def __str__(self):
        return self.speaker

    def save(self, *args, **kwargs):
        if self.audio and not self.mime_type:
            import mimetypes

            self.mime_type = mimetypes.guess_type(self.audio.name)[0] or ""
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("dictionary:recording", args=[self.pk])


class Relation(models.TextChoices):
    SYNONYM = "synonym", _("synonym")
    ANTONYM = "antonym", _("opposite")
    COMPOUND = "compound", _("compound or phrase")
    SEE_ALSO = "see-also", _("see also")


class RelatedWord(Orderable):
    entry = ParentalKey(Entry, on_delete=models.CASCADE, related_name="relations")
    target = models.ForeignKey(Entry, verbose_name=_("related entry"), on_delete=models.CASCADE, related_name="+")
    relation = models.CharField(_("relation"), max_length=12, choices=Relation.choices, default=Relation.SEE_ALSO)

    panels = [FieldRowPanel([FieldPanel("target"), FieldPanel("relation")])]

    class Meta(Orderable.Meta):
        verbose_name = _("related word")


class LookupKey(models.Model):
    """A folded form of an entry, from one word start (see `text.word_starts`)."""

    class Kind(models.TextChoices):
        HEADWORD = "headword", _("headword")
        VARIANT = "variant", _("variant spelling")
        GLOSS_VI = "gloss_vi", _("Vietnamese meaning")
        GLOSS_EN = "gloss_en", _("English meaning")

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="lookup_keys")
    language = models.ForeignKey(Language, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    key = models.CharField(max_length=255)
    position = models.PositiveSmallIntegerField(default=0)  # 0: the whole form; n: from its n-th word
    form = models.CharField(max_length=255)  # the whole form, accents kept, case folded

    class Meta:
        indexes = [models.Index(fields=["language", "key"], name="dictionary_lookup_key")]

    def __str__(self):
        return self.key


class RecordTerm(Orderable):
    """A dictionary word a curator tagged a record with (the name of a rite, an
    instrument, a dish). Part of the record's revisions, like its other child rows."""

    record = ParentalKey("heritage.RecordPage", on_delete=models.CASCADE, related_name="dictionary_terms")
    entry = models.ForeignKey(Entry, verbose_name=_("dictionary word"), on_delete=models.CASCADE, related_name="+")
    note = models.CharField(_("how the record uses it"), max_length=255, blank=True)

    panels = [FieldPanel("entry"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("dictionary word")
        verbose_name_plural = _("dictionary words")
