import { describe, expect, it } from 'vitest'
import type { Finding, FindingSubject, Severity } from '../../../../shared/findings'
import { toneFor } from './mongo-model'

const about = (rule: string, severity: Severity, subject: FindingSubject): Finding => ({
  rule,
  severity,
  title: rule,
  detail: '',
  target: subject.name,
  evidence: {},
  subject
})

const findings: Finding[] = [
  about('mongo.long-running-op', 'warning', { kind: 'operation', name: '9912331', node: 'db1:27017' }),
  about('mongo.collscan', 'warning', { kind: 'operation', name: '9912331', node: 'db1:27017' }),
  about('mongo.replset-member-down', 'critical', { kind: 'replica', name: 'db3:27017', node: 'db3:27017' }),
  about('mongo.replication-lag', 'warning', { kind: 'replica', name: 'db2:27017', node: 'db2:27017' }),
  about('mongo.slow-query', 'info', { kind: 'statement', name: 'shop.orders 6C1D8A4E', node: 'db1:27017' }),
  about('mongo.collscan', 'critical', { kind: 'statement', name: 'shop.orders 6C1D8A4E', node: 'db1:27017' }),
  about('mongo.wt-cache', 'warning', { kind: 'node', name: 'db1:27017' }),
  about('mongo.wt-dirty-cache', 'critical', { kind: 'node', name: 'db1:27017' })
]

describe('toneFor: a row is tinted by what the rules found about it', () => {
  it('takes the worst finding about the row', () => {
    expect(toneFor(findings, { kind: 'replica', name: 'db3:27017' })).toBe('bad')
    expect(toneFor(findings, { kind: 'replica', name: 'db2:27017' })).toBe('warn')
    expect(toneFor(findings, { kind: 'statement', name: 'shop.orders 6C1D8A4E', node: 'db1:27017' })).toBe(
      'bad'
    )
  })

  it('leaves rows no rule spoke of, or only spoke of as info, untinted', () => {
    expect(toneFor(findings, { kind: 'replica', name: 'db1:27017' })).toBeUndefined()
    expect(toneFor(findings.slice(4, 5), { kind: 'statement', name: 'shop.orders 6C1D8A4E' })).toBeUndefined()
  })

  it('matches the node an operation ran on (opids are per mongod)', () => {
    expect(toneFor(findings, { kind: 'operation', name: '9912331', node: 'db1:27017' })).toBe('warn')
    expect(toneFor(findings, { kind: 'operation', name: '9912331', node: 'db2:27017' })).toBeUndefined()
  })

  it('reads one rule when a value has its own (cache fill and dirty share a node)', () => {
    const node = { kind: 'node', name: 'db1:27017' } as const
    expect(toneFor(findings, node, 'mongo.wt-cache')).toBe('warn')
    expect(toneFor(findings, node, 'mongo.wt-dirty-cache')).toBe('bad')
    expect(toneFor(findings, { kind: 'node', name: 'db2:27017' }, 'mongo.wt-cache')).toBeUndefined()
  })
})
