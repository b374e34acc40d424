"""The dictionaries inside other pages: a record's ethnic-language terms with their
glosses, and on the search page the records found through a word (cross-language search)."""

from django import template

from ..crosslinks import records_through_words, terms_of_record

register = template.Library()


@register.inclusion_tag("dictionary/includes/record_terms.html", takes_context=True)
def record_terms(context, record):
    return {"terms": terms_of_record(context["request"].user, record)}


@register.inclusion_tag("dictionary/includes/search_matches.html", takes_context=True)
def dictionary_matches(context, query):
    return {"found": records_through_words(context["request"].user, query), "query": query}
