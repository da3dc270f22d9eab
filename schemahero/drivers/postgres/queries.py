"""Catalog queries: one per kind of object, for the whole database (or the tables asked for).

Each query takes the same parameters: `everything` (read every user object) or the wanted
objects as parallel arrays `schemas`/`names`, where an empty schema stands for the
connection's current schema. No query is ever run per table.
"""

from __future__ import annotations

from collections.abc import Mapping

from psycopg import sql

from schemahero.schema.model import SeedRow

USER_SCHEMA = """
    n.nspname not in ('pg_catalog', 'information_schema')
    and n.nspname not like 'pg\\_%%'
    and n.nspname not like '\\_timescaledb\\_%%'
    and n.nspname not like 'timescaledb\\_%%'
"""
"""Schemas that hold users' objects (not the system's, nor TimescaleDB's internals)."""

NOT_FROM_EXTENSION = """
    not exists (
        select 1 from pg_depend e
        where e.classid = {catalog}::regclass and e.objid = {oid} and e.deptype = 'e'
    )
"""
"""Objects an extension created belong to the extension, not to the specs."""

WANTED = """
    (%(everything)s or (n.nspname, {name}) in (
        select coalesce(nullif(w.s, ''), current_schema()), w.t
        from unnest(%(schemas)s::text[], %(names)s::text[]) as w(s, t)
    ))
"""

TABLES_CTE = f"""
with wanted as (
    select c.oid, n.nspname, c.relname
    from pg_class c
    join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p')
      and {USER_SCHEMA}
      and {NOT_FROM_EXTENSION.format(catalog="'pg_class'", oid="c.oid")}
      and {WANTED.format(name="c.relname")}
)
"""

SETTINGS = "select current_schema(), current_setting('server_version'), set_config('work_mem', '64MB', false)"
"""The current schema; and room to sort a large catalog in memory (for this session only)."""

TABLES = TABLES_CTE + "select oid, nspname, relname from wanted"

COLUMNS = (
    TABLES_CTE
    + """
select a.attrelid, a.attname, a.attnum, format_type(a.atttypid, a.atttypmod), a.attnotnull,
       x.expression, a.attidentity <> '',
       case when x.expression like 'nextval(%%' then (
           select quote_ident(sn.nspname) || '.' || quote_ident(seq.relname)
           from pg_depend s
           join pg_class seq on seq.oid = s.objid and seq.relkind = 'S'
           join pg_namespace sn on sn.oid = seq.relnamespace
           where s.refclassid = 'pg_class'::regclass and s.refobjid = a.attrelid
             and s.refobjsubid = a.attnum and s.classid = 'pg_class'::regclass and s.deptype = 'a'
           limit 1
       ) end
from wanted w
join pg_attribute a on a.attrelid = w.oid and a.attnum > 0 and not a.attisdropped
left join pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
left join lateral (
    select pg_get_expr(d.adbin, 0) as expression where d.adbin is not null and a.attgenerated = ''
) x on true
order by a.attrelid, a.attnum
"""
)
"""Every column of every wanted table. A default is deparsed without opening its relation (it
has no column references; a generated column's expression, which has, is left out). The last
column names the sequence a serial column owns and draws its default from."""

CONSTRAINTS = (
    TABLES_CTE
    + """
select con.conrelid, con.conname, con.contype, con.conkey::int2[],
       rn.nspname, rc.relname,
       array(
           select a.attname
           from unnest(con.confkey) with ordinality k(attnum, i)
           join pg_attribute a on a.attrelid = con.confrelid and a.attnum = k.attnum
           order by k.i
       ),
       con.confdeltype
from pg_constraint con
join wanted w on w.oid = con.conrelid
left join pg_class rc on rc.oid = con.confrelid
left join pg_namespace rn on rn.oid = rc.relnamespace
where con.contype in ('p', 'f')
order by con.conrelid, con.contype, con.conname
"""
)
"""Primary and foreign keys; columns come back as attribute numbers of the table."""

INDEXES = (
    TABLES_CTE
    + """
select i.indrelid, ic.relname, i.indisunique, am.amname, ic.reloptions,
       pg_get_expr(i.indpred, i.indrelid),
       string_to_array(i.indkey::text, ' ')::int2[], i.indnkeyatts,
       case when i.indexprs is not null then array(
           select pg_get_indexdef(i.indexrelid, k, true) from generate_series(1, i.indnkeyatts) k
       ) end,
       con.contype is not null
from pg_index i
join wanted w on w.oid = i.indrelid
join pg_class ic on ic.oid = i.indexrelid
join pg_am am on am.oid = ic.relam
left join pg_constraint con
  on con.conindid = i.indexrelid and con.conrelid = i.indrelid and con.contype in ('p', 'u', 'x')
where not i.indisprimary and (con.contype is null or con.contype = 'u')
order by i.indrelid, ic.relname
"""
)
"""Indexes and unique constraints (the index that backs one); not primary keys, not exclusions."""

TRIGGERS = (
    TABLES_CTE
    + """
select t.tgrelid, t.tgname, t.tgtype, t.tgconstraint <> 0, p.proname, pn.nspname,
       t.tgargs, string_to_array(nullif(t.tgattr::text, ''), ' ')::int2[],
       pg_get_triggerdef(t.oid)
from pg_trigger t
join wanted w on w.oid = t.tgrelid
join pg_proc p on p.oid = t.tgfoid
join pg_namespace pn on pn.oid = p.pronamespace
where not t.tgisinternal
order by t.tgrelid, t.tgname
"""
)

VIEWS = f"""
select n.nspname, c.relname, c.relkind, pg_get_viewdef(c.oid, true), obj_description(c.oid, 'pg_class')
from pg_class c
join pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('v', 'm')
  and {USER_SCHEMA}
  and {NOT_FROM_EXTENSION.format(catalog="'pg_class'", oid="c.oid")}
  and {WANTED.format(name="c.relname")}
order by n.nspname, c.relname
"""

FUNCTIONS = f"""
select n.nspname, p.proname, p.prosrc, pg_get_function_result(p.oid), l.lanname,
       coalesce(p.proargnames, '{{}}'), coalesce(p.proargmodes::text[], '{{}}'),
       array(
           select format_type(t.oid, null)
           from unnest(coalesce(p.proallargtypes, p.proargtypes::oid[])) with ordinality t(oid, i)
           order by t.i
       )
from pg_proc p
join pg_namespace n on n.oid = p.pronamespace
join pg_language l on l.oid = p.prolang
where p.prokind = 'f'
  and {USER_SCHEMA}
  and {NOT_FROM_EXTENSION.format(catalog="'pg_proc'", oid="p.oid")}
  and {WANTED.format(name="p.proname")}
order by n.nspname, p.proname, p.oid
"""
"""Functions (not procedures, aggregates or window functions); the first of overloads wins."""

EXTENSIONS = """
select e.extname, e.extversion, n.nspname
from pg_extension e
join pg_namespace n on n.oid = e.extnamespace
order by e.extname
"""

ENUMS = f"""
select n.nspname, t.typname,
       array(select e.enumlabel from pg_enum e where e.enumtypid = t.oid order by e.enumsortorder)
from pg_type t
join pg_namespace n on n.oid = t.typnamespace
where t.typtype = 'e'
  and {USER_SCHEMA}
  and {NOT_FROM_EXTENSION.format(catalog="'pg_type'", oid="t.oid")}
  and {WANTED.format(name="t.typname")}
order by n.nspname, t.typname
"""

LOCK = "select pg_try_advisory_lock(%(key)s)"
UNLOCK = "select pg_advisory_unlock(%(key)s)"


def present_rows(
    table: str, schema: str, rows: list[tuple[int, SeedRow]], types: Mapping[str, str]
) -> tuple[sql.Composed, list[object]]:
    """Which seed rows (by position) a table holds: one `select i where exists (...)` per row,
    each value sent as text and cast to its column's type, joined by `union all`."""
    target = (
        sql.SQL(".").join([sql.Identifier(schema), sql.Identifier(table)])
        if schema
        else sql.Identifier(table)
    )
    params: list[object] = []
    checks = []
    for i, row in rows:
        params.append(i)
        conditions = []
        for name, value in row:
            params.append(None if value is None else str(value))
            conditions.append(
                sql.SQL("t.{} is not distinct from cast(%s::text as {})").format(
                    sql.Identifier(name),
                    sql.SQL(types[name]),  # the type as the catalog printed it
                )
            )
        checks.append(
            sql.SQL("select %s::int where exists (select 1 from {} t where {})").format(
                target, sql.SQL(" and ").join(conditions)
            )
        )
    return sql.SQL(" union all ").join(checks), params
