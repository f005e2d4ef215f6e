/**
 * The shape of a PostgreSQL health probe: declared as `{ id, minVersion, role?, sql(version) }` and run
 * through the pipeline's ProbeSpec (skip, run, parse), so the sweep, the fixture recorder and the bench
 * all read a probe the same way. parse is records.ts's parseProbe, shared with the fixture tests.
 */
import { AppFailure } from '../../../shared/errors'
import type { ProbeOutcome, ProbeSpec } from '../../diagnostics/pipeline/engine-diagnostics'
import { markedOwn } from '../../diagnostics/postgres/own-statements'
import { parseProbe, type PgRecords } from '../../diagnostics/postgres/records'
import { type PgProbeId } from '../../../shared/records/postgres'
import type { PgSession } from '../types'

/** What is known of the server before a probe runs: its version picks the SQL, its role whether it applies. */
export interface PgServerFacts {
  version: number
  inRecovery: boolean
}

/** pg_settings is read before the version is known; its SQL is the same on every supported version. */
export const OLDEST_SERVER: PgServerFacts = { version: 90600, inRecovery: false }

export interface PgProbeDeclaration<P extends PgProbeId> {
  id: P
  /** Lowest server_version_num the probe supports. */
  minVersion: number
  /** Only meaningful on this role (a replica has no slots of its own to retain WAL for a primary's sake...). */
  role?: 'primary' | 'replica'
  sql: (version: number) => string
  params?: unknown[]
}

export type PgRows = Record<string, unknown>[]

export type PgProbeSpec<P extends PgProbeId = PgProbeId> = PgProbeDeclaration<P> &
  ProbeSpec<PgSession, PgServerFacts, PgRows, PgRecords[P]> & {
    skip(server: PgServerFacts): string | null
  }

/** Why a probe does not apply to this server, or null when it does. */
const skipReason = (probe: PgProbeDeclaration<PgProbeId>, server: PgServerFacts): string | null => {
  if (server.version < probe.minVersion) {
    return `needs PostgreSQL ${Math.floor(probe.minVersion / 10000)} or later (server is ${Math.floor(server.version / 10000)}).`
  }
  if (probe.role === 'replica' && !server.inRecovery) return 'only meaningful on a replica.'
  if (probe.role === 'primary' && server.inRecovery) return 'only meaningful on a primary.'
  return null
}

export const pgProbe = <P extends PgProbeId>(declared: PgProbeDeclaration<P>): PgProbeSpec<P> => ({
  ...declared,
  skip: (server) => skipReason(declared, server),
  run: (session, server) =>
    session.query(markedOwn(declared.sql(server.version), `health ${declared.id}`), declared.params),
  parse: (rows) => parseProbe(declared.id, rows)
})

/**
 * Run and parse one probe, timing the query. A server error becomes the outcome's reason (never a throw),
 * so the sweep goes on; a server that went away mid-sweep is the check's failure, not a probe's: the
 * report would read "connected" with a list of "could not evaluate" findings (issue 15 item 8).
 */
export const runPgProbe = async <P extends PgProbeId>(
  session: PgSession,
  probe: PgProbeSpec<P>,
  server: PgServerFacts
): Promise<{ outcome: ProbeOutcome<PgRecords[P]>; ms: number }> => {
  const started = performance.now()
  let rows: PgRows
  try {
    rows = await probe.run(session, server)
  } catch (err) {
    if (err instanceof AppFailure && err.code === 'UNREACHABLE') throw err
    const why = err instanceof Error ? err.message : String(err)
    return { outcome: { ok: false, why }, ms: performance.now() - started }
  }
  const ms = performance.now() - started
  const parsed = probe.parse(rows, server)
  return { outcome: parsed.ok ? { ok: true, value: parsed.value } : { ok: false, why: parsed.message }, ms }
}
