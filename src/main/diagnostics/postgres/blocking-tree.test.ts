import { describe, expect, it } from 'vitest'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { blockingTree, rootBlockers } from './blocking-tree'
import { parseProbe } from './records'

const row = (pid: number, ...blockedBy: number[]) => ({ pid, blocked_by: blockedBy })

describe('blockingTree', () => {
  it('nests waiters under their blocker, transitively', () => {
    const tree = blockingTree([row(1), row(2, 1), row(3, 2), row(4)])
    expect(tree).toEqual([{ pid: 1, children: [{ pid: 2, children: [{ pid: 3, children: [] }] }] }])
  })

  it('roots a chain at a blocker this role cannot see', () => {
    expect(blockingTree([row(2, 99), row(3, 2)])).toEqual([
      { pid: 99, children: [{ pid: 2, children: [{ pid: 3, children: [] }] }] }
    ])
  })

  it('cuts a cycle where it repeats, every member a root', () => {
    expect(rootBlockers([row(6, 5), row(5, 6)])).toEqual([5, 6])
    expect(blockingTree([row(5, 6), row(6, 5)])[0]).toEqual({
      pid: 5,
      children: [{ pid: 6, children: [] }]
    })
  })

  it('has no roots when nobody waits', () => {
    expect(blockingTree([row(1)])).toEqual([])
  })

  it('reads the recorded blocker of a real server', () => {
    const file = join(import.meta.dirname, 'fixtures', 'pg_stat_activity--blocked-idle-tx--pg15.json')
    const parsed = parseProbe('pg_stat_activity', JSON.parse(readFileSync(file, 'utf8')))
    if (!parsed.ok) throw new Error(parsed.message)
    const tree = blockingTree(parsed.value)
    expect(tree.map((t) => t.pid)).toEqual([22008])
    const waiters = parsed.value.filter((r) => r.blocked_by.length > 0).map((r) => r.pid)
    const inTree = (n: (typeof tree)[number]): number[] => n.children.flatMap((c) => [c.pid, ...inTree(c)])
    expect(new Set(tree.flatMap(inTree))).toEqual(new Set(waiters))
  })
})
