import pytest


def make_entry(
    code="hre",
    headword="trâu",
    glosses=(("con trâu", "buffalo"),),
    access_level="public",
    publish=True,
    source_kind="sample",
    source="Mục mẫu thử nghiệm",
    **fields,
):
    """An entry with its senses, saved and (by default) published with a revision, as
    the admin does."""
    from dictionary.models import Entry, Language, Sense

    entry = Entry(
        language=Language.objects.get(code=code),
        headword=headword,
        access_level=access_level,
        source_kind=source_kind,
        source=source,
        live=False,
        **fields,
    )
    entry.senses = [Sense(gloss_vi=vi, gloss_en=en, sort_order=order) for order, (vi, en) in enumerate(glosses)]
    entry.save()
    revision = entry.save_revision()
    if publish:
        revision.publish()
        entry.refresh_from_db()
    return entry


@pytest.fixture
def hre(db):
    from dictionary.models import Language

    return Language.objects.get(code="hre")


@pytest.fixture
def co(db):
    from dictionary.models import Language

    return Language.objects.get(code="cua")
