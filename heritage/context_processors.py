from django.utils.functional import SimpleLazyObject


def site_navigation(request):
    """Links the header needs on every page, looked up only when a template uses them."""

    def navigation():
        from .models import CollectionIndexPage, HomePage, RecordIndexPage

        return {
            "home": HomePage.objects.live().first(),
            "records": RecordIndexPage.objects.live().first(),
            "collections": CollectionIndexPage.objects.live().first(),
        }

    return {"site_nav": SimpleLazyObject(navigation)}
