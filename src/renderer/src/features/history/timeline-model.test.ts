import { describe, expect, it } from 'vitest'
import type { TimelineEvent } from '../../../../shared/history'
import { changeSummary, timelineRows } from './timeline-model'

const events: TimelineEvent[] = [
  {
    kind: 'appeared',
    at: 1_000,
    node: 'db1:5432',
    rule: 'pg.bloat',
    severity: 'warning',
    title: 'Bloat in public.orders',
    subject: 'public.orders',
    lastSeen: null
  },
  { kind: 'gap', at: 2_000, reason: 'dbconsole was not running' },
  { kind: 'resumed', at: 3_000 },
  {
    kind: 'cleared',
    at: 4_000,
    node: 'db1:5432',
    rule: 'pg.bloat',
    severity: 'warning',
    title: 'Bloat in public.orders',
    subject: 'public.orders',
    lastSeen: 1_500
  }
]

describe('timelineRows', () => {
  it('lists newest first, with what happened, the finding or the reason, and where', () => {
    const rows = timelineRows(events)
    expect(rows.map((r) => [r.at, r.what, r.text])).toEqual([
      [4_000, 'cleared', 'Bloat in public.orders'],
      [3_000, 'sampling resumed', ''],
      [2_000, 'sampling stopped', 'dbconsole was not running'],
      [1_000, 'appeared', 'Bloat in public.orders']
    ])
    expect(rows[3]?.where).toBe('db1:5432 · public.orders · pg.bloat')
    expect(rows[0]?.where).toMatch(/^db1:5432 · public\.orders · pg\.bloat · last seen /)
    expect(rows[0]?.severity).toBe('warning')
    expect(rows[1]?.severity).toBeNull()
  })
})

describe('changeSummary', () => {
  it('counts what appeared, what cleared and the gaps', () => {
    expect(changeSummary(events)).toBe('1 finding appeared, 1 cleared, 1 sampling gap')
    expect(changeSummary([])).toBe('0 findings appeared, 0 cleared, 0 sampling gaps')
  })
})
