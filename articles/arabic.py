"""Arabic text, in one place: normalisation, tokens, particles, stems and stopwords.

Search (`articles/search.py`), related stories (`articles/related/terms.py`), slugs and the
comment word lists all read Arabic through this module; nothing else folds Arabic spelling.

The pipeline, the same for a story and for a query:

1. `normalize`: NFKC, harakat and tatweel removed, alef forms → ا, ة → ه, ى → ي, Persian
   letters and Arabic-Indic / Persian digits folded, case folded.
2. `tokens`: Arabic words, and Latin tokens kept whole with their inner `-` and `+` and
   digits (G7, F-35, COVID-19, C++, C#).
3. `readings`: the word with the article or its fused prepositions removed (وال بال كال فال لل
   ال…); without an article, the word as written and with one or two attached particles
   (و ف ب ك ل) taken off, since «بيت» and «بغزة» look alike. Every reading is kept: a story
   and a query match when they share one.
4. `stem`: Snowball's Arabic stemmer (the one PostgreSQL's `arabic` configuration uses) on a
   reading, after the sound plural and dual endings are brought to the singular it stems
   consistently; English words get Snowball's English stemmer.
"""

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path

import snowballstemmer

_FOLD = str.maketrans(
    {
        "أ": "ا",
        "إ": "ا",
        "آ": "ا",
        "ٱ": "ا",
        "ة": "ه",
        "ۀ": "ه",
        "ى": "ي",
        "ی": "ي",
        "ک": "ك",
        **{chr(0x0660 + n): str(n) for n in range(10)},
        **{chr(0x06F0 + n): str(n) for n in range(10)},
    }
)
# str.translate looks each character up in the table one by one (40 µs for a 700-character
# body); the letters are replaced with str.replace instead (6 µs), and the table applied
# whole only to text holding the rarer digits.
_FOLD_LETTERS = [(chr(c), target) for c, target in _FOLD.items() if not target.isdigit()]
_FOLD_DIGITS = re.compile("[\u0660-\u0669\u06f0-\u06f9]")
TATWEEL = "\u0640"
# Harakat, tanween, shadda, sukun, superscript alef and Quranic marks.
_DIACRITICS = re.compile("[\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed]")
# Directional marks and embeddings never belong to a word.
BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069\u061c]")

_ARABIC = "\u0621-\u063a\u0641-\u064a"
_OTHER = r"[^\W_\u0600-\u06ff]"
TOKEN = re.compile(rf"[{_ARABIC}]+|{_OTHER}+(?:[-+]{_OTHER}+)*[+#]*")
# The same words in text that is not normalised yet (harakat and tatweel inside a word), for
# finding them in the original text, as snippets do.
RAW_TOKEN = re.compile(
    rf"[{_ARABIC}\u0622-\u0625\u0671\u06a9\u06cc\u0640\u064b-\u065f\u0670]+"
    rf"|{_OTHER}+(?:[-+]{_OTHER}+)*[+#]*"
)

# The article alone or after the prepositions and conjunctions fused with it, longest first.
_ARTICLE = ("وبال", "فبال", "وكال", "فكال", "ولل", "فلل", "وال", "فال", "بال", "كال", "لل", "ال")
_PARTICLES = "وفبكل"
# Sound plural, dual and feminine endings brought back to the singular's «ة» or nothing,
# so that Snowball sees «صفقات» as «صفقة» and «لاعبان» as «لاعب».
_ENDINGS = (("ات", "ة"), ("تين", "ة"), ("تان", "ة"), ("ون", ""), ("ين", ""), ("ان", ""))

_TA_PRONOUN = re.compile("ت(ه|ها|هم|هما|هن|نا|كم|كما|كن|ي)$")

_AR_STEMMER = snowballstemmer.stemmer("arabic")
_EN_STEMMER = snowballstemmer.stemmer("english")


def strip_diacritics(text: str) -> str:
    return _DIACRITICS.sub("", text).replace(TATWEEL, "")


def normalize(text: str) -> str:
    """Fold the spelling variants readers and writers mix: alef forms, ة/ه, ى/ي, tatweel,
    harakat, Persian letters, Arabic-Indic digits and letter case, so that «الإسلامية» and
    «الاسلاميه», «٣٠» and «30» compare equal."""
    text = BIDI.sub("", strip_diacritics(unicodedata.normalize("NFKC", text or "")))
    for letter, target in _FOLD_LETTERS:
        if letter in text:
            text = text.replace(letter, target)
    if _FOLD_DIGITS.search(text):
        text = text.translate(_FOLD)
    return text.casefold()


def tokens(text: str) -> list[str]:
    """The words of `text`, normalised, in order."""
    return TOKEN.findall(normalize(text))


def is_arabic(word: str) -> bool:
    return bool(word) and "\u0621" <= word[0] <= "\u064a"


def _pronoun_readings(reading):
    """«حكومته» also as «حكومه»: the ة of a word is written ت before an attached pronoun."""
    match = _TA_PRONOUN.search(reading)
    if not match or len(reading) - len(match.group()) < 3:
        return ()
    body = reading[: match.start()]
    return () if body.endswith("ا") else (body + "ه",)  # «سياراتهم» is a plural


def readings(word: str) -> tuple[str, ...]:
    """The ways to read a normalised word without its attached particles, the likeliest
    first: without the article when it has one, else as written. A story and a query match
    when their words share a reading's stem."""
    if not is_arabic(word) or word in names():
        return (word,)
    found = []
    for article in _ARTICLE:
        if not word.startswith(article):
            continue
        rest, merged = word[len(article) :], word[len(article) - 1 :]
        if rest in names() or (article.endswith("لل") and merged in names()):
            return (rest if rest in names() else merged,)
        if len(rest) >= 2 and rest not in stopwords():
            found.append(rest)
            if article.endswith("لل"):  # «للجنة»: ل + الجنة, or ل + اللجنة
                found.append(merged)
            # «ألمانيا», «إلغاء», «آلاف» begin with ال once their hamza is folded.
            found.append(word)
            break
    else:
        found.append(word)
        rest = word
        while len(found) < 3 and rest[0] in _PARTICLES and len(rest) > 3:
            rest = rest[1:]
            if rest in names():  # «ولبنان»: و + لبنان, nothing else
                return (rest,)
            found.append(rest)
    for reading in list(found):
        found.extend(_pronoun_readings(reading))
    return tuple(dict.fromkeys(found))


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """The stem of one reading of a normalised word. Names and words that only look like a
    plural or dual («لبنان», «البحرين», «برلمان») are kept whole (articles/names.txt)."""
    if not is_arabic(word):
        return _EN_STEMMER.stemWord(word) if word.isalpha() and word.isascii() else word
    if word in names():
        return word
    for ending, singular in _ENDINGS:
        if word.endswith(ending) and len(word) - len(ending) >= 3:
            word = word[: -len(ending)] + singular
            break
    else:
        if word.endswith("ه"):
            word = word[:-1] + "ة"
    found = _AR_STEMMER.stemWord(word).replace("ة", "ه")
    if len(found) < 3 or found in stopwords():
        # Snowball takes «ية» off «ولاية» and «قضية», leaving «ولا» (a stopword) or «قض»:
        # the word without its ة says more.
        light = word.removesuffix("ة")
        found = light if len(light) >= 3 else found
    return found[:64]


@lru_cache(maxsize=200_000)
def stems(word: str) -> tuple[str, ...]:
    """The distinct stems of a normalised word's readings, the likeliest first. Other readings
    count only when their stem has three letters or more and is no stopword («ولاية» is not
    read as «لا»)."""
    primary, *others = readings(word)
    found = [stem(primary)]
    stop = stopwords()
    for reading in others:
        candidate = stem(reading)
        if len(candidate) >= 3 and candidate not in stop and reading not in stop:
            found.append(candidate)
    return tuple(dict.fromkeys(found))


def _word_list(name):
    path = Path(__file__).with_name(name)
    lines = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(normalize(line) for line in lines if line and not line.startswith("#"))


@cache
def names() -> frozenset[str]:
    """Words never stemmed (articles/names.txt), without their article."""
    return _word_list("names.txt")


@cache
def stopwords() -> frozenset[str]:
    """Words too common to search or match on, normalised: Arabic function words and the
    reporting words of news copy (articles/stopwords.txt), and English function words."""
    return _word_list("stopwords.txt")
