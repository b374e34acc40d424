"""Citations of records: CSL-JSON, RIS and BibTeX, and the sentence a reader copies.

Every format is made from one CSL-JSON item per record (the Citation Style Language's
own data model, which Zotero, Mendeley, Pandoc and citeproc read): RIS through rispy,
BibTeX through bibtexparser, so each file is written by a kept library and reads back
with it. A record is cited as a web page of the library, at its stable address
(/r/<id>/, which survives renaming and moving), with the library as publisher; its
researchers and fieldworkers (the contributors' "researcher" and "recorder" roles) are
its authors, its editors its editors, and its ethnic groups and subjects its keywords.

Records are read through `RecordPage.objects.visible_to(user)` by the callers: this
module cites what it is handed.
"""

import datetime
import json
import unicodedata

import bibtexparser
import rispy
from bibtexparser.model import Entry, Field
from django.conf import settings
from django.utils import timezone

AUTHOR_ROLES = ("researcher", "recorder")
EDITOR_ROLES = ("editor",)
# The record types as CSL genres and RIS/BibTeX notes, in Vietnamese as the records are.
GENRES = {"festival": "Lễ hội", "custom": "Phong tục tập quán", "product": "Sản phẩm tiêu biểu"}


def library_name():
    return settings.WAGTAIL_SITE_NAME


def _text(value):
    return unicodedata.normalize("NFC", str(value or "")).strip()


def _people(contributors, roles):
    """Names of the contributors (a record's stored contributor blocks, as raw data)
    with one of `roles`."""
    names = []
    for block in contributors or []:
        value = block.get("value") or {}
        if value.get("role") in roles and _text(value.get("name")):
            names.append(_text(value["name"]))
    return names


def _date_parts(day):
    return {"date-parts": [[day.year, day.month, day.day]]}


def csl_item(row, contributors, accessed, subject_names, licence_names):
    """The CSL-JSON item of one record: `row` in the columns of the open records dataset
    (`opendata.datasets.record_rows_in_order`), `contributors` its contributor blocks as
    raw data, `accessed` a date; the two maps give subjects' and licences' names."""
    keywords = list(row["ethnic_group_names"]) + [subject_names.get(slug, slug) for slug in row["subjects"]]
    item = {
        "id": f"heritage-record-{row['id']}",
        "type": "webpage",
        "title": _text(row["title"]),
        "container-title": library_name(),
        "publisher": library_name(),
        "URL": row["url"],
        "accessed": _date_parts(accessed),
        "language": "vi",
        "genre": GENRES.get(row["record_type"], ""),
    }
    authors = [{"literal": name} for name in _people(contributors, AUTHOR_ROLES)]
    if authors:
        item["author"] = authors
    editors = [{"literal": name} for name in _people(contributors, EDITOR_ROLES)]
    if editors:
        item["editor"] = editors
    if row["first_published"]:
        item["issued"] = _date_parts(timezone.localdate(row["first_published"]))
    if row["summary"]:
        item["abstract"] = _text(row["summary"])
    if keywords:
        item["keyword"] = ", ".join(keywords)
    place = [part for part in (row["place_name"], row["province_name"]) if part]
    if place:
        item["event-place"] = ", ".join(_text(part) for part in place)
    notes = []
    if row["title_en"]:
        item["title-short"] = _text(row["title"])[:80]
        notes.append(f"English title: {_text(row['title_en'])}")
    if row["licence"]:
        notes.append(f"Giấy phép: {_text(licence_names.get(row['licence'], row['licence']))}")
    if notes:
        item["note"] = "; ".join(notes)
    return item


def vocabulary_names():
    """(subject slug → name, licence code → name), read once per file."""
    from heritage.models import Licence, Subject

    return dict(Subject.objects.values_list("slug", "name")), dict(Licence.objects.values_list("code", "name"))


def csl_item_chunks(records, ids, accessed=None, chunk_size=500):
    """Chunks of CSL-JSON items of the records among `ids` (a ranked list) that `records`
    (a queryset the caller has narrowed to what the reader may see) holds, in order.
    Read as rows, a fixed number of queries a chunk: no record object is built."""
    from opendata.datasets import record_rows_in_order

    accessed = accessed or timezone.localdate()
    subject_names, licence_names = vocabulary_names()
    for rows in record_rows_in_order(records.with_location_for(None), ids, chunk_size):
        contributors = dict(records.filter(pk__in=[row["id"] for row in rows]).values_list("pk", "contributors"))
        yield [csl_item(row, _raw(contributors.get(row["id"])), accessed, subject_names, licence_names) for row in rows]


def _raw(stream_value):
    return getattr(stream_value, "raw_data", stream_value) or []


def csl_items(records, ids, accessed=None):
    """CSL-JSON items of the records among `ids`, in one list (a record's own citation)."""
    return [item for chunk in csl_item_chunks(records, ids, accessed) for item in chunk]


# ------------------------------------------------------------------------------- CSL-JSON


def csl_json(items):
    """A CSL-JSON document: an array of items."""
    return json.dumps(items, ensure_ascii=False, indent=2) + "\n"


# ------------------------------------------------------------------------------------ RIS


def _ris_date(parts):
    year, month, day = parts["date-parts"][0]
    return f"{year:04d}/{month:02d}/{day:02d}"


def ris_entry(item):
    """One RIS reference (rispy's field names) of a CSL item: an electronic source."""
    entry = {
        "type_of_reference": "ELEC",
        "id": item["id"],
        "title": item["title"],
        "publisher": item["publisher"],
        "name_of_database": item["container-title"],
        "urls": [item["URL"]],
        "access_date": _ris_date(item["accessed"]),
        "language": item["language"],
    }
    if item.get("author"):
        entry["authors"] = [author["literal"] for author in item["author"]]
    if item.get("editor"):
        entry["secondary_authors"] = [editor["literal"] for editor in item["editor"]]
    if item.get("issued"):
        entry["year"] = str(item["issued"]["date-parts"][0][0])
        entry["date"] = _ris_date(item["issued"])
    if item.get("abstract"):
        entry["abstract"] = item["abstract"]
    if item.get("keyword"):
        entry["keywords"] = item["keyword"].split(", ")
    if item.get("genre"):
        entry["type_of_work"] = item["genre"]
    if item.get("event-place"):
        entry["place_published"] = item["event-place"]
    if item.get("note"):
        entry["notes"] = [item["note"]]
    return entry


class RisWriter(rispy.RisWriter):
    """rispy's writer without its numbered line before each reference: a file written a
    chunk at a time would number each chunk from 1."""

    def set_header(self, count):
        return ""


def ris(items):
    """RIS text of CSL items, one tag a line."""
    if not items:
        return ""
    # A line break inside a value would start an unknown tag: RIS values are one line.
    return rispy.dumps([_one_line(ris_entry(item)) for item in items], implementation=RisWriter)


def _one_line(entry):
    def flat(value):
        if isinstance(value, list):
            return [flat(part) for part in value]
        return " ".join(str(value).split())

    return {key: flat(value) for key, value in entry.items()}


# --------------------------------------------------------------------------------- BibTeX

# Characters that LaTeX reads as commands: written escaped so that the text prints as
# typed. Braces cannot be balanced reliably in free text, so they become parentheses.
LATEX_ESCAPES = str.maketrans(
    {
        "\\": "",
        "{": "(",
        "}": ")",
        "%": r"\%",
        "&": r"\&",
        "#": r"\#",
        "$": r"\$",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
)


def latex_text(value):
    return " ".join(str(value).split()).translate(LATEX_ESCAPES)


def bibtex_entry(item):
    """One @misc entry (read by BibTeX and biblatex alike; UTF-8, as biber reads it)."""
    fields = [Field("title", "{" + latex_text(item["title"]) + "}")]
    if item.get("author"):
        fields.append(Field("author", " and ".join("{" + latex_text(a["literal"]) + "}" for a in item["author"])))
    if item.get("editor"):
        fields.append(Field("editor", " and ".join("{" + latex_text(e["literal"]) + "}" for e in item["editor"])))
    if item.get("issued"):
        year, month, _day = item["issued"]["date-parts"][0]
        fields += [Field("year", str(year)), Field("month", str(month))]
    fields += [
        Field("howpublished", latex_text(item["container-title"])),
        Field("publisher", latex_text(item["publisher"])),
        Field("url", item["URL"]),
        Field("urldate", datetime.date(*item["accessed"]["date-parts"][0]).isoformat()),
        Field("language", "vietnamese"),
    ]
    if item.get("abstract"):
        fields.append(Field("abstract", latex_text(item["abstract"])))
    if item.get("keyword"):
        fields.append(Field("keywords", latex_text(item["keyword"])))
    note = "; ".join(part for part in (item.get("genre", ""), item.get("note", "")) if part)
    if note:
        fields.append(Field("note", latex_text(note)))
    return Entry("misc", item["id"], fields)


def bibtex(items):
    """BibTeX text of CSL items."""
    library = bibtexparser.Library()
    for item in items:
        library.add(bibtex_entry(item))
    return bibtexparser.write_string(library)


FORMATS = {
    # name: (writer, media type, file extension)
    "ris": (ris, "application/x-research-info-systems", "ris"),
    "bib": (bibtex, "application/x-bibtex", "bib"),
    "csl-json": (csl_json, "application/vnd.citationstyles.csl+json", "json"),
}


# ------------------------------------------------------------------------- the sentence


def formatted_citation(item, translated_title=""):
    """The citation a reader copies, in the library's own style (close to APA for web
    pages): authors (year). Title. Library. URL (accessed dd/mm/yyyy).

    A record is cited by the title it was published under, in Vietnamese; a reader of the
    English site also gets the English title after it in square brackets, as APA cites a
    work in another language."""
    parts = []
    names = [author["literal"] for author in item.get("author", [])]
    year = item["issued"]["date-parts"][0][0] if item.get("issued") else None
    if names:
        parts.append(", ".join(names) + (f" ({year})." if year else "."))
    elif year:
        parts.append(f"({year}).")
    translated_title = _text(translated_title)
    parts.append(f"{item['title']} [{translated_title}]." if translated_title else f"{item['title']}.")
    parts.append(f"{item['container-title']}.")
    return " ".join(parts)
