/**
 * Can the action connection's role do it? Read from the catalogs before any typing, with the rules the
 * server applies when the statement runs (PostgreSQL 13-18):
 * - pg_cancel_backend / pg_terminate_backend (signalfuncs.c): only a superuser may signal a superuser's
 *   backend; otherwise the caller needs the privileges of the backend's role or of pg_signal_backend.
 *   An autovacuum worker has no role: before 18 it takes pg_signal_backend, from 18 on
 *   pg_signal_autovacuum_worker.
 * - DROP INDEX: the privileges of the index's owner (its table's owner) or of its schema's owner.
 * - CREATE INDEX: the table's owner, and CREATE on the schema (indexcmds.c re-checks it).
 * - REINDEX, VACUUM, ANALYZE: the owner before 17 (VACUUM and ANALYZE also the database's owner, for a
 *   table that is not shared), the MAINTAIN privilege from 17 on. VACUUM of a table it may not vacuum
 *   only warns and skips it, so without this check the action would "succeed" and do nothing.
 * Every statement names its relation schema-qualified, so the schema's USAGE privilege comes first.
 * pg_has_role(..., 'USAGE') is true for a superuser and for members that inherit the role.
 */
import type { ActionPermission } from '../../../../shared/actions'
import { AppFailure } from '../../../../shared/errors'
import { denied, permitted } from '../../action-kit'

/** The part of the action handle these probes use (create-index.ts passes its own). */
export interface PgReader {
  query<R extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>
  readOnly<T>(fn: () => Promise<T>): Promise<T>
}

export interface SignalRow extends Record<string, unknown> {
  me: string
  me_super: boolean
  signal_member: boolean
  autovacuum_member: boolean
  backend_type: string | null
  target_role: string | null
  target_super: boolean
  member_of_target: boolean
  version_num: number
}

const SIGNAL_SQL = `select current_user::text as me,
       coalesce((select rolsuper from pg_roles where rolname = current_user), false) as me_super,
       pg_has_role('pg_signal_backend'::name, 'USAGE') as signal_member,
       case when to_regrole('pg_signal_autovacuum_worker') is null then false
            else pg_has_role(to_regrole('pg_signal_autovacuum_worker')::oid, 'USAGE') end as autovacuum_member,
       a.backend_type, t.rolname::text as target_role, coalesce(t.rolsuper, false) as target_super,
       case when t.oid is null then false else pg_has_role(t.oid, 'USAGE') end as member_of_target,
       current_setting('server_version_num')::int as version_num
  from (select $1::int as pid) p
  left join pg_stat_activity a on a.pid = p.pid
  left join pg_roles t on t.oid = a.usesysid`

/** The server's decision for a signal from this role to that backend, said in advance. */
export const signalVerdict = (
  row: SignalRow,
  pid: number,
  verb: 'cancel' | 'terminate'
): ActionPermission => {
  const cannot = `Cannot ${verb} with this role (${row.me})`
  if (row.me_super) return permitted(`${row.me} is a superuser.`)
  if (row.backend_type === 'autovacuum worker' && row.version_num >= 180000) {
    return row.autovacuum_member
      ? permitted(`${row.me} has the privileges of pg_signal_autovacuum_worker.`)
      : denied(
          `${cannot}: backend ${pid} is an autovacuum worker, which only a superuser or a member of pg_signal_autovacuum_worker may signal.`,
          `Connect as a superuser or a member of pg_signal_autovacuum_worker (GRANT pg_signal_autovacuum_worker TO ${row.me}).`
        )
  }
  if (row.target_super) {
    return denied(
      `${cannot}: backend ${pid} belongs to the superuser ${row.target_role ?? '?'}, and only a superuser may ${verb} a superuser's backend (pg_signal_backend does not cover it).`,
      `Connect as a superuser to ${verb} it, or have the session's owner (${row.target_role ?? '?'}) end it.`
    )
  }
  if (row.member_of_target)
    return permitted(`${row.me} has the privileges of ${row.target_role ?? '?'}, the backend's role.`)
  if (row.signal_member) return permitted(`${row.me} has the privileges of pg_signal_backend.`)
  return denied(
    `${cannot}: backend ${pid} belongs to ${row.target_role ?? 'no role'}, and ${row.me} is neither that role, a member of it, nor a member of pg_signal_backend.`,
    `Connect as a superuser or a member of pg_signal_backend (GRANT pg_signal_backend TO ${row.me}), or as ${row.target_role ?? "the backend's role"}.`
  )
}

export const signalPermission = async (
  h: PgReader,
  pid: number,
  verb: 'cancel' | 'terminate'
): Promise<ActionPermission> => {
  const [row] = await h.readOnly(() => h.query<SignalRow>(SIGNAL_SQL, [pid]))
  if (!row) throw new AppFailure('SERVER_ERROR', 'The privilege probe returned no row.')
  return signalVerdict(row, pid, verb)
}

export interface RelationRow extends Record<string, unknown> {
  me: string
  me_super: boolean
  table: string
  owner: string
  owns: boolean
  schema_owner: string
  owns_schema: boolean
  owns_database: boolean
  database_owner: string
  schema: string
  schema_usage: boolean
  schema_create: boolean
  maintain: boolean | null
  version_num: number
}

/**
 * The table the action touches: the relation itself, or the table of an index. `maintain` is read only
 * from 17 on (has_table_privilege rejects MAINTAIN before; the CASE keeps it unevaluated).
 */
const RELATION_SQL = `select current_user::text as me,
       coalesce((select rolsuper from pg_roles where rolname = current_user), false) as me_super,
       tn.nspname || '.' || c.relname as table, pg_get_userbyid(c.relowner)::text as owner,
       pg_has_role(c.relowner, 'USAGE') as owns,
       pg_get_userbyid(n.nspowner)::text as schema_owner, pg_has_role(n.nspowner, 'USAGE') as owns_schema,
       not c.relisshared and pg_has_role(d.datdba, 'USAGE') as owns_database,
       pg_get_userbyid(d.datdba)::text as database_owner,
       n.nspname::text as schema, has_schema_privilege(n.oid, 'USAGE') as schema_usage,
       has_schema_privilege(c.relnamespace, 'CREATE') as schema_create,
       case when current_setting('server_version_num')::int >= 170000
            then has_table_privilege(c.oid, 'MAINTAIN') end as maintain,
       current_setting('server_version_num')::int as version_num
  from pg_class r join pg_namespace n on n.oid = r.relnamespace
  left join pg_index i on i.indexrelid = r.oid
  join pg_class c on c.oid = coalesce(i.indrelid, r.oid)
  join pg_namespace tn on tn.oid = c.relnamespace
  join pg_database d on d.datname = current_database()
 where n.nspname = $1 and r.relname = $2`

export type RelationVerb = 'dropIndex' | 'reindex' | 'createIndex' | 'vacuum' | 'analyze' | 'vacuumFull'

const STATEMENT: Record<RelationVerb, string> = {
  dropIndex: 'DROP INDEX',
  reindex: 'REINDEX',
  createIndex: 'CREATE INDEX',
  vacuum: 'VACUUM',
  analyze: 'ANALYZE',
  vacuumFull: 'VACUUM FULL'
}

const ownerBasis = (row: RelationRow): string =>
  row.me_super
    ? `${row.me} is a superuser.`
    : `${row.me} has the privileges of ${row.owner}, the owner of ${row.table}.`

/** The server's decision for this statement on this relation, said in advance. */
export const relationVerdict = (row: RelationRow, verb: RelationVerb, object: string): ActionPermission => {
  const what = STATEMENT[verb]
  if (!row.schema_usage)
    return denied(
      `${row.me} has no USAGE privilege on the schema ${row.schema}, so ${what} cannot even look ${object} up.`,
      `Have the schema's owner run GRANT USAGE ON SCHEMA ${row.schema} TO ${row.me}, or connect as ${row.owner}.`
    )
  const asOwner = `Connect as ${row.owner} (the owner), a member of it, or a superuser.`
  const notOwner = `You do not own ${object}: the owner is ${row.owner}, and ${row.me} is neither that role nor a member of it, so ${what} fails.`
  if (verb === 'dropIndex') {
    if (row.owns) return permitted(ownerBasis(row))
    if (row.owns_schema)
      return permitted(
        `${row.me} has the privileges of ${row.schema_owner}, the owner of the index's schema.`
      )
    return denied(
      `You do not own ${object}: the owner is ${row.owner}, and ${row.me} is neither that role, a member of it, nor the schema's owner, so DROP INDEX fails.`,
      asOwner
    )
  }
  if (verb === 'createIndex') {
    if (!row.owns)
      return denied(
        `You do not own ${row.table}: the owner is ${row.owner}, and only its owner may index it.`,
        asOwner
      )
    if (!row.schema_create)
      return denied(
        `${row.me} has no CREATE privilege on the schema of ${row.table}, which CREATE INDEX needs.`,
        `Have the schema's owner run GRANT CREATE ON SCHEMA ${row.table.slice(0, row.table.lastIndexOf('.'))} TO ${row.me}, or connect as ${row.owner}.`
      )
    return permitted(`${ownerBasis(row)} It may create in the table's schema.`)
  }
  if (row.version_num >= 170000) {
    return row.maintain
      ? permitted(`${row.me} has the MAINTAIN privilege on ${row.table}.`)
      : denied(
          `${row.me} has no MAINTAIN privilege on ${row.table} (owner ${row.owner}), which ${what} needs${verb === 'reindex' ? '' : '; VACUUM and ANALYZE would only warn and skip the table'}.`,
          `Connect as ${row.owner}, a member of pg_maintain or a superuser, or GRANT MAINTAIN ON ${row.table} TO ${row.me}.`
        )
  }
  if (verb === 'reindex') return row.owns ? permitted(ownerBasis(row)) : denied(notOwner, asOwner)
  if (row.owns) return permitted(ownerBasis(row))
  if (row.owns_database)
    return permitted(`${row.me} has the privileges of ${row.database_owner}, the owner of the database.`)
  return denied(
    `${row.me} owns neither ${row.table} (owner ${row.owner}) nor the database (owner ${row.database_owner}): ${what} would only warn and skip the table, doing nothing.`,
    `Connect as ${row.owner}, the database owner ${row.database_owner}, or a superuser.`
  )
}

export const relationPermission = async (
  h: PgReader,
  schema: string,
  name: string,
  verb: RelationVerb
): Promise<ActionPermission> => {
  const [row] = await h.readOnly(() => h.query<RelationRow>(RELATION_SQL, [schema, name]))
  if (!row) throw new AppFailure('NOT_FOUND', `No relation ${schema}.${name} in this database.`)
  return relationVerdict(row, verb, verb === 'dropIndex' ? `the index ${schema}.${name}` : row.table)
}
