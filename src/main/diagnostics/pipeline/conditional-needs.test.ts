/** Rules that read a probe only in some cases, and rules that say in their own words why a need failed. */
import { describe, expect, it } from 'vitest'
import { defineRule, evaluateRules, type EngineDiagnostics } from './engine-diagnostics'

interface Records {
  info: { used: number }
  slowlog: { entries: number }
}
const rule = defineRule<Records, { node: string }>()

describe('conditional needs and reworded failures', () => {
  const conditional: EngineDiagnostics<Records, { node: string }> = {
    engine: 'redis',
    rules: [
      rule({
        id: 'redis.slow-when-busy',
        needs: ['info'],
        // The slowlog matters only on a busy node: a quiet one says nothing about it.
        evaluate: (r, _c, unmet) => (r.info.used > 10 && !r.slowlog ? unmet('slowlog') : []),
        explainFailure: (probe, why) => `${probe} is off (${why}): enable it with CONFIG SET`
      })
    ]
  }
  it('asks for a probe only when the case calls for it, worded like a need', () => {
    const busy = { info: { ok: true as const, value: { used: 11 } } }
    expect(evaluateRules(conditional, busy, { node: 'a:1' }).map((f) => f.detail)).toEqual([
      'The slowlog probe was not run.'
    ])
    expect(evaluateRules(conditional, busy, { node: 'a:1' }, 'pasted')).toEqual([])
    expect(evaluateRules(conditional, { info: { ok: true, value: { used: 1 } } }, { node: 'a:1' })).toEqual(
      []
    )
  })
  it("lets a rule say why its probe failed in the rule's own words", () => {
    const failed = evaluateRules(
      conditional,
      { info: { ok: false, why: 'NOPERM' }, slowlog: { ok: false, why: 'disabled' } },
      { node: 'a:1' }
    )
    expect(failed.map((f) => f.detail)).toEqual(['info is off (NOPERM): enable it with CONFIG SET'])
  })
})
