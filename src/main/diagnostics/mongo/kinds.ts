/**
 * The mongo kinds of pasted output (spec/analysis-report.md, MongoDB): detect cheaply, then read the
 * text as the output of the probe that runs the same command (diagnostics.ts), with its parser and the
 * rules its records feed.
 */
import type { Finding } from '../../../shared/findings'
import type { AnalysisKind } from '../kind'
import { parsed, type ParseResult } from '../parse-result'
import {
  currentOpProbe,
  explainFindings,
  indexStatsProbe,
  judgePasted,
  profileProbe,
  replSetStatusProbe,
  serverStatusProbe,
  type MongoProbe
} from './diagnostics'
import { mongoLogKind } from '../mongolog/mongo-log-kind'
import { explainTree } from './explain-tree'
import { explainSummary, parseExplain } from './parse-explain'
import { parseMongoText } from './parse-input'
import { PASTED, type MongoProbeId, type MongoRecords } from './records'
import {
  currentOpSummary,
  indexStatsSummary,
  profileSummary,
  replSetSummary,
  serverStatusSummary
} from './summaries'

type Analysis = ParseResult<{ summary: Record<string, unknown>; findings: Finding[] }>

const head = (text: string) => text.slice(0, 16_384)
/** A key as JSON, EJSON or shell text writes it: "key": / 'key': / key: */
const key = (name: string) => new RegExp(`(?:^|[\\s{,])["']?${name.replace(/[$.]/g, '\\$&')}["']?\\s*:`)
const has = (text: string, ...names: string[]) => names.every((n) => key(n).test(text))

/** Pasted text as the probe's output: the same parser, the rules whose needs it meets, the probe's summary. */
const asProbeOutput =
  <K extends MongoProbeId, Raw>(
    probe: MongoProbe<K, Raw>,
    summary: (records: MongoRecords[K]) => Record<string, unknown>
  ) =>
  (text: string): Analysis => {
    const v = parseMongoText(text)
    if (!v.ok) return v
    const r = probe.parse(probe.pasted(v.value), PASTED)
    return r.ok ? parsed({ summary: summary(r.value), findings: judgePasted(probe.id, r.value) }) : r
  }

export const explainKind: AnalysisKind = {
  kind: 'mongo.explain',
  engine: 'mongo',
  detect: (text) => {
    const h = head(text)
    return has(h, 'queryPlanner') || has(h, 'winningPlan') || has(h, '$cursor') || has(h, 'splitPipeline')
      ? 2
      : 0
  },
  analyze: (text) => {
    const v = parseMongoText(text)
    const e = v.ok ? parseExplain(v.value) : v
    if (!e.ok) return e
    const explain = e.value
    return parsed({
      summary: explainSummary(explain),
      findings: explainFindings(explain),
      view: () => ({ kind: 'mongo.explain', tree: explainTree(explain) })
    })
  }
}

export const profileKind: AnalysisKind = {
  kind: 'mongo.profile',
  engine: 'mongo',
  detect: (text) => {
    const h = head(text)
    return has(h, 'millis', 'ns', 'op') && (has(h, 'ts') || has(h, 'planSummary') || has(h, 'nreturned'))
      ? 2
      : 0
  },
  analyze: asProbeOutput(profileProbe, profileSummary)
}

export const currentOpKind: AnalysisKind = {
  kind: 'mongo.currentop',
  engine: 'mongo',
  detect: (text) => {
    const h = head(text)
    if (has(h, 'inprog')) return 2
    return has(h, 'opid') && (has(h, 'secs_running') || has(h, 'microsecs_running') || has(h, 'active'))
      ? 2
      : 0
  },
  analyze: asProbeOutput(currentOpProbe, currentOpSummary)
}

export const replSetStatusKind: AnalysisKind = {
  kind: 'mongo.replset-status',
  engine: 'mongo',
  detect: (text) => {
    const h = head(text)
    if (has(h, 'members') && (has(h, 'stateStr') || has(h, 'optimeDate') || has(h, 'myState'))) return 2
    return /NoReplicationEnabled|NotYetInitialized|not running with --replSet/.test(h) ? 2 : 0
  },
  analyze: asProbeOutput(replSetStatusProbe, replSetSummary)
}

export const serverStatusKind: AnalysisKind = {
  kind: 'mongo.server-status',
  engine: 'mongo',
  detect: (text) => {
    const h = head(text)
    if (has(h, 'uptime') && (has(h, 'connections') || has(h, 'asserts') || has(h, 'wiredTiger'))) return 2
    return has(h, 'uptimeMillis') || has(h, 'wiredTiger') ? 1 : 0
  },
  analyze: asProbeOutput(serverStatusProbe, serverStatusSummary)
}

/** Not in the spec's table (more kinds are welcome): `$indexStats` output. */
export const indexStatsKind: AnalysisKind = {
  kind: 'mongo.index-stats',
  engine: 'mongo',
  detect: (text) => (has(head(text), 'accesses', 'since') ? 2 : 0),
  analyze: asProbeOutput(indexStatsProbe, (r) => indexStatsSummary(r.indexes))
}

export const mongoKinds: AnalysisKind[] = [
  explainKind,
  profileKind,
  currentOpKind,
  replSetStatusKind,
  serverStatusKind,
  indexStatsKind,
  mongoLogKind
]
