/**
 * The contract between the rules and the screens (issue 16): every finding a rule makes on the real
 * fixtures renders with the subject and the remedy the rule decided. Nothing here is hand-made: the
 * findings come from the rules over recorded server output, through the same paths the hosts use
 * (analyzeText for pasted output, evaluatePgHealth for a PostgreSQL sweep), and are rendered by the
 * components the views use.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { QueryClient, QueryClientProvider } from '@tanstack/react-query'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import { ACTION_TARGETS } from '../shared/actions'
import { formatMeasure } from '../shared/format'
import { SUBJECT_KINDS, type AnalysisReport, type Finding } from '../shared/findings'
import { analyzeText } from '../main/diagnostics/analyze'
import { evaluatePgHealth } from '../main/diagnostics/postgres/health'
import type { PgProbeResults } from '../main/diagnostics/postgres/health-input'
import { parseProbe } from '../main/diagnostics/postgres/records'
import { PG_PROBE_IDS, type PgProbeId, type PgProbeRow } from '../shared/records/postgres'
import { REDIS_PARSERS } from '../main/diagnostics/redis/records'
import { MEMBER_GONE_RULE, TopologyMemory } from '../main/diagnostics/topology-memory'
import { alternativesFromEvidence, remedyFromEvidence } from '../main/testing/remedy-from-evidence'
import { FindingsList } from '../renderer/src/components/FindingsList'
import { ConfirmContext } from '../renderer/src/features/confirm/confirm-context'
import { RemedyButton } from '../renderer/src/features/confirm/RemedyButton'
import { ClusterMap } from '../renderer/src/features/redis/ClusterMap'
import { clusterNodes } from '../renderer/src/features/redis/redis-model'

const DIAGNOSTICS = join(import.meta.dirname, '../main/diagnostics')
const fixturesOf = (engine: string): { name: string; text: string }[] => {
  const dir = join(DIAGNOSTICS, engine, 'fixtures')
  return readdirSync(dir)
    .filter((name) => name.includes('--'))
    .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }))
}

/** One PostgreSQL sweep built from the recorded problem scenario of every probe (a clean one when none). */
const pgSweep = (role: 'primary' | 'replica'): PgProbeResults => {
  const files = fixturesOf('postgres').filter((f) => f.name.endsWith('--pg15.json'))
  const probes: Record<string, unknown> = {}
  for (const id of PG_PROBE_IDS as readonly PgProbeId[]) {
    const mine = files.filter((f) => f.name.startsWith(`${id}--`))
    const wanted =
      id === 'pg_settings'
        ? mine.find((f) => f.name.includes(role === 'replica' ? '--replica--' : '--clean--'))
        : (mine.find((f) => !f.name.includes('--clean--')) ?? mine[0])
    if (!wanted) continue
    const parsed = parseProbe(id, JSON.parse(wanted.text))
    if (!parsed.ok) throw new Error(`${wanted.name}: ${parsed.message}`)
    probes[id] = { ok: true, value: parsed.value }
  }
  return probes as PgProbeResults
}

/** Rule output that is a judgement, not "could not evaluate", "rule failed" or "N more not listed". */
const judged = (f: Finding): boolean =>
  !f.title.startsWith('Could not evaluate') &&
  f.title !== 'Rule failed' &&
  !(typeof f.evidence.omitted === 'number' && /more .* not listed/.test(f.title))

const allFindings = (): { source: string; finding: Finding }[] => {
  const out: { source: string; finding: Finding }[] = []
  for (const role of ['primary', 'replica'] as const)
    for (const finding of evaluatePgHealth({
      probes: pgSweep(role),
      node: `127.0.0.1:${role === 'primary' ? 55432 : 55433}`
    }).findings)
      out.push({ source: `pg sweep (${role})`, finding })
  for (const engine of ['redis', 'mongo', 'plan', 'pglog'])
    for (const fixture of fixturesOf(engine)) {
      if (fixture.name.endsWith('.resp')) continue
      const report = analyzeText(fixture.text, { input: fixture.name })
      for (const finding of report.findings) out.push({ source: fixture.name, finding })
    }
  return out.filter(({ finding }) => judged(finding))
}

const render = (finding: Finding): string =>
  renderToStaticMarkup(
    <ConfirmContext.Provider value={() => undefined}>
      <FindingsList findings={[finding]} action={(f) => <RemedyButton connectionId="c1" finding={f} />} />
    </ConfirmContext.Provider>
  )

const escapeHtml = (s: string): string =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** Rules whose findings name a guarded action, and a fixture path that makes them fire. */
const REMEDY_RULES = [
  'pg.blocking-lock',
  'pg.idle-in-transaction',
  'pg.unused-index',
  'pg.dead-tuples',
  'pg.invalid-index',
  'mongo.collscan',
  'mongo.long-running-op'
]

describe('rule findings on real fixtures render with what the rules decided', () => {
  const findings = allFindings()

  it('covers the rules: many judged findings from every engine', () => {
    const rules = new Set(findings.map((f) => f.finding.rule))
    for (const prefix of ['pg.', 'pg.plan.', 'redis.', 'mongo.'])
      expect([...rules].filter((r) => r.startsWith(prefix)).length, prefix).toBeGreaterThan(2)
    for (const rule of REMEDY_RULES) expect(rules, rule).toContain(rule)
  })

  it('every judged finding about one thing names it as its subject, and the screen shows it', () => {
    // Findings about the whole input (a pasted INFO of an unknown server, a plan's JIT) have no target.
    const missing = findings.filter(({ finding }) => finding.target !== null && finding.subject === undefined)
    expect(missing.map(({ source, finding }) => `${source}: ${finding.rule} -> ${finding.target}`)).toEqual(
      []
    )
    for (const { source, finding } of findings) {
      const subject = finding.subject
      if (subject === undefined) continue
      expect(SUBJECT_KINDS, `${source} ${finding.rule}`).toContain(subject.kind)
      expect(subject.name.length, `${source} ${finding.rule}`).toBeGreaterThan(0)
      const html = render(finding)
      expect(html, `${source} ${finding.rule}`).toContain(`data-subject-kind="${subject.kind}"`)
      expect(html, `${source} ${finding.rule}`).toContain(escapeHtml(subject.name))
    }
  })

  it('every remedy is the one the evidence calls for, a valid target of its action, and on screen', () => {
    for (const rule of REMEDY_RULES)
      expect(
        findings.some((f) => f.finding.rule === rule && f.finding.remedy !== undefined),
        rule
      ).toBe(true)
    for (const { source, finding } of findings) {
      expect(finding.remedy ?? null, `${source} ${finding.rule}`).toEqual(remedyFromEvidence(finding))
      expect(finding.alternatives ?? [], `${source} ${finding.rule}`).toEqual(
        alternativesFromEvidence(finding)
      )
    }
    for (const { source, finding } of findings) {
      const html = render(finding)
      if (finding.remedy === undefined) {
        expect(html, `${source} ${finding.rule}`).not.toContain('suggested-action-label')
        continue
      }
      for (const offered of [finding.remedy, ...(finding.alternatives ?? [])]) {
        expect(ACTION_TARGETS[offered.action].safeParse(offered.target).success).toBe(true)
        expect(html, `${source} ${finding.rule}`).toContain(escapeHtml(offered.label))
      }
    }
  })
})

describe('evidence reads as a DBA reads it', () => {
  const findings = allFindings()

  it("a blocker's waiters are a table of sessions, not JSON", () => {
    const blocking = findings.find((f) => f.finding.rule === 'pg.blocking-lock')?.finding
    expect(blocking).toBeDefined()
    const html = render(blocking as Finding)
    expect(html).toContain('class="evidence-table"')
    for (const column of ['pid', 'waitedSeconds', 'query'])
      expect(html).toContain(`<th scope="col">${column}</th>`)
    expect(html).not.toContain('[{&quot;pid&quot;')
  })

  it('every measurement with a declared unit is shown in that unit', () => {
    let checked = 0
    for (const { source, finding } of findings)
      for (const [field, unit] of Object.entries(finding.units ?? {})) {
        const value = finding.evidence[field]
        if (typeof value !== 'number') continue
        expect(render(finding), `${source} ${finding.rule} ${field}`).toContain(
          escapeHtml(formatMeasure(value, unit, field))
        )
        checked++
      }
    expect(checked).toBeGreaterThan(20)
  })
})

describe('record views show the verdicts of the rules, never their own', () => {
  it('the cluster map marks exactly the nodes the cluster rule judged, on a real cluster with a killed master', () => {
    const text = fixturesOf('redis').find(
      (f) => f.name === 'cluster-nodes--master-killed--redis7.0.txt'
    )?.text
    if (text === undefined) throw new Error('cluster-nodes--master-killed--redis7.0.txt is missing')
    const records = REDIS_PARSERS.cluster_nodes(text)
    if (!records.ok) throw new Error(records.message)
    const { findings } = analyzeText(text, { input: 'cluster-nodes--master-killed--redis7.0.txt' })
    const judgedNodes = new Set(
      findings
        .filter((f) => f.subject?.kind === 'node' && f.severity === 'critical')
        .map((f) => f.subject?.name)
    )
    expect(judgedNodes.size).toBeGreaterThan(0)
    const html = renderToStaticMarkup(<ClusterMap nodes={clusterNodes(records.value, [], findings)} />)
    const failed = [...html.matchAll(/data-health="failed"[^>]*>.*?title="([^ "]+)/g)].map((m) => m[1])
    expect(new Set(failed)).toEqual(judgedNodes)
    expect(html.match(/data-health="ok"/g)?.length).toBe(records.value.length - judgedNodes.size)
  })
})

describe('a member the sweeps saw and lost', () => {
  it('is forgettable from its finding, on the real streaming fixture (no guarded action, no challenge)', () => {
    const parsed = parseProbe(
      'pg_stat_replication',
      JSON.parse(
        readFileSync(join(DIAGNOSTICS, 'postgres/fixtures/pg_stat_replication--streaming--pg15.json'), 'utf8')
      )
    )
    if (!parsed.ok) throw new Error(parsed.message)
    const rows = parsed.value
    const { findings } = evaluatePgHealth({ probes: pgSweep('primary'), node: '127.0.0.1:55432' })
    const report: AnalysisReport = {
      input: 'postgres://127.0.0.1:55432/app',
      ok: true,
      engine: 'postgres',
      kind: 'pg.health',
      summary: { node: '127.0.0.1:55432' },
      findings,
      error: null
    }
    const memory = new TopologyMemory()
    const sweep = (replicas: PgProbeRow<'pg_stat_replication'>[]) => ({
      reports: [report],
      nodes: [
        { node: '127.0.0.1:55432', topics: { pg_stat_replication: { ok: true as const, rows: replicas } } }
      ]
    })
    memory.observe('c1', sweep(rows), 1_000)
    const gone = memory
      .observe('c1', sweep([]), 2_000)
      .reports.flatMap((r) => r.findings)
      .filter((f) => f.rule === MEMBER_GONE_RULE)
    expect(gone).toHaveLength(rows.length)
    const html = renderToStaticMarkup(
      <QueryClientProvider client={new QueryClient()}>
        <ConfirmContext.Provider value={() => undefined}>
          <FindingsList findings={gone} action={(f) => <RemedyButton connectionId="c1" finding={f} />} />
        </ConfirmContext.Provider>
      </QueryClientProvider>
    )
    expect(html).toContain('>Forget</button>')
    expect(html).not.toContain('suggested-action-label')
  })
})
