// Tests may read fixture files; the code under test stays pure.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { PlanNode } from '../../../../shared/plan'
import { analyzePlan } from '../analyze-plan'

const dir = join(__dirname, '..', 'fixtures')
const fixtures = readdirSync(dir).filter((f) => f.startsWith('explain-'))

const at = (root: PlanNode, path: number[]): PlanNode | undefined =>
  path.reduce<PlanNode | undefined>((node, index) => node?.children[index], root)

describe('plan findings name their node by its path', () => {
  it('every finding about a node, on every fixture, has a subject whose path reaches that node', () => {
    let linked = 0
    for (const name of fixtures) {
      const r = analyzePlan(readFileSync(join(dir, name), 'utf8'))
      if (!r.ok) continue
      const { nodes, findings, document } = r.value
      for (const f of findings) {
        const id = typeof f.evidence.nodeId === 'number' ? f.evidence.nodeId : null
        const first = Array.isArray(f.evidence.nodeIds) ? (f.evidence.nodeIds[0] as number) : null
        const about = nodes[id ?? first ?? -1]
        if (!about) {
          // Not about a node (JIT, planning time, a trigger): never a plan-node subject the tree would follow.
          expect(f.subject?.kind, `${name} ${f.rule}`).not.toBe('plan-node')
          continue
        }
        const { relation, nodeType } = about.node
        expect(f.subject, `${name} ${f.rule}`).toMatchObject({
          kind: 'plan-node',
          name: relation === null ? nodeType : `${nodeType} on ${relation}`
        })
        expect(at(document.root, f.subject?.path ?? [-1]), `${name} ${f.rule}`).toBe(about.node)
        linked += 1
      }
    }
    // Enough real findings about nodes to mean something (misestimates, spills, loops, filters...).
    expect(linked).toBeGreaterThan(20)
  })
})
