import { describe, expect, it } from 'vitest'
import { defineRule, evaluateRules, type EngineDiagnostics } from './engine-diagnostics'

interface Records {
  info: { used: number }
  slowlog: { entries: number }
}
const rule = defineRule<Records, { node: string }>()

const diagnostics: EngineDiagnostics<Records, { node: string }> = {
  engine: 'redis',
  rules: [
    rule({
      id: 'redis.memory',
      needs: ['info'],
      evaluate: (r, c) => [
        {
          rule: 'redis.memory',
          severity: r.info.used > 10 ? 'warning' : 'info',
          title: `used ${r.info.used}`,
          detail: '',
          target: c.node,
          evidence: { used: r.info.used }
        }
      ]
    }),
    rule({
      id: 'redis.slowlog',
      needs: ['slowlog'],
      evaluate: (r) => {
        if (r.slowlog.entries < 0) throw new Error('negative count')
        return []
      }
    })
  ]
}

describe('evaluateRules', () => {
  it('judges the rules whose needs are met and says which could not run on a live sweep', () => {
    const findings = evaluateRules(diagnostics, { info: { ok: true, value: { used: 11 } } }, { node: 'a:1' })
    expect(findings.map((f) => [f.rule, f.severity, f.title])).toEqual([
      ['redis.memory', 'warning', 'used 11'],
      ['redis.slowlog', 'info', 'Could not evaluate redis.slowlog']
    ])
    expect(findings[1]?.detail).toBe('The slowlog probe was not run.')
  })

  it('leaves out the rules a paste cannot feed, but reports a need that failed', () => {
    const pasted = evaluateRules(
      diagnostics,
      { info: { ok: true, value: { used: 1 } } },
      { node: 'a:1' },
      'pasted'
    )
    expect(pasted.map((f) => f.rule)).toEqual(['redis.memory'])
    const failed = evaluateRules(
      diagnostics,
      { info: { ok: false, why: 'NOPERM' }, slowlog: { ok: true, value: { entries: 1 } } },
      { node: 'a:1' },
      'pasted'
    )
    expect(failed.map((f) => [f.rule, f.detail])).toEqual([['redis.memory', 'info: NOPERM']])
  })

  it('reports a rule that throws as failed and still runs the others', () => {
    const findings = evaluateRules(
      diagnostics,
      { info: { ok: true, value: { used: 1 } }, slowlog: { ok: true, value: { entries: -1 } } },
      { node: 'a:1' }
    )
    expect(findings.map((f) => [f.rule, f.title])).toEqual([
      ['redis.memory', 'used 1'],
      ['redis.slowlog', 'Rule failed']
    ])
    expect(findings[1]?.detail).toContain('negative count')
  })
})
