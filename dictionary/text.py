"""How the dictionaries compare and order words.

Folding is the project's (`heritage.text.fold_diacritics`, the same as the record
search's): a visitor on a phone without the right letters types "trau" for "trâu" and
"dong" for "đông", in Vietnamese or in Hrê and Co, whose Latin orthographies use the
same marks. Ordering follows each language's own alphabet (`Language.alphabet`), so a
Hrê or Co dictionary lists "ch" after "c" and "ơ" after "ô", not in code-point order.
"""

import re
import unicodedata

from heritage.text import fold_diacritics, nfc

# Vietnamese tone marks (grave, acute, tilde, hook above, dot below): a word's tone,
# not a letter of the alphabet. Breve, circumflex and horn make letters (ă, â, ơ, ư).
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
WORD = re.compile(r"\w+", re.UNICODE)
# A key past every letter (used as the upper bound of a prefix range).
AFTER_ALL = "\U0010ffff"


def fold(value):
    """'Đắk Lắk ' → 'dak lak': the form every lookup compares, on both sides."""
    words = WORD.findall(fold_diacritics(nfc(value or "")).casefold())
    return " ".join(words)


def exact_form(value):
    """The form with its accents kept, case and spacing ignored: ranks accent-exact
    matches first."""
    return " ".join(WORD.findall(nfc(value or "").casefold()))


def word_starts(folded):
    """Every tail of a folded text that begins at a word: 'con trau nuoc' →
    [(0, 'con trau nuoc'), (1, 'trau nuoc'), (2, 'nuoc')]. Indexed, they make a
    prefix search find a word anywhere in a gloss with an index range scan."""
    words = folded.split(" ")
    return [(position, " ".join(words[position:])) for position in range(len(words)) if words[position]]


def without_tones(value):
    decomposed = unicodedata.normalize("NFD", value)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in TONE_MARKS))


def tones_of(value):
    decomposed = unicodedata.normalize("NFD", value)
    return "".join(str(" \u0300\u0301\u0303\u0309\u0323".index(c)) for c in decomposed if c in TONE_MARKS)


class Alphabet:
    """A language's letters in dictionary order, from `Language.alphabet` (letters
    separated by spaces; digraphs such as "ch" or "ng" are letters of their own)."""

    def __init__(self, letters):
        self.letters = [nfc(letter).casefold() for letter in letters.split() if letter.strip()]
        self.rank = {letter: index for index, letter in enumerate(self.letters)}
        self.longest = max((len(letter) for letter in self.letters), default=1)

    def split(self, word):
        """The letters of `word` (lowercase, tones removed), longest letter first;
        characters outside the alphabet stand as themselves."""
        text = without_tones(nfc(word).casefold())
        letters, position = [], 0
        while position < len(text):
            for size in range(min(self.longest, len(text) - position), 0, -1):
                piece = text[position : position + size]
                if piece in self.rank:
                    letters.append(piece)
                    position += size
                    break
            else:
                letters.append(text[position])
                position += 1
        return letters

    def initial(self, word):
        """The letter a word is filed under in the A–Z browse ("" for none)."""
        for letter in self.split(word):
            if letter in self.rank:
                return letter
        return ""

    def sort_key(self, word):
        """A string whose code-point order is the dictionary order: letters by their
        rank in the alphabet (others after them), then tones, then the word itself."""
        ranked = "".join(
            chr(0x4E00 + self.rank[letter]) if letter in self.rank else chr(0x5000 + min(ord(letter[0]), 0x3FFF))
            for letter in self.split(word)
            if not letter.isspace()
        )
        return f"{ranked}\u0001{tones_of(nfc(word))}\u0001{nfc(word)}"[:255]
