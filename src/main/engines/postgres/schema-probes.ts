/**
 * Probes of the schema's own hazards (catalogue reads only, no relation is scanned): sequences running
 * out of their column's type, constraints left NOT VALID, foreign keys without an index on the referencing
 * side, tables without a primary key. Each emits the columns of its spec in diagnostics/postgres/records.ts.
 */
import { pgProbe } from './pg-probe'

const V10 = 100000
const V11 = 110000

const USER_SCHEMA = (alias: string): string =>
  `${alias}.nspname not in ('pg_catalog', 'information_schema') and ${alias}.nspname not like 'pg\\_toast%'`

// Sequences owned by a column (serial: deptype 'a', identity: 'i'). pg_sequences.last_value is null both
// for a sequence never used and for one the role may not read, so readability is asked separately.
export const sequencesProbe = pgProbe({
  id: 'sequences',
  minVersion: V10,
  sql: () => `
select s.schemaname::text, s.sequencename::text, tn.nspname::text as table_schema, t.relname::text as table_name,
       a.attname::text as column_name, format_type(a.atttypid, a.atttypmod) as column_type,
       d.deptype = 'i' as is_identity,
       has_sequence_privilege(sc.oid, 'SELECT,USAGE') as readable,
       s.last_value::float8 as last_value, s.increment_by::float8 as increment_by,
       s.min_value::float8 as sequence_min, s.max_value::float8 as sequence_max, s.cycle,
       case a.atttypid when 'int2'::regtype then 32767 when 'int4'::regtype then 2147483647
            else 9223372036854775807 end::float8 as type_max
  from pg_sequences s
  join pg_namespace sn on sn.nspname = s.schemaname
  join pg_class sc on sc.relnamespace = sn.oid and sc.relname = s.sequencename
  join pg_depend d on d.classid = 'pg_class'::regclass and d.objid = sc.oid
                  and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')
  join pg_class t on t.oid = d.refobjid
  join pg_namespace tn on tn.oid = t.relnamespace
  join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
 where a.atttypid in ('int2'::regtype, 'int4'::regtype) or s.max_value <= 2147483647`
})

export const notValidConstraintsProbe = pgProbe({
  id: 'not_valid_constraints',
  minVersion: 90600,
  sql: () => `
select n.nspname::text as schemaname, c.relname::text, con.conname::text, con.contype::text,
       pg_get_constraintdef(con.oid) as definition
  from pg_constraint con
  join pg_class c on c.oid = con.conrelid
  join pg_namespace n on n.oid = c.relnamespace
 where not con.convalidated and con.contype in ('f', 'c') and ${USER_SCHEMA('n')}`
})

// An index serves a foreign key when the key's columns are its leading columns, in any order. Partition
// clones of a partitioned table's key (conparentid, PG 11) are left out: the parent's key stands for them.
export const unindexedForeignKeysProbe = pgProbe({
  id: 'unindexed_foreign_keys',
  minVersion: V11,
  sql: () => `
select n.nspname::text as schemaname, c.relname::text, con.conname::text,
       rn.nspname::text as ref_schema, r.relname::text as ref_table,
       array(select a.attname::text from unnest(con.conkey) with ordinality k(attnum, ord)
               join pg_attribute a on a.attrelid = con.conrelid and a.attnum = k.attnum order by k.ord) as columns,
       c.reltuples::float8 as reltuples
  from pg_constraint con
  join pg_class c on c.oid = con.conrelid
  join pg_namespace n on n.oid = c.relnamespace
  join pg_class r on r.oid = con.confrelid
  join pg_namespace rn on rn.oid = r.relnamespace
 where con.contype = 'f' and con.conparentid = 0 and ${USER_SCHEMA('n')}
   and not exists (
     select 1 from pg_index i
      where i.indrelid = con.conrelid and i.indisvalid and i.indpred is null
        and (select array_agg(x order by x) from unnest((i.indkey::int2[])[0:cardinality(con.conkey) - 1]) x)
          = (select array_agg(x order by x) from unnest(con.conkey) x))`
})

// relreplident: d = default (the primary key), n = nothing, f = full row, i = a chosen unique index.
export const tablesWithoutPrimaryKeyProbe = pgProbe({
  id: 'tables_without_primary_key',
  minVersion: V10,
  sql: () => `
select n.nspname::text as schemaname, c.relname::text, c.relreplident::text as replica_identity,
       c.reltuples::float8 as reltuples,
       exists (select 1 from pg_index i where i.indrelid = c.oid and i.indisunique and i.indisvalid
                 and i.indpred is null and i.indexprs is null) as has_unique_index,
       array(select pt.pubname::text from pg_publication_tables pt join pg_publication p on p.pubname = pt.pubname
              where pt.schemaname = n.nspname and pt.tablename = c.relname and (p.pubupdate or p.pubdelete)
              order by 1) as publications
  from pg_class c
  join pg_namespace n on n.oid = c.relnamespace
 where c.relkind in ('r', 'p') and not c.relispartition and ${USER_SCHEMA('n')}
   and not exists (select 1 from pg_constraint con where con.conrelid = c.oid and con.contype = 'p')`
})
