// Tests read fixture files; the code under test stays pure.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyzePlan, type PlanAnalysis } from './analyze-plan'
import { isChargedToParent, rawExclusiveMs } from './plan-time'

/**
 * Time accounting over every plan fixture in the repository (issue 17): the exclusive times add up to
 * the root's inclusive time within 0.5 %, no node's children take more time than the node, and no
 * exclusive time had to be clamped to 0 from below. Slack for EXPLAIN's rounding: every per-loop time
 * is printed to the microsecond, so a product with the loops is off by up to 0.0005 ms per loop.
 */
const DIRS = [
  join(import.meta.dirname, 'fixtures'),
  join(import.meta.dirname, '../postgres/index-advice/fixtures')
]
const FILES = DIRS.flatMap((dir) =>
  readdirSync(dir)
    .filter((n) => n.startsWith('explain-'))
    .map((n) => ({ name: n, path: join(dir, n) }))
)

const analyse = (path: string): PlanAnalysis => {
  const r = analyzePlan(readFileSync(path, 'utf8'))
  if (!r.ok) throw new Error(`${path}: ${r.code} ${r.message}`)
  return r.value
}

/** auto_explain plans of the stderr log fixtures: the tab-indented lines after "plan:", as log-report reads them. */
const LOG_DIR = join(import.meta.dirname, '../pglog/fixtures')
const LOG_PLANS = readdirSync(LOG_DIR)
  .filter((n) => n.endsWith('.log'))
  .flatMap((name) => {
    const lines = readFileSync(join(LOG_DIR, name), 'utf8').split('\n')
    const plans: { name: string; body: string }[] = []
    lines.forEach((line, i) => {
      if (!/ {2}plan:$/.test(line)) return
      const body: string[] = []
      for (let j = i + 1; j < lines.length && lines[j]?.startsWith('\t'); j++)
        body.push(lines[j]?.slice(1) ?? '')
      plans.push({
        name: `${name}:${i + 1}`,
        body: body.join('\n').replace(/^\s*Query Text: [\s\S]*?\n(?=.*\((?:cost=|actual ))/, '')
      })
    })
    return plans
  })

const timed = (p: PlanAnalysis): boolean => p.nodes.every((a) => a.inclusiveMs !== null)

/** Rounding slack of one node's figure against its children's: 0.0005 ms per printed loop, plus 3 dp. */
const slackOf = (p: PlanAnalysis, id: number): number => {
  const a = p.nodes[id]
  if (!a) return 0
  const loops = [a, ...a.childIds.map((c) => p.nodes[c])].reduce(
    (s, n) => s + Math.max(n?.node.actualLoops ?? 0, 1),
    0
  )
  return 0.0005 * loops + 0.002 * (a.childIds.length + 1)
}

/** What is wrong with one analysed plan's time accounting; [] when nothing. */
export const accountingProblems = (p: PlanAnalysis): string[] => {
  const problems: string[] = []
  const root = p.nodes[0]?.inclusiveMs ?? 0
  const sum = p.nodes.reduce((s, a) => s + (a.exclusiveMs ?? 0), 0)
  if (Math.abs(sum - root) > 0.005 * root + 0.01)
    problems.push(`exclusive times add up to ${sum.toFixed(3)} ms against a root of ${root} ms`)
  const raw = rawExclusiveMs(p.nodes)
  for (const a of p.nodes) {
    const slack = slackOf(p, a.id)
    const inclusive = a.inclusiveMs ?? 0
    const children = a.childIds
      .map((id) => p.nodes[id])
      .filter((c) => c !== undefined && isChargedToParent(c.node))
      .reduce((s, c) => s + (c?.inclusiveMs ?? 0), 0)
    if (children > inclusive * 1.005 + slack)
      problems.push(`#${a.id} ${a.title}: children take ${children.toFixed(3)} ms of its ${inclusive} ms`)
    const r = raw.get(a.id)
    if (r !== undefined && r < -slack)
      problems.push(`#${a.id} ${a.title}: exclusive time ${r.toFixed(3)} ms clamped to 0`)
  }
  return problems
}

describe('time accounting over every plan fixture', () => {
  it('finds the fixtures of both directories', () => {
    expect(FILES.filter((f) => f.name.startsWith('explain-json--')).length).toBeGreaterThan(40)
    expect(FILES.filter((f) => f.name.startsWith('explain-generic--')).length).toBeGreaterThan(5)
  })

  it('reads the auto_explain plans of the log fixtures (a cut one excepted) and accounts them', () => {
    const read = LOG_PLANS.map((l) => ({ ...l, r: analyzePlan(l.body, { withoutSummary: true }) }))
    expect(read.filter((l) => l.r.ok).length).toBeGreaterThanOrEqual(6)
    for (const { name, r } of read)
      if (r.ok && timed(r.value)) expect(accountingProblems(r.value), name).toEqual([])
  })

  it.each(FILES.map((f) => [f.name, f.path]))('%s', (_name, path) => {
    const p = analyse(path)
    if (!timed(p)) {
      // Without ANALYZE (or with TIMING OFF) there is nothing to account: no node is named slowest.
      expect(p.summary.slowestNode).toBeNull()
      return
    }
    expect(accountingProblems(p)).toEqual([])
  })
})
