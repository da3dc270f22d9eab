"""The catalog queries: one per object kind for the whole database, whatever its size.

Each joins the list of user tables with a pragma table-valued function, so that the number of
queries stays fixed (SQLite answers them from the schema in memory, without a round trip per
table). Rows come ordered so that building the model needs no sorting. Each takes one parameter:
NULL for every table, or a JSON array of the table names a plan needs; the tables their foreign
keys reference come with them (a key's columns default to the referenced primary key), so that
a one-table plan against a file of thousands of tables parses two, not thousands.
"""

from __future__ import annotations

_USER_TABLES = """
from pragma_table_list as l
join sqlite_master as m on m.name = l.name and m.type = 'table'
"""
_ONLY_USER_TABLES = """
where l.schema = 'main' and l.type = 'table' and l.name not like 'sqlite\\_%' escape '\\'
and (?1 is null or lower(l.name) in (
  select lower(w.value) from json_each(?1) as w
  union select lower(f."table") from json_each(?1) as w join pragma_foreign_key_list(w.value, 'main') as f
))
"""

TABLES = "select l.name, l.strict, m.sql" + _USER_TABLES + _ONLY_USER_TABLES + "order by l.name"
"""name, strict (0/1), CREATE TABLE text."""

COLUMNS = (
    'select l.name, c.name, c.type, c."notnull", c.dflt_value, c.pk'
    + _USER_TABLES
    + "join pragma_table_info(l.name, 'main') as c"
    + _ONLY_USER_TABLES
    + "order by l.name, c.cid"
)
"""table, column, declared type, not null (0/1), default as written, position in the key (0: none)."""

INDEXES = (
    'select l.name, i.name, i."unique", i.origin, i.partial, s.sql, k.name'
    + _USER_TABLES
    + "join pragma_index_list(l.name, 'main') as i"
    + " join pragma_index_info(i.name, 'main') as k"
    + " left join sqlite_master as s on s.type = 'index' and s.name = i.name"
    + _ONLY_USER_TABLES
    + "order by l.name, i.name, k.seqno"
)
"""table, index, unique, origin (c: CREATE INDEX, u: UNIQUE, pk), partial, CREATE INDEX text
(NULL for SQLite's own), column (NULL: an expression)."""

FOREIGN_KEYS = (
    'select l.name, f.id, f."table", f."from", f."to", f.on_delete'
    + _USER_TABLES
    + "join pragma_foreign_key_list(l.name, 'main') as f"
    + _ONLY_USER_TABLES
    + "order by l.name, f.id desc, f.seq"
)
"""table, key id (SQLite numbers keys from the last declared), referenced table, column,
referenced column (NULL: the referenced primary key), on delete."""

SEEDED_ROWS = (
    "select json_extract(j.value, '$[0]') from json_each(?) as j"
    " where exists (select 1 from {table} where {matches})"
)
"""Which seed rows of one column set a table holds: the parameter is a JSON array of rows, each
[position, value, ...]; `{matches}` is `column is json_extract(j.value, '$[n]')` for each
column, joined by `and` (`is` compares with the column's affinity, as the upsert stores). One
such select per column set, joined by `union all`, makes one query per table."""

SEED_MATCH = "{column} is json_extract(j.value, '$[{n}]')"
