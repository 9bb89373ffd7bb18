"""Rule-based TIMEX3-style date tagger for English.

`tag_dates(text, published)` returns standoff date mentions with a TIMEX3-like `value`.
Rules chosen where TIMEX3 or the brief leave room:

- Numeric dates: ISO `2020-11-09` / `2020/11/09` always; dotted `09.11.2020` is read
  day.month.year (dots are a European convention); slashed or dashed `a/b/YYYY` only when
  exactly one of a, b is above 12 (that one is the day); anything else (`9/11/2020`) is
  ambiguous and left untagged. Numeric dates without a year (`9/11`) are never tagged.
- Ranges (`January 23-25, 2023`, `23-25 January 2023`) are one mention whose value is the
  start day. `1988-1994` and `between 1988 and 1994` give one mention per year.
- Weeks (`last week`, `two weeks ago`) are ISO weeks, `YYYY-Www`.
- Winter `YYYY-WI` is the winter that begins in December of YYYY.
- A four-digit number is a year only in 1000-2099, outside a larger figure (`1,992`,
  `$2020`, `20.2020`, `1086x724`, `555-2020`, `2020%`), not after a numbering word
  (`Section 1992`, `No. 2020`), and not before a counted noun (`1500 troops`, `2000
  people`); below 1900 any following lower-case plural word counts as a counted noun.
- Month names must be capitalised (`May`, `MAY`); a month alone is tagged only after a cue
  (`in May`, `since March`) or a modifier (`early August`); `'90s` is 199X but `'00s` and
  `'10s` are 200X and 201X. Bare weekdays and bare seasons are not tagged.
- Year-less dates take the year of the nearest preceding mention that carried one
  (anchor "context"), else the publication year, minus one when the date would fall more
  than 31 days after publication (anchor "published"), else stay `XXXX-MM-DD`.
- Relative mentions without a publication date keep X placeholders (`XXXX`, `XXXX-WXX`).
"""
from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9, "october": 10,
    "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
            "mon", "tues", "tue", "wed", "thurs", "thu", "fri", "sat", "sun")
SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
SEASON_SPAN = {"SP": (3, 5), "SU": (6, 8), "FA": (9, 11), "WI": (12, 14)}  # 14 = Feb next year
MODS = {"early": "START", "beginning": "START", "start": "START",
        "mid": "MID", "middle": "MID", "late": "END", "end": "END"}
RELATIVE_DAYS = {"today": 0, "yesterday": -1, "tomorrow": 1}
RELATIVE_SHIFTS = {"this": 0, "current": 0, "last": -1, "previous": -1, "next": 1, "coming": 1}
RELATIVE_UNITS = ("day", "week", "month", "year", "decade")
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
                "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
                "twelve": 12, "few": 3, "several": 3}
MONTH_CUES = ("in", "during", "since", "until", "till", "by", "from", "through",
              "throughout", "before", "after", "between", "of")
NUMBERING_WORDS = ("section", "sec", "resolution", "resolutions", "article", "no", "nos",
                   "number", "page", "pages", "p", "pp", "chapter", "paragraph", "item",
                   "flight", "route", "room", "model", "version", "code", "decree", "order",
                   "box", "suite", "highway", "ref", "file")
COUNTED_NOUNS = (
    "people", "persons", "men", "women", "children", "troops", "soldiers", "servicemen",
    "personnel", "civilians", "refugees", "residents", "families", "households",
    "prisoners", "detainees", "captives", "casualties", "deaths", "victims", "dead",
    "wounded", "votes", "voters", "students", "workers", "jobs", "employees", "members",
    "units", "houses", "homes", "buildings", "vehicles", "tanks", "copies", "words",
    "times", "km", "kilometers", "kilometres", "miles", "meters", "metres", "feet",
    "hectares", "acres", "tons", "tonnes", "kg", "dollars", "euros", "rubles", "roubles",
    "manats", "drams", "points", "views", "likes", "shares", "followers", "comments",
    "barrels", "hours", "minutes", "seconds", "days", "weeks", "months", "years",
    "strong", "member", "page", "word", "seat", "seats", "mile", "ton",
)
DECADE_CENTURY = {"0": "20", "1": "20"}  # '00s, '10s; every other '#0s is the 1900s

# ---- patterns, built from the tables ------------------------------------------------


def _alt(words) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


_FULL_MONTHS = [m for m in MONTHS if len(m) > 4 or m in ("may", "june", "july")]
_S = r"[^\S\n]"  # blank space that does not cross a line: page text puts unrelated lines together
_MON = rf"\b(?:{_alt(MONTHS)})\b\.?"
_MON_FULL = rf"\b(?:{_alt(_FULL_MONTHS)})\b"
_WD = rf"(?:\b(?:{_alt(WEEKDAYS)})\b\.?,?{_S}+)?"
_DAY = r"(?<![\d.,])(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?\b"
_DAYS = rf"{_DAY}(?:{_S}*[-–—]{_S}*{_DAY})?"
_YEAR = r"(?<![\w$#£€¥])(?<!\d[.,:/])(?:1\d{3}|20\d{2})(?!\w)"
_MOD = (rf"(?:\b(?:early|mid|middle|late)(?:{_S}+|-)"
        rf"|\b(?:the{_S}+)?(?:beginning|start|middle|end){_S}+of{_S}+)?")
_SEASON = rf"\b(?:{_alt(SEASONS)})\b"
_NUM = rf"(?:\d{{1,2}}|\b(?:{_alt(NUMBER_WORDS)}))"
_UNIT = r"(?:days?|weeks?|months?|years?|decades?)"
_NUMERIC_END = r"(?!(?!t\d)[\w/-]|\.\d)"  # may run on into an ISO time: 2019-11-18T23:30

FORMS = (
    ("iso", rf"(?<![\w./-])\d{{4}}(?:-\d\d-\d\d|/\d\d/\d\d){_NUMERIC_END}"),
    ("numeric", rf"(?<![\w./-])\d{{1,2}}(?:\.\d{{1,2}}\.|/\d{{1,2}}/|-\d{{1,2}}-)\d{{4}}{_NUMERIC_END}"),
    ("mdy", rf"{_WD}{_MON}{_S}*{_DAYS}(?:{_S}*,{_S}*|{_S}+){_YEAR}"),
    ("dmy", rf"{_WD}(?:\bthe{_S}+)?{_DAYS}(?:{_S}+of)?{_S}+{_MON},?{_S}+{_YEAR}"),
    ("month_year", rf"{_MOD}{_MON},?{_S}+(?:of{_S}+)?{_YEAR}"),
    ("season_year", rf"{_MOD}{_SEASON}{_S}+(?:of{_S}+)?{_YEAR}"),
    ("decade", rf"{_MOD}(?:(?<![\w$#])(?:1\d\d|20\d)0['’]?s|['’]\d0s)\b"),
    ("century", rf"{_MOD}\b(?:[12]?\d)(?:st|nd|rd|th)(?:{_S}|-)+century\b"),
    ("md", rf"{_WD}{_MON}{_S}*{_DAYS}(?!{_S}*(?:%|:\d|,\d))"),
    ("dm", rf"{_WD}(?:\bthe{_S}+)?{_DAYS}(?:{_S}+of)?{_S}+{_MON_FULL}"),
    ("relative", rf"{_MOD}(?:\b(?:{_alt(RELATIVE_SHIFTS)}){_S}+(?:{_alt(RELATIVE_UNITS)}|"
                 rf"{_alt(SEASONS)}|{_alt(_FULL_MONTHS)})\b|\b(?:{_alt(RELATIVE_DAYS)})\b|"
                 rf"(?:\ba{_S}+)?{_NUM}{_S}+{_UNIT}{_S}+ago\b)"),
    ("month", rf"{_MOD}{_MON_FULL}"),
    ("year", rf"{_MOD}{_YEAR}"),
)
# Matching runs on a lower-cased copy of the text, without IGNORECASE: the master pattern is
# only tried where _START finds a word a form can begin with, and _START's alternatives are
# grouped by first letter so the regex engine skips most positions on one comparison.
_MASTER = re.compile("|".join(f"(?P<{name}>{pat})" for name, pat in FORMS))
_START_WORDS = {*MONTHS, *WEEKDAYS, *SEASONS, *MODS, *RELATIVE_DAYS, *RELATIVE_SHIFTS,
                *NUMBER_WORDS, "the"}


def _by_first_letter(words) -> str:
    groups: dict[str, list[str]] = {}
    for word in sorted(words, key=len, reverse=True):
        groups.setdefault(word[0], []).append(re.escape(word[1:]))
    return "|".join(f"{first}(?:{'|'.join(rest)})" for first, rest in sorted(groups.items()))


_START = re.compile(rf"\b(?:{_by_first_letter(_START_WORDS)})\b|\d+|['’]\d")
_ASCII_LOWER = {code: code + 32 for code in range(65, 91)}
_TOKEN = re.compile(r"\d+|[^\W\d_]+")
_MOD_HEAD = re.compile(r"(?:the\s+)?(early|mid|middle|late|beginning|start|end)\b", re.I)
_WORD_BEFORE = re.compile(r"([^\W\d_]+)\.?\s*[-–]?\s*$")
_WORD_AFTER = re.compile(r"[\s-]+([^\W\d_]+)")
_CAP_WORD_BEFORE = re.compile(r"[A-Z][\w.]*[ \t]+$")
_FIGURE_AFTER = re.compile(r"%|[x×]\d|[.,:/]\d|\d")
_FIGURE_BEFORE = re.compile(r"[x×]$|\d\s$")
_SPACED_DIGITS_AFTER = re.compile(r"\s\d{2}")
_HYPHEN_AFTER = re.compile(r"[-–]\d")
_HYPHEN_BEFORE = re.compile(r"\d[-–]$")
_YEAR_RANGE_AFTER = re.compile(r"[-–](?:1\d{3}|20\d{2}|\d\d)(?!\d)")
_YEAR_BEFORE_HYPHEN = re.compile(r"(?<!\d)(?:1\d{3}|20\d{2})[-–]$")


def tag_dates(text: str, published: dt.date | None = None) -> list[dict]:
    """Date mentions in `text`, sorted by start and non-overlapping, resolved where possible.

    Each item: {"start", "end", "text", "value", "kind", "anchor", "mod"}.
    """
    items, context_year, done = [], None, 0
    for match in _candidates(text):
        if match.start() < done:
            continue
        item = _read(match, text, published, context_year)
        if item is None:
            continue
        if item["kind"] in ("date", "partial") and item["value"][:4].isdigit():
            context_year = int(item["value"][:4])
        items.append(item)
        done = match.end()
    return items


def _candidates(text: str):
    """Master-pattern matches at each place a date form can start, leftmost first."""
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters lower-case to two; keep offsets exact
        lowered = text.translate(_ASCII_LOWER)
    match_at = _MASTER.match
    for start in _START.finditer(lowered):
        match = match_at(lowered, start.start())
        if match is not None:
            yield match


def _read(match: re.Match, text: str, published, context_year) -> dict | None:
    """Interpret one candidate match, or None when a guard rejects it."""
    form, start, end = match.lastgroup, match.start(), match.end()
    surface = text[start:end]
    tokens = [t.lower() for t in _TOKEN.findall(surface)]
    if not _months_capitalised(surface):
        return None
    mod = _mod_of(surface) if form in _MODDABLE else None
    result = _READERS[form](tokens, text, start, end, published, context_year)
    if result is None:
        return None
    value, kind, anchor = result
    return {"start": start, "end": end, "text": surface, "value": value, "kind": kind,
            "anchor": anchor, "mod": mod}


def _months_capitalised(surface: str) -> bool:
    """Month names count only when capitalised, so the modal 'may' and 'march on' do not."""
    for word in _TOKEN.findall(surface):
        if word.lower() in MONTHS and not word[0].isupper():
            return False
    return True


def _mod_of(surface: str) -> str | None:
    head = _MOD_HEAD.match(surface)
    return MODS[head.group(1).lower()] if head else None


# ---- readers: tokens of one form -> (value, kind, anchor) ----------------------------

def _read_iso(tokens, text, start, end, published, context_year):
    year, month, day = (int(t) for t in tokens)
    return _full_date(year, month, day)


def _read_numeric(tokens, text, start, end, published, context_year):
    a, b, year = (int(t) for t in tokens)
    if text[start:end].count(".") == 2:
        day, month = a, b
    elif (a > 12) != (b > 12):
        day, month = (a, b) if a > 12 else (b, a)
    else:
        return None
    return _full_date(year, month, day)


def _read_full(tokens, text, start, end, published, context_year):
    month, days, year = _month_days_year(tokens)
    if not _year_ok(text, end - 4, end):
        return None
    return _full_date(year, month, days[0])


def _read_yearless(tokens, text, start, end, published, context_year):
    month, days, _ = _month_days_year(tokens)
    if not days or days[0] > 31 or _counted_noun_after(text, end):
        return None
    return _resolve_yearless(month, days[0], published, context_year)


def _read_month_year(tokens, text, start, end, published, context_year):
    month, _, year = _month_days_year(tokens)
    if not _year_ok(text, end - 4, end):
        return None
    return f"{year:04d}-{month:02d}", "partial", None


def _read_season_year(tokens, text, start, end, published, context_year):
    season = next(SEASONS[t] for t in tokens if t in SEASONS)
    if not _year_ok(text, end - 4, end):
        return None
    return f"{tokens[-1]}-{season}", "partial", None


def _read_decade(tokens, text, start, end, published, context_year):
    digits = next(t for t in tokens if t.isdigit())
    if len(digits) == 2:
        digits = DECADE_CENTURY.get(digits[0], "19") + digits
    return digits[:3] + "X", "partial", None


def _read_century(tokens, text, start, end, published, context_year):
    ordinal = int(next(t for t in tokens if t.isdigit()))
    return (f"{ordinal - 1:02d}XX", "partial", None) if ordinal > 0 else None


def _read_month(tokens, text, start, end, published, context_year):
    if _mod_of(text[start:end]) is None:
        before = _WORD_BEFORE.search(text, max(0, start - 24), start)
        if not before or before.group(1).lower() not in MONTH_CUES:
            return None
    month = next(MONTHS[t] for t in tokens if t in MONTHS)
    return _resolve_yearless(month, None, published, context_year)


def _read_year(tokens, text, start, end, published, context_year):
    if not _year_ok(text, end - 4, end, bare=True):
        return None
    return tokens[-1], "partial", None


def _read_relative(tokens, text, start, end, published, context_year):
    if tokens[0] == "today" and _CAP_WORD_BEFORE.search(text, max(0, start - 40), start) \
            and text[start].isupper():
        return None  # a name such as "USA Today"
    tokens = [t for t in tokens if t not in MODS and t != "the" and t != "of"]
    if tokens[0] in RELATIVE_DAYS:
        return _shift(published, "day", RELATIVE_DAYS[tokens[0]])
    if tokens[-1] == "ago":
        count = int(tokens[-3]) if tokens[-3].isdigit() else NUMBER_WORDS[tokens[-3]]
        return _shift(published, tokens[-2].rstrip("s"), -count)
    shift, word = RELATIVE_SHIFTS[tokens[0]], tokens[1]
    if word in SEASONS:
        return _season_relative(published, SEASONS[word], shift)
    if word in MONTHS:
        return _month_relative(published, MONTHS[word], shift)
    return _shift(published, word, shift)


_READERS = {"iso": _read_iso, "numeric": _read_numeric, "mdy": _read_full, "dmy": _read_full,
            "month_year": _read_month_year, "season_year": _read_season_year,
            "decade": _read_decade, "century": _read_century, "md": _read_yearless,
            "dm": _read_yearless, "relative": _read_relative, "month": _read_month,
            "year": _read_year}
_MODDABLE = {"month_year", "season_year", "decade", "century", "relative", "month", "year"}


# ---- helpers -------------------------------------------------------------------------

def _month_days_year(tokens):
    """(month, [day numbers], year or None) from the tokens of a month-and-day form."""
    month = next(MONTHS[t] for t in tokens if t in MONTHS)
    numbers = [int(t) for t in tokens if t.isdigit()]
    year = numbers.pop() if numbers and numbers[-1] >= 1000 else None
    return month, numbers, year


def _full_date(year, month, day):
    try:
        dt.date(year, month, day)
    except ValueError:
        return None
    if not 1000 <= year <= 2099:
        return None
    return f"{year:04d}-{month:02d}-{day:02d}", "date", None


def _year_ok(text: str, start: int, end: int, bare: bool = False) -> bool:
    """Whether the four digits at text[start:end] read as a year rather than a figure.

    `bare` years (no month or season beside them) get the stricter checks.
    """
    before, after = text[max(0, start - 6):start], text[end:end + 6]
    if _FIGURE_AFTER.match(after) or _counted_noun_after(text, end, int(text[start:end])):
        return False
    if not bare:
        return True
    if _SPACED_DIGITS_AFTER.match(after) or _HYPHEN_AFTER.match(after) \
            and not _YEAR_RANGE_AFTER.match(after):
        return False
    if _FIGURE_BEFORE.search(before) or (_HYPHEN_BEFORE.search(before)
                                         and not _YEAR_BEFORE_HYPHEN.search(before)):
        return False
    word = _WORD_BEFORE.search(text, max(0, start - 24), start)
    if word and word.group(1).lower() in NUMBERING_WORDS:
        return False
    return not before.rstrip().endswith(("#", "№"))


def _counted_noun_after(text: str, end: int, number: int | None = None) -> bool:
    """'1500 troops', '2000 people', 'May 10 people': a count, not a date."""
    after = _WORD_AFTER.match(text, end, end + 40)
    if not after:
        return False
    word = after.group(1)
    if word.lower() in COUNTED_NOUNS:
        return True
    return number is not None and number < 1900 and word.islower() and word.endswith("s")


def _resolve_yearless(month, day, published, context_year):
    """Value for a month (and day) given without a year."""
    tail = f"{month:02d}" + (f"-{day:02d}" if day else "")
    if context_year is not None:
        return _checked(f"{context_year:04d}-{tail}", "context")
    if published is not None:
        year = published.year
        if dt.date(year, month, min(day or 1, 28)) > published + dt.timedelta(days=31):
            year -= 1
        return _checked(f"{year:04d}-{tail}", "published")
    return f"XXXX-{tail}", "yearless", None


def _checked(value, anchor):
    if len(value) == 10:
        try:
            dt.date.fromisoformat(value)
        except ValueError:
            return None
    return value, "yearless", anchor


def _shift(published, unit, count):
    """Value of the day/week/month/year/decade `count` units away from publication."""
    if published is None:
        blank = {"day": "XXXX-XX-XX", "week": "XXXX-WXX", "month": "XXXX-XX"}
        return blank.get(unit, "XXXX"), "relative", None
    if unit == "day":
        value = (published + dt.timedelta(days=count)).isoformat()
    elif unit == "week":
        year, week, _ = (published + dt.timedelta(weeks=count)).isocalendar()
        value = f"{year:04d}-W{week:02d}"
    elif unit == "month":
        year, month0 = divmod(published.year * 12 + published.month - 1 + count, 12)
        value = f"{year:04d}-{month0 + 1:02d}"
    else:
        value = f"{published.year + count * (10 if unit == 'decade' else 1):04d}"
    return value, "relative", "published"


def _season_relative(published, season, shift):
    """'last fall': the latest such season that ended before publication; 'next': the
    first that starts after it; 'this': the one of the publication's season year."""
    if published is None:
        return f"XXXX-{season}", "relative", None
    first, last = SEASON_SPAN[season]
    month = published.month + (12 if season == "WI" and published.month <= 2 else 0)
    year = published.year - (1 if month > 12 else 0)
    if shift < 0:
        year -= 0 if month > last else 1
    elif shift > 0:
        year += 0 if month < first else 1
    return f"{year:04d}-{season}", "relative", "published"


def _month_relative(published, month, shift):
    if published is None:
        return f"XXXX-{month:02d}", "relative", None
    year = published.year
    if shift < 0 and month >= published.month:
        year -= 1
    elif shift > 0 and month <= published.month:
        year += 1
    return f"{year:04d}-{month:02d}", "relative", "published"
