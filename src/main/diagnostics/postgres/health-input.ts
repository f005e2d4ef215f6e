/**
 * What the pure health rules read: each probe's typed records, or why the probe could not run
 * (too old a server, missing extension, no privilege, wrong role). Built by engines/postgres/check.ts
 * from a live session, or by tests from fixtures.
 */
import type { Finding } from '../../../shared/findings'
import type { CounterWindow } from '../counter-window'
import type { PgProbeId, PgRecords } from './records'

export type Probed<T> = { ok: true; value: T } | { ok: false; why: string }

export type PgProbeResults = { [P in PgProbeId]?: Probed<PgRecords[P]> }

/** A statement whose cost grew between two pg_stat_statements snapshots (stats-snapshots.ts). */
export interface StatementDelta {
  queryid: string
  query: string
  windowSeconds: number
  calls: number
  totalMs: number
  meanMs: number
  /** Mean over all calls before the window; null when the statement is new in the window. */
  previousMeanMs: number | null
}

export interface PgHealthInput {
  probes: PgProbeResults
  /** Deltas since an earlier snapshot of the same node; absent on a first (or one-shot CLI) check. */
  statementDeltas?: StatementDelta[]
  /** The window since the previous poll of the same server life; absent: counters only inform. */
  counters?: CounterWindow
}

import { notEvaluated } from '../finding'

export { notEvaluated }

/** The probe's records, or the finding that says why the rule cannot run. Rules never go silent. */
export const need = <P extends PgProbeId>(
  input: PgHealthInput,
  probe: P,
  rule: string
): { value: PgRecords[P] } | { finding: Finding } => {
  const result = input.probes[probe]
  if (!result) return { finding: notEvaluated(rule, `The ${probe} probe was not run.`) }
  if (!result.ok) return { finding: notEvaluated(rule, `${probe}: ${result.why}`) }
  return { value: result.value }
}

export type PgRule = (input: PgHealthInput) => Finding[]

export const MiB = 1024 * 1024
export const GiB = 1024 * MiB

export const fmtBytes = (n: number): string => {
  if (n >= GiB) return `${(n / GiB).toFixed(1)} GiB`
  if (n >= MiB) return `${(n / MiB).toFixed(1)} MiB`
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`
  return `${n} B`
}

export { fmtSeconds } from '../counter-window'

export const pct = (ratio: number): string => `${(ratio * 100).toFixed(1)}%`

export const qualified = (schema: string, name: string): string => `${schema}.${name}`

/** Keep findings readable: one line of the query, collapsed whitespace, bounded length. */
export const oneLine = (text: string | null, max = 200): string => {
  const flat = (text ?? '').replace(/\s+/g, ' ').trim()
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat
}

/**
 * At most `limit` findings of one rule, worst first as given; the rest are counted in one info finding
 * so that a server with 10,000 bloated tables still gives a readable report.
 */
export const capFindings = (rule: string, findings: Finding[], limit = 25): Finding[] => {
  if (findings.length <= limit) return findings
  const rest = findings.length - limit
  return [
    ...findings.slice(0, limit),
    {
      rule,
      severity: 'info',
      title: `${rest} more ${rule} findings not listed`,
      detail: `Only the first ${limit} of ${findings.length} are listed, worst first.`,
      target: null,
      evidence: { omitted: rest, total: findings.length }
    }
  ]
}
