"""Character sets and collations as the server reports them, from the names users write.

`utf8` is an alias: MySQL 8.0 and MariaDB report `utf8mb3`. Specs keep the name the user gave
(upstream prints it back), comparisons use the reported one.
"""

from __future__ import annotations

_ALIASES = {"utf8": "utf8mb3"}

MAXLEN = {
    "big5": 2,
    "cp932": 2,
    "eucjpms": 3,
    "euckr": 2,
    "gb18030": 4,
    "gb2312": 2,
    "gbk": 2,
    "sjis": 2,
    "ucs2": 2,
    "ujis": 3,
    "utf16": 4,
    "utf16le": 4,
    "utf32": 4,
    "utf8mb3": 3,
    "utf8mb4": 4,
}
"""Bytes per character of the multi-byte character sets; every other one takes one byte."""


def charset(name: str) -> str:
    """The reported name of a character set."""
    lowered = name.strip().lower()
    return _ALIASES.get(lowered, lowered)


def collation(name: str) -> str:
    """The reported name of a collation (`utf8_bin` is `utf8mb3_bin`)."""
    lowered = name.strip().lower()
    head, sep, tail = lowered.partition("_")
    return _ALIASES.get(head, head) + sep + tail


def charset_of(collation_name: str) -> str:
    """The character set of a collation: every collation name starts with it."""
    return collation(collation_name).partition("_")[0]


def max_bytes(charset_name: str) -> int:
    return MAXLEN.get(charset(charset_name), 1)
