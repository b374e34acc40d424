"""drf-spectacular hooks: the description holds the read API alone (Wagtail's admin
API is also built on DRF, and is nobody's business outside the admin)."""


def only_the_read_api(endpoints, **kwargs):
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
