import { describe, expect, it } from 'vitest'
import type { AuditEntry } from '../../../../shared/actions'
import { formatAuditTime, newestFirst, resultLabel } from './audit-model'

const entry = (
  auditId: string,
  at: string,
  phase: AuditEntry['phase'],
  result?: AuditEntry['result']
): AuditEntry => ({
  auditId,
  at,
  connectionId: 'c',
  action: 'postgres.terminateBackend',
  tier: 2,
  exactStatement: 'SELECT pg_terminate_backend(1)',
  phase,
  result,
  serverIdentity: { engine: 'postgres', id: '1', role: 'primary', address: 'h:1', summary: 's' },
  hash: 'h'
})

describe('audit model', () => {
  it('sorts newest first and keeps the log order for equal times', () => {
    const list = newestFirst([
      entry('a', '2026-01-01T00:00:00Z', 'intent'),
      entry('b', '2026-01-02T00:00:00Z', 'intent'),
      entry('b', '2026-01-02T00:00:00Z', 'outcome', 'done')
    ])
    expect(list.map((e) => `${e.auditId}-${e.phase}`)).toEqual(['b-intent', 'b-outcome', 'a-intent'])
  })

  it('labels results, including an intent with no outcome', () => {
    expect(resultLabel(entry('a', 'x', 'intent', 'outcome unknown'))).toBe('outcome unknown')
    expect(resultLabel(entry('a', 'x', 'intent'))).toBe('outcome in its own row')
    expect(resultLabel(entry('a', 'x', 'outcome', 'failed'))).toBe('failed')
  })
})

describe('formatAuditTime', () => {
  it('prints local date and time to the second, and keeps unparseable text', () => {
    expect(formatAuditTime('2026-01-02T03:04:05')).toBe('2026-01-02 03:04:05')
    expect(formatAuditTime('not a time')).toBe('not a time')
  })
})
