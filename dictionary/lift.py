"""LIFT 0.13 (Lexicon Interchange FormaT), the XML that FLEx, Lexique Pro and WeSay read
and write: export of a dictionary, and import of such a file (ours or another tool's).

What goes where:

- entry: `guid` (ours), `id` (headword_guid), `order` (homograph number),
  `dateModified`; `lexical-unit` (headword in the language's code, e.g. `hre`);
  `pronunciation` (form `<code>-fonipa`, and `media href` for each recording, the
  speaker's credit as its label); `variant` (with a `dialect` trait); traits
  `source-kind`, `access-level`, `dialect`; fields `source`, `source-url`,
  `contributor`; `note`; `relation type=… ref=<entry id>`;
- sense: `grammatical-info value=<part of speech>`, `gloss lang="vi"` and `"en"`,
  `definition` (Vietnamese), `example` (form in the language, `translation` with `vi`
  and `en` forms, `source` attribute).

Importing our own export gives the same dictionary back (`tests/dictionary`).
"""

from django.utils.translation import gettext as _
from lxml import etree

from heritage.access import AccessLevel
from heritage.text import nfc

from .importing import BadWordList, EntryData, RowReport
from .models import Language, PartOfSpeech, Relation, SourceKind

LIFT_VERSION = "0.13"


def _form(parent, tag, lang, text, **attributes):
    element = etree.SubElement(parent, tag, **attributes)
    form = etree.SubElement(element, "form", lang=lang)
    etree.SubElement(form, "text").text = text
    return element


def _trait(parent, name, value):
    if value:
        etree.SubElement(parent, "trait", name=name, value=value)


def entry_id(entry):
    return f"{entry.headword}_{entry.guid}"


def export_lift(entries):
    """The LIFT document (bytes) of `entries`, read through the access rule by the caller."""
    root = etree.Element("lift", version=LIFT_VERSION, producer="heritage-elibrary dictionary")
    for entry in entries:
        code = entry.language.code
        element = etree.SubElement(
            root,
            "entry",
            id=entry_id(entry),
            guid=str(entry.guid),
            order=str(entry.homograph),
            dateModified=entry.updated_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
        )
        unit = etree.SubElement(element, "lexical-unit")
        form = etree.SubElement(unit, "form", lang=code)
        etree.SubElement(form, "text").text = entry.headword
        recordings = list(entry.recordings.all())
        if entry.pronunciation or recordings:
            pronunciation = etree.SubElement(element, "pronunciation")
            if entry.pronunciation:
                form = etree.SubElement(pronunciation, "form", lang=f"{code}-fonipa")
                etree.SubElement(form, "text").text = entry.pronunciation
            for recording in recordings:
                media = etree.SubElement(pronunciation, "media", href=recording.audio.name.rsplit("/", 1)[-1])
                label = etree.SubElement(media, "label")
                form = etree.SubElement(label, "form", lang="vi")
                etree.SubElement(form, "text").text = recording.speaker
        for variant in entry.variants.all():
            element_variant = _form(element, "variant", code, variant.form)
            _trait(element_variant, "dialect", variant.dialect)
        _trait(element, "source-kind", entry.source_kind)
        _trait(element, "access-level", entry.access_level)
        _trait(element, "dialect", entry.dialect)
        for name, value in (
            ("source", entry.source),
            ("source-url", entry.source_url),
            ("contributor", entry.contributor),
        ):
            if value:
                _form(element, "field", "vi", value, type=name)
        if entry.note:
            _form(element, "note", "vi", entry.note)
        for related in entry.relations.all():
            etree.SubElement(element, "relation", type=related.relation, ref=entry_id(related.target))
        for order, sense in enumerate(entry.senses.all()):
            element_sense = etree.SubElement(element, "sense", id=f"{entry.guid}_{order}", order=str(order))
            if entry.part_of_speech:
                etree.SubElement(element_sense, "grammatical-info", value=entry.part_of_speech)
            for lang, text in (("vi", sense.gloss_vi), ("en", sense.gloss_en)):
                if text:
                    gloss = etree.SubElement(element_sense, "gloss", lang=lang)
                    etree.SubElement(gloss, "text").text = text
            if sense.definition:
                _form(element_sense, "definition", "vi", sense.definition)
            if order == 0:  # our examples belong to the entry; LIFT puts them in a sense
                for example in entry.examples.all():
                    attributes = {"source": example.source} if example.source else {}
                    element_example = _form(element_sense, "example", code, example.text, **attributes)
                    translation = etree.SubElement(element_example, "translation")
                    for lang, text in (("vi", example.translation_vi), ("en", example.translation_en)):
                        if text:
                            form = etree.SubElement(translation, "form", lang=lang)
                            etree.SubElement(form, "text").text = text
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _text(element, path):
    found = element.find(path)
    if found is None:
        return ""
    return nfc("".join(found.itertext()))


def _traits(element):
    return {trait.get("name"): nfc(trait.get("value", "")) for trait in element.findall("trait")}


def _is_uuid(value):
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def read_lift(upload):
    """[RowReport] of the entries of a LIFT file; raises BadWordList when it is not one."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.parse(upload, parser).getroot()
    except etree.XMLSyntaxError as error:
        raise BadWordList(_("This is not a LIFT file (XML error: %(reason)s).") % {"reason": error}) from None
    if root.tag != "lift":
        raise BadWordList(_("This is not a LIFT file: it starts with <%(tag)s>, not <lift>.") % {"tag": root.tag})
    languages = {language.code: language for language in Language.objects.all()}
    ids = {element.get("id"): element.get("guid") or element.get("id") for element in root.findall("entry")}
    reports = []
    for position, element in enumerate(root.findall("entry"), start=1):
        report = RowReport(line=position)
        form = element.find("lexical-unit/form")
        code = form.get("lang", "") if form is not None else ""
        headword = _text(element, "lexical-unit/form/text")
        report.headword = headword
        language = languages.get(code)
        if language is None:
            report.errors.append(_("Language “%(code)s” has no dictionary here.") % {"code": code})
        if not headword:
            report.errors.append(_("The headword is empty."))
        traits = _traits(element)
        fields = {field.get("type"): _text(field, "form/text") for field in element.findall("field")}
        senses, examples, part_of_speech = [], [], ""
        for sense in element.findall("sense"):
            glosses = {gloss.get("lang"): _text(gloss, "text") for gloss in sense.findall("gloss")}
            if not glosses.get("vi"):
                report.errors.append(_("A sense has no Vietnamese gloss."))
            senses.append((glosses.get("vi", ""), glosses.get("en", ""), _text(sense, "definition/form/text")))
            info = sense.find("grammatical-info")
            if info is not None and not part_of_speech:
                part_of_speech = info.get("value", "")
            for example in sense.findall("example"):
                translations = {form.get("lang"): _text(form, "text") for form in example.findall("translation/form")}
                examples.append(
                    (
                        _text(example, "form/text"),
                        translations.get("vi", ""),
                        translations.get("en", ""),
                        nfc(example.get("source", "")),
                    )
                )
        if not senses:
            report.errors.append(_("The entry has no sense."))
        if not fields.get("source"):
            report.errors.append(_("The entry names no source (field type=“source”)."))
        if report.errors:
            reports.append(report)
            continue
        source_kind = traits.get("source-kind", SourceKind.WORD_LIST)
        access_level = traits.get("access-level", AccessLevel.PUBLIC)
        if source_kind not in SourceKind.values:
            report.errors.append(
                _("Kind of source “%(value)s” is not one of: %(allowed)s.")
                % {"value": source_kind, "allowed": ", ".join(SourceKind.values)}
            )
        if access_level not in AccessLevel.values:
            report.errors.append(
                _("Access level “%(value)s” is not one of: %(allowed)s.")
                % {"value": access_level, "allowed": ", ".join(AccessLevel.values)}
            )
        if part_of_speech and part_of_speech not in PartOfSpeech.values:
            report.warnings.append(
                _("Part of speech “%(value)s” is not one of ours; left empty.") % {"value": part_of_speech}
            )
            part_of_speech = ""
        if report.errors:
            reports.append(report)
            continue
        order = element.get("order") or "1"
        report.data = EntryData(
            language=language,
            headword=headword,
            homograph=int(order) if order.isdigit() and 1 <= int(order) <= 99 else 1,
            part_of_speech=part_of_speech,
            pronunciation=_text(element, "pronunciation/form/text"),
            dialect=traits.get("dialect", ""),
            note=_text(element, "note/form/text"),
            source_kind=source_kind,
            source=fields.get("source", ""),
            source_url=fields.get("source-url", ""),
            contributor=fields.get("contributor", ""),
            access_level=access_level,
            senses=senses,
            examples=examples,
            variants=[
                (_text(variant, "form/text"), _traits(variant).get("dialect", ""))
                for variant in element.findall("variant")
            ],
            relations=[
                (
                    relation.get("type") if relation.get("type") in Relation.values else Relation.SEE_ALSO,
                    ids.get(relation.get("ref"), ""),
                )
                for relation in element.findall("relation")
            ],
            guid=element.get("guid", "") if _is_uuid(element.get("guid", "")) else "",
        )
        reports.append(report)
    return reports
