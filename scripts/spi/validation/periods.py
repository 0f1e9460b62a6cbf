"""Periods as typed values: one parser for every period an input file may give, so periods are compared by
time, never as text (as text, 'Q4 2023' sorts after 'Q1 2024').

Accepted forms (anything else is refused, rule period-format):

    2024                      calendar year            starts January 2024
    2023/24, 2023-24          financial year           starts April 2023 (the second year must follow the first)
    2021-2023, 2021/2023,
    2021 to 2023              span of whole years      starts January 2021 (the end after the start)
    Q1 2024, 2024 Q1, 2024-Q1 calendar quarter         Q1 starts January, Q2 April, Q3 July, Q4 October

Months are not accepted: '2011-12' would be both December 2011 and financial year 2011/12.
The same rules are written in SQL in macros/parse_period.sql (the staging model of the indicator files).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

FORMS = "YYYY, YYYY/YY, YYYY-YY, YYYY-YYYY, 'Qn YYYY' or 'YYYY Qn'"
_YEAR = re.compile(r"^(\d{4})$")
_TWO_YEARS = re.compile(r"^(\d{4})(?:[-/]| to )(\d{2}|\d{4})$")
_QUARTER = re.compile(r"^(?:[Qq]([1-4]) (\d{4})|(\d{4})[ -][Qq]([1-4]))$")


@dataclass(frozen=True, order=True)
class Period:
    """A period by the month it starts; ordering compares start year, then start month."""

    start_year: int
    start_month: int
    kind: str
    text: str

    @property
    def sort_key(self) -> int:
        return self.start_year * 100 + self.start_month


@lru_cache(maxsize=4096)
def parse_period(text: str) -> Period | None:
    """The period `text` stands for, or None if it is none of the accepted forms."""
    text = text.strip()
    year = _YEAR.match(text)
    if year:
        return Period(int(year.group(1)), 1, "year", text)
    quarter = _QUARTER.match(text)
    if quarter:
        number, year_text = (quarter.group(1), quarter.group(2)) if quarter.group(1) else (quarter.group(4),
                                                                                           quarter.group(3))
        return Period(int(year_text), 3 * (int(number) - 1) + 1, "quarter", text)
    two = _TWO_YEARS.match(text)
    if two:
        start, end = int(two.group(1)), two.group(2)
        if len(end) == 2:
            if int(end) != (start + 1) % 100:
                return None
            return Period(start, 4, "financial_year", text)
        if int(end) <= start:
            return None
        return Period(start, 1, "years", text)
    return None


def period_problem(text: str) -> str | None:
    """Why `text` is not a period, or None."""
    if parse_period(text) is None:
        return f"period '{text}' does not parse ({FORMS})"
    return None
