/** The mongo kinds of pasted output (spec/analysis-report.md, MongoDB): detect cheaply, then parse and run the rules. */
import type { Finding } from '../../../shared/findings'
import type { AnalysisKind } from '../kind'
import { parsed, type ParseResult } from '../parse-result'
import type { MongoValue } from './mongo-value'
import { explainTree } from './explain-tree'
import { explainSummary, parseExplain, type ParsedExplain } from './parse-explain'
import { parseMongoText } from './parse-input'
import {
  parseCurrentOp,
  parseIndexStats,
  parseProfile,
  parseReplSetStatus,
  parseServerStatus
} from './parse-records'
import { collscanRule } from './rule-collscan'
import { currentOpRules, currentOpSummary } from './rule-currentop'
import { examinedRatioRule } from './rule-examined-ratio'
import {
  blockingSortRule,
  execTimeRule,
  fetchFilterRule,
  lookupIndexRule,
  scatterGatherRule
} from './rule-plan-shape'
import { profileRules, profileSummary } from './rule-profile'
import { replicationRules, replSetSummary } from './rule-replication'
import { serverStatusRules, serverStatusSummary } from './rule-server-status'
import { unusedIndexRule } from './rule-unused-index'

type Analysis = ParseResult<{ summary: Record<string, unknown>; findings: Finding[] }>

const head = (text: string) => text.slice(0, 16_384)
/** A key as JSON, EJSON or shell text writes it: "key": / 'key': / key: */
const key = (name: string) => new RegExp(`(?:^|[\\s{,])["']?${name.replace(/[$.]/g, '\\$&')}["']?\\s*:`)
const has = (text: string, ...names: string[]) => names.every((n) => key(n).test(text))

const withValue = (text: string, run: (v: MongoValue) => Analysis): Analysis => {
  const v = parseMongoText(text)
  return v.ok ? run(v.value) : v
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
  analyze: (text) =>
    withValue(text, (v) => {
      const e = parseExplain(v)
      if (!e.ok) return e
      const explain = e.value
      return parsed({
        summary: explainSummary(explain),
        findings: explainFindings(explain),
        view: () => ({ kind: 'mongo.explain', tree: explainTree(explain) })
      })
    })
}

/** Every explain rule, in report order. */
export const explainFindings = (x: ParsedExplain): Finding[] => [
  ...collscanRule(x),
  // count returns no documents by design: examined/returned says nothing there.
  ...(x.command === 'count'
    ? []
    : examinedRatioRule({
        target: x.namespace,
        docsExamined: x.totalDocsExamined,
        keysExamined: x.totalKeysExamined,
        nReturned: x.nReturned
      })),
  ...blockingSortRule(x),
  ...fetchFilterRule(x),
  ...scatterGatherRule(x),
  ...lookupIndexRule(x),
  ...execTimeRule(x)
]

export const profileKind: AnalysisKind = {
  kind: 'mongo.profile',
  engine: 'mongo',
  detect: (text) => {
    const h = head(text)
    return has(h, 'millis', 'ns', 'op') && (has(h, 'ts') || has(h, 'planSummary') || has(h, 'nreturned'))
      ? 2
      : 0
  },
  analyze: (text) =>
    withValue(text, (v) => {
      const p = parseProfile(v)
      return p.ok ? parsed({ summary: profileSummary(p.value), findings: profileRules(p.value) }) : p
    })
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
  analyze: (text) =>
    withValue(text, (v) => {
      const p = parseCurrentOp(v)
      return p.ok ? parsed({ summary: currentOpSummary(p.value), findings: currentOpRules(p.value) }) : p
    })
}

export const replSetStatusKind: AnalysisKind = {
  kind: 'mongo.replset-status',
  engine: 'mongo',
  detect: (text) => {
    const h = head(text)
    if (has(h, 'members') && (has(h, 'stateStr') || has(h, 'optimeDate') || has(h, 'myState'))) return 2
    return /NoReplicationEnabled|NotYetInitialized|not running with --replSet/.test(h) ? 2 : 0
  },
  analyze: (text) =>
    withValue(text, (v) => {
      const p = parseReplSetStatus(v)
      return p.ok ? parsed({ summary: replSetSummary(p.value), findings: replicationRules(p.value) }) : p
    })
}

export const serverStatusKind: AnalysisKind = {
  kind: 'mongo.server-status',
  engine: 'mongo',
  detect: (text) => {
    const h = head(text)
    if (has(h, 'uptime') && (has(h, 'connections') || has(h, 'asserts') || has(h, 'wiredTiger'))) return 2
    return has(h, 'uptimeMillis') || has(h, 'wiredTiger') ? 1 : 0
  },
  analyze: (text) =>
    withValue(text, (v) => {
      const p = parseServerStatus(v)
      return p.ok
        ? parsed({ summary: serverStatusSummary(p.value), findings: serverStatusRules(p.value) })
        : p
    })
}

/** Not in the spec's table (more kinds are welcome): `$indexStats` output. */
export const indexStatsKind: AnalysisKind = {
  kind: 'mongo.index-stats',
  engine: 'mongo',
  detect: (text) => (has(head(text), 'accesses', 'since') ? 2 : 0),
  analyze: (text) =>
    withValue(text, (v) => {
      const p = parseIndexStats(v)
      if (!p.ok) return p
      const findings = unusedIndexRule(p.value)
      return parsed({
        summary: {
          indexes: p.value.length,
          unusedIndexes: findings.length,
          hosts: [...new Set(p.value.map((i) => i.host).filter((h) => h !== null))]
        },
        findings
      })
    })
}

export const mongoKinds: AnalysisKind[] = [
  explainKind,
  profileKind,
  currentOpKind,
  replSetStatusKind,
  serverStatusKind,
  indexStatsKind
]
