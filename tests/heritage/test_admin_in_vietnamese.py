"""The admin speaks Vietnamese to curators: every string Wagtail or Django looks up while
a curator, a contributor or a reviewer works has a Vietnamese translation (theirs, or
ours in heritage/wagtail_vi/), and so does the admin's JavaScript."""

import re
from pathlib import Path

import django
import pytest
import wagtail
import wagtailmedia
from django.core.files.base import ContentFile
from django.utils import translation
from django.utils.translation import trans_real
from wagtail.documents import get_document_model

from heritage.models import EthnicGroup, FestivalPage
from media.models import HeritageMedia
from tests.factories import make_image, make_record, make_user, make_wav_bytes
from tests.heritage.test_admin_validation import festival_form as admin_festival_form

# Strings that read the same in Vietnamese, or are names.
SAME_IN_VIETNAMESE = {"Email", "URL", "CSV", "XLSX", "ID", "Wagtail", "OK", "Tags", "Hrê"}


def catalogue_keys(po_path):
    """The msgids (with their context, as gettext keys them) of a .po file."""
    keys = set()
    for entry in po_path.read_text(encoding="utf-8").split("\n\n"):
        context = re.search(r'^msgctxt "(.*)"$', entry, re.M)
        msgid = re.search(r'^msgid ((?:".*"\n?)+)', entry, re.M)
        if not msgid:
            continue
        text = "".join(re.findall(r'"(.*)"', msgid.group(1)))
        text = text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")
        if text:
            keys.add(f"{context.group(1)}\x04{text}" if context else text)
    return keys


def upstream_keys(domain="django"):
    """Every msgid of Wagtail, wagtailmedia and Django (for the admin's JavaScript,
    Wagtail's alone), from their English catalogues."""
    keys = set()
    for package in (wagtail, wagtailmedia, django) if domain == "django" else (wagtail,):
        for po_path in Path(package.__file__).parent.rglob(f"locale/en/LC_MESSAGES/{domain}.po"):
            keys |= catalogue_keys(po_path)
    return keys


class EnglishLeft:
    """Records each gettext lookup, made while Vietnamese is active, whose msgid comes
    from Wagtail, wagtailmedia or Django and has no Vietnamese translation."""

    def __init__(self):
        self.upstream = upstream_keys()
        self.found = {}
        self.where = ""

    def note(self, key):
        if translation.get_language() != "vi" or not key:
            return
        catalogue = trans_real.translation("vi")._catalog
        lookup = key if isinstance(key, str) else key[0]
        if key not in catalogue and lookup in self.upstream and lookup.split("\x04")[-1] not in SAME_IN_VIETNAMESE:
            self.found.setdefault(lookup.replace("\x04", " | "), self.where)


@pytest.fixture
def english_left(monkeypatch):
    recorder = EnglishLeft()
    # The public functions of django.utils.translation call these on every lookup,
    # lazy strings and template tags included.
    real = {name: getattr(trans_real, name) for name in ("gettext", "pgettext", "ngettext", "npgettext")}
    _trans = translation._trans

    def gettext(message):
        recorder.note(message)
        return real["gettext"](message)

    def pgettext(context, message):
        recorder.note(f"{context}\x04{message}")
        return real["pgettext"](context, message)

    def ngettext(singular, plural, number):
        recorder.note((singular, 0))
        return real["ngettext"](singular, plural, number)

    def npgettext(context, singular, plural, number):
        recorder.note((f"{context}\x04{singular}", 0))
        return real["npgettext"](context, singular, plural, number)

    for name, function in (("gettext", gettext), ("pgettext", pgettext), ("ngettext", ngettext)):
        monkeypatch.setattr(_trans, name, function, raising=False)
    monkeypatch.setattr(_trans, "npgettext", npgettext, raising=False)
    return recorder


@pytest.fixture
def collection(record_index, site_tree):
    complete = make_image(title="Cồng chiêng")
    lacking = make_image(title="Nhà rông", source="", licence=None)
    festival = make_record(record_index, title="Lễ ăn trâu", main_image=complete)
    draft = make_record(record_index, title="Lễ mừng lúa mới", main_image=lacking, publish=False)
    document = get_document_model().objects.create(title="Biên bản điền dã", file=ContentFile(b"%PDF-1.4", "bb.pdf"))
    recording = HeritageMedia(title="Bài khấn", type="audio", credit="Ghi âm: Nhóm điền dã")
    recording.file.save("bai-khan.wav", ContentFile(make_wav_bytes(seconds=0.5)), save=False)
    recording.save()
    return {
        "festival": festival,
        "draft": draft,
        "image": complete,
        "document": document,
        "recording": recording,
        "home": site_tree["home"],
        "collections": site_tree["collections"],
    }


def festival_form(**overrides):
    """The admin form of a festival without coordinates (see test_admin_validation)."""
    defaults = {"title": "Lễ hội kiểm thử", "slug": "le-hoi-kiem-thu", "latitude": "", "longitude": ""}
    return admin_festival_form(**{**defaults, **overrides})


def curator_pages(c):
    index, festival, draft, image = c["festival"].get_parent(), c["festival"], c["draft"], c["image"]
    return [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{c['home'].pk}/",
        f"/admin/pages/{index.pk}/",
        f"/admin/pages/{index.pk}/?ordering=-latest_revision_created_at",
        f"/admin/pages/{index.pk}/add_subpage/",
        f"/admin/pages/add/heritage/festivalpage/{index.pk}/",
        f"/admin/pages/add/heritage/custompage/{index.pk}/",
        f"/admin/pages/add/heritage/productpage/{index.pk}/",
        f"/admin/pages/add/heritage/collectionpage/{c['collections'].pk}/",
        f"/admin/pages/add/heritage/infopage/{c['home'].pk}/",
        f"/admin/pages/{festival.pk}/edit/",
        f"/admin/pages/{draft.pk}/edit/",
        f"/admin/pages/{festival.pk}/history/",
        f"/admin/pages/{festival.pk}/usage/",
        f"/admin/pages/{festival.pk}/copy/",
        f"/admin/pages/{festival.pk}/workflow_history/",
        "/admin/pages/search/?q=le",
        "/admin/images/",
        "/admin/images/?q=cong",
        f"/admin/images/{image.pk}/",
        "/admin/images/add/",
        "/admin/images/multiple/add/",
        "/admin/images/chooser/",
        "/admin/documents/",
        f"/admin/documents/edit/{c['document'].pk}/",
        "/admin/documents/multiple/add/",
        "/admin/documents/chooser/",
        "/admin/media/",
        "/admin/media/audio/add/",
        "/admin/media/video/add/",
        f"/admin/media/edit/{c['recording'].pk}/",
        "/admin/media/chooser/",
        "/admin/snippets/heritage/ethnicgroup/",
        f"/admin/snippets/heritage/ethnicgroup/edit/{EthnicGroup.objects.get(slug='hre').pk}/",
        "/admin/snippets/heritage/ethnicgroup/add/",
        "/admin/snippets/heritage/licence/",
        "/admin/account/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/reports/site-history/",
        "/admin/reports/aging-pages/",
        "/admin/reports/page-types-usage/",
        "/admin/choose-page/",
        f"/admin/choose-page/{index.pk}/",
    ]


@pytest.mark.django_db
def test_a_curators_admin_pages_leave_no_wagtail_or_django_string_in_english(client, collection, english_left):
    client.force_login(make_user("bien-tap-vi", groups=["Curator"]))
    refused = []
    for path in curator_pages(collection):
        english_left.where = path
        if client.get(path).status_code != 200:
            refused.append(path)
    assert refused == []
    assert english_left.found == {}


@pytest.mark.django_db
def test_saving_submitting_and_reviewing_speak_vietnamese(client, collection, record_index, english_left):
    curator = make_user("bien-tap-vi", groups=["Curator"])
    reviewer = make_user("duyet-vi", groups=["Reviewer"])
    add_url = f"/admin/pages/add/heritage/festivalpage/{record_index.pk}/"
    client.force_login(curator)

    english_left.where = "a form with errors"
    response = client.post(add_url, festival_form(title="", summary=""))
    assert response.status_code == 200
    english_left.where = "save a draft"
    response = client.post(add_url, festival_form(), follow=True)
    festival = FestivalPage.objects.get(slug="le-hoi-kiem-thu")
    english_left.where = "submit for review"
    response = client.post(f"/admin/pages/{festival.pk}/edit/", {**festival_form(), "action-submit": "1"}, follow=True)
    assert "Đã gửi duyệt" in response.content.decode()
    english_left.where = "submit with incomplete image rights"
    draft = collection["draft"]
    form = festival_form(title=draft.title, slug=draft.slug, main_image=draft.main_image_id)
    response = client.post(f"/admin/pages/{draft.pk}/edit/", {**form, "action-submit": "1"})
    assert response.status_code == 200

    client.force_login(reviewer)
    english_left.where = "the reviewer's dashboard and editor"
    assert client.get("/admin/").status_code == 200
    assert client.get(f"/admin/pages/{festival.pk}/edit/").status_code == 200
    english_left.where = "approve"
    task_state = festival.current_workflow_task_state
    response = client.post(
        f"/admin/pages/workflow/action/{festival.pk}/approve/{task_state.pk}/", {"comment": ""}, follow=True
    )
    assert response.status_code == 200
    assert english_left.found == {}


@pytest.mark.django_db
def test_the_admins_javascript_has_vietnamese_for_every_string():
    catalogue = trans_real.DjangoTranslation(
        "vi", domain="djangojs", localedirs=[str(Path(wagtail.__file__).parent / "admin" / "locale")]
    )._catalog
    untranslated = sorted(
        key.split("\x04")[-1]
        for key in upstream_keys("djangojs")
        if key not in catalogue and (key, 0) not in catalogue and key.split("\x04")[-1] not in SAME_IN_VIETNAMESE
    )
    assert untranslated == []


@pytest.mark.parametrize("app", ["heritage", "accounts"])
def test_every_string_of_ours_has_vietnamese(app):
    po_path = Path(__file__).resolve().parents[2] / app / "locale/vi/LC_MESSAGES/django.po"
    catalogue = trans_real.translation("vi")._catalog
    untranslated = sorted(key for key in catalogue_keys(po_path) if key not in catalogue and (key, 0) not in catalogue)
    assert untranslated == []


def test_wagtail_translations_only_carry_wagtail_and_django_strings():
    """heritage/wagtail_vi wins over Wagtail's catalogues: it holds Wagtail's and Django's
    msgids only, each still used by the installed version."""
    root = Path(__file__).resolve().parents[2] / "heritage/wagtail_vi"
    for domain, folder in (("django", "locale"), ("djangojs", "jslocale")):
        stale = catalogue_keys(root / folder / f"vi/LC_MESSAGES/{domain}.po") - upstream_keys(domain)
        assert stale == set(), domain


@pytest.mark.django_db
def test_the_librarys_own_words_win_on_the_site(client, site_tree):
    """Where the site and Wagtail use the same English, the site's Vietnamese is shown:
    "Collections" is the library's "Bộ sưu tập" and "Filter" its "Bộ lọc"."""
    html = client.get("/ho-so/").content.decode()
    assert ">Bộ sưu tập</a>" in html and "Bộ lọc" in html
