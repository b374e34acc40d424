from django import template

from heritage.keyboard import keyboard_script_tag

register = template.Library()


@register.simple_tag
def keyboard_script():
    """`{% keyboard_script %}`: the on-screen keyboard for the page's `data-keyboard` fields."""
    return keyboard_script_tag()
