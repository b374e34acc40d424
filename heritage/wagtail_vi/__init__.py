"""Vietnamese for the strings of Wagtail, wagtailmedia and Django that curators meet and
that their own catalogues lack or word unclearly.

An app of its own for where it sits in INSTALLED_APPS: after the project's apps, whose
catalogues win where the same English is used on the site ("Collections" is the
library's "Bộ sưu tập"), and before Wagtail's, over which it wins. The admin's
JavaScript reads only Wagtail's own catalogue and LOCALE_PATHS, so its Vietnamese is in
`jslocale/`, listed in LOCALE_PATHS.

The catalogues are edited by hand, then `compilemessages`. This app has no code with
strings to translate, so `makemessages` never rewrites them (keep it that way).
"""
