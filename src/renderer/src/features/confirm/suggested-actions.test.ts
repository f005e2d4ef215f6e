import { describe, expect, it } from 'vitest'
import type { Finding } from '../../../../shared/findings'
import { suggestedAction } from './suggested-actions'

const f = (rule: string, target: string | null, evidence: Record<string, unknown>): Finding => ({
  rule,
  severity: 'warning',
  title: 't',
  detail: '',
  target,
  evidence
})

describe('suggestedAction', () => {
  it('terminates the root blocker of a lock chain', () => {
    expect(suggestedAction(f('pg.blocking-lock', 'pid 42', { blockerPid: 42, blocked: [] }))).toEqual({
      action: 'postgres.terminateBackend',
      target: { pid: 42 },
      label: 'Terminate pid 42'
    })
  })

  it('terminates an idle-in-transaction session by its pid', () => {
    expect(suggestedAction(f('pg.idle-in-transaction', 'pid 7', { pid: 7 }))?.target).toEqual({ pid: 7 })
  })

  it('offers nothing when the pid is missing or not a positive integer', () => {
    expect(suggestedAction(f('pg.blocking-lock', null, { blockerPid: null }))).toBeNull()
    expect(suggestedAction(f('pg.idle-in-transaction', null, { pid: -1 }))).toBeNull()
    expect(suggestedAction(f('pg.idle-in-transaction', null, { pid: 1.5 }))).toBeNull()
  })

  it('drops an unused index by the schema and name in its evidence', () => {
    expect(
      suggestedAction(f('pg.unused-index', 'public.orders_idx', { schema: 'public', index: 'orders_idx' }))
        ?.target
    ).toEqual({
      schema: 'public',
      index: 'orders_idx'
    })
  })

  it('takes names with dots from evidence, never by splitting the target text', () => {
    expect(
      suggestedAction(f('pg.dead-tuples', 'my.app.t.with.dots', { schema: 'my.app', table: 't.with.dots' }))
        ?.target
    ).toEqual({
      schema: 'my.app',
      table: 't.with.dots'
    })
  })

  it('vacuums table bloat but not index bloat', () => {
    expect(
      suggestedAction(f('pg.bloat', 'public.t', { kind: 'table', schema: 'public', table: 't' }))?.action
    ).toBe('postgres.vacuum')
    expect(
      suggestedAction(f('pg.bloat', 'public.i', { kind: 'index', schema: 'public', index: 'i' }))
    ).toBeNull()
  })

  it('offers nothing when the evidence lacks the names', () => {
    expect(suggestedAction(f('pg.dead-tuples', 'public.t', {}))).toBeNull()
    expect(suggestedAction(f('pg.dead-tuples', null, { schema: 'public', table: '' }))).toBeNull()
    expect(suggestedAction(f('pg.unused-index', 'public.x', { schema: 'public' }))).toBeNull()
  })

  it('unlinks a big Redis key, whatever its text', () => {
    const key = '<img src=x onerror=alert(1)>\u202e'
    expect(suggestedAction(f('redis.big-key', key, { key }))?.target).toEqual({ keys: [key] })
    expect(suggestedAction(f('redis.big-key', null, { scannedKeys: 10 }))).toBeNull()
  })

  it('kills a Mongo op by numeric or shard-qualified opid', () => {
    expect(suggestedAction(f('mongo.collscan', 'db.c', { opid: '123' }))?.target).toEqual({ opid: 123 })
    expect(suggestedAction(f('mongo.long-running-op', '1', { opid: 'shard01:99' }))?.target).toEqual({
      opid: 'shard01:99'
    })
    expect(suggestedAction(f('mongo.collscan', 'db.c', { opid: null }))).toBeNull()
    expect(suggestedAction(f('mongo.collscan', 'db.c', { opid: 'x; drop' }))).toBeNull()
  })

  it('suggests nothing for other rules', () => {
    expect(suggestedAction(f('redis.fragmentation', null, {}))).toBeNull()
  })
})
