/**
 * What the pure health rules read: each probe's typed records (a ProbeOutcome: the records, or why the
 * probe could not run: too old a server, missing extension, no privilege, wrong role), and the context
 * of this check. Built by engines/postgres/check.ts from a live session, or by tests from fixtures.
 */
import type { Finding, FindingSubject, SubjectKind } from '../../../shared/findings'
import { formatBytes, formatMs } from '../../../shared/format'
import type { CounterWindow } from '../counter-window'
import { defineRule, type ProbeOutcomes } from '../pipeline/engine-diagnostics'
import type { StatementDelta } from '../../../shared/records/postgres'
import type { PgRecords } from './records'

export type PgProbeResults = ProbeOutcomes<PgRecords>

/** What the rules know besides the records. */
export interface PgContext {
  /** Deltas since an earlier snapshot of the same node; absent on a first (or one-shot CLI) check. */
  statementDeltas?: StatementDelta[]
  /** The window since the previous poll of the same server life; absent: counters only inform. */
  counters?: CounterWindow
  /** host:port of the checked server, when known: findings' subjects say which node they are on. */
  node?: string
  /** The other connected nodes' index scans (the app knows them; the CLI checks one URL at a time). */
  peerIndexUsage?: PeerIndexUsage[]
}

export interface PgHealthInput extends PgContext {
  probes: PgProbeResults
}

/** Declares a PostgreSQL rule: `needs` are probe ids of records.ts, `evaluate` gets their records. */
export const pgRule = defineRule<PgRecords, PgContext>()

/** What a finding is about, on the node of this check when it is known. */
export const subjectOf = (kind: SubjectKind, name: string, context: PgContext): FindingSubject =>
  context.node === undefined ? { kind, name } : { kind, name, node: context.node }

/** A finding about the checked server itself: only with its address (the subject's name is it). */
export const nodeSubject = (context: PgContext): { subject?: FindingSubject } =>
  context.node === undefined ? {} : { subject: subjectOf('node', context.node, context) }

export const MiB = 1024 * 1024
export const GiB = 1024 * MiB

/** Sizes and durations read as on screen (shared/format.ts): "9.95 MiB", "12 min 50 s", "250 ms". */
export const fmtBytes = (n: number): string => formatBytes(n)
export const fmtMs = (ms: number): string => formatMs(ms)

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
      evidence: { omitted: rest, total: findings.length },
      units: { omitted: 'count', total: 'count' }
    }
  ]
}

/**
 * Index scan counts read on another connected node of the same cluster (same system identifier and
 * database: the primary and its replicas each count their own scans), or why they could not be read.
 * Keyed by `schema.index`.
 */
export type PeerIndexUsage =
  | { node: string; role: 'primary' | 'replica'; ok: true; scans: Record<string, number> }
  | { node: string; role: 'primary' | 'replica'; ok: false; why: string }
