// Tests may read fixture files; the code under test stays pure.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ACTION_TARGETS } from '../../../shared/actions'
import type { Finding } from '../../../shared/findings'
import type { MongoExplainStage } from '../../../shared/mongo-explain'
import { remedyFromEvidence } from '../../testing/remedy-from-evidence'
import { analyzeText, analyzeTextWithView } from '../analyze'

const dir = join(__dirname, 'fixtures')
const fixtures = readdirSync(dir).filter((n) => n.includes('--'))
const fixture = (name: string) => readFileSync(join(dir, name), 'utf8')
const findingsOf = (name: string): Finding[] => analyzeText(fixture(name), { input: name }).findings
/** What the explain view gets: the report's findings and its stage tree. */
const explainOf = (name: string) => {
  const r = analyzeTextWithView(fixture(name), { input: name, kind: 'mongo.explain' })
  if (!r.ok || r.view?.kind !== 'mongo.explain') throw new Error(r.error?.message ?? 'no explain tree')
  return { findings: r.findings, explain: r.view.tree }
}

/** The stage at `path` (child indexes from the root) of a flattened tree. */
const stageAt = (stages: MongoExplainStage[], path: number[]): MongoExplainStage | undefined => {
  let at = stages[0]
  for (const i of path) at = at === undefined ? undefined : stages[at.childIds[i] ?? -1]
  return at
}

describe('mongo findings carry what the UI needs', () => {
  it('have a subject, and units only for evidence fields they carry', () => {
    for (const name of fixtures)
      for (const f of findingsOf(name)) {
        expect(f.subject, `${name} ${f.rule}`).toBeDefined()
        for (const field of Object.keys(f.units ?? {}))
          expect(f.evidence, `${name} ${f.rule}`).toHaveProperty(field)
      }
  })

  it('offer the remedy their evidence calls for, on every fixture', () => {
    let remedies = 0
    for (const name of fixtures)
      for (const f of findingsOf(name)) {
        expect(f.remedy ?? null, `${name} ${f.rule}`).toEqual(remedyFromEvidence(f))
        if (!f.remedy) continue
        remedies++
        expect(ACTION_TARGETS[f.remedy.action].safeParse(f.remedy.target).success).toBe(true)
      }
    expect(remedies).toBeGreaterThanOrEqual(4)
    const [long] = findingsOf('currentop--long-collscan--mongo7.0.json')
    expect(long?.remedy).toEqual({
      action: 'mongo.killOp',
      target: { opid: Number(long?.evidence.opid) },
      label: `Kill op ${String(long?.evidence.opid)}`
    })
  })

  it('name an operation, a replica set member or a profiled shape as their subject', () => {
    const [long] = findingsOf('currentop--long-collscan--mongo7.0.json')
    expect(long?.subject).toEqual({ kind: 'operation', name: long?.evidence.opid })
    const lag = findingsOf('replset-status--lagging-member-down--mongo7.0.json').find(
      (f) => f.rule === 'mongo.replication-lag'
    )
    expect(lag?.subject).toEqual({ kind: 'replica', name: lag?.target, node: lag?.target })
    for (const f of findingsOf('profile--collscan-heavy--mongo7.0.json').filter((x) => x.evidence.shape))
      expect(f.subject).toEqual({ kind: 'statement', name: f.evidence.shape })
  })
})

describe('explain findings point at their stage by path', () => {
  const explains = fixtures.filter((n) => n.startsWith('explain--'))

  it('every path leads to a stage of the drawn tree with the subject name', () => {
    let paths = 0
    for (const name of explains) {
      const r = explainOf(name)
      for (const f of r.findings) {
        expect(f.subject?.kind, `${name} ${f.rule}`).toBe('stage')
        if (f.subject?.path === undefined) continue
        paths++
        expect(stageAt(r.explain.winning.stages, f.subject.path)?.stage, `${name} ${f.rule}`).toBe(
          f.subject.name
        )
      }
    }
    expect(paths).toBeGreaterThanOrEqual(10)
  })

  it('the scan that examined the most, the FETCH above the named index, the root for plan-wide rules', () => {
    const sharded = explainOf('explain--sharded-scatter--mongo5.0.json')
    const stages = sharded.explain.winning.stages
    const scans = stages.filter((s) => s.stage === 'COLLSCAN')
    const most = Math.max(...scans.map((s) => s.docsExamined ?? -1))
    const about = (rule: string) => sharded.findings.find((f) => f.rule === rule)?.subject?.path ?? null
    expect(stageAt(stages, about('mongo.collscan') ?? [-1])?.docsExamined).toBe(most)
    expect(about('mongo.scatter-gather')).toEqual([])

    const fetch = explainOf('explain--ixscan-fetch-filter--mongo4.4.txt')
    const f = fetch.findings.find((x) => x.rule === 'mongo.fetch-filter')
    const at = stageAt(fetch.explain.winning.stages, f?.subject?.path ?? [-1])
    expect(at?.stage).toBe('FETCH')
    expect(fetch.explain.winning.stages[at?.childIds[0] ?? -1]?.indexName).toBe(f?.evidence.indexName)
  })
})
