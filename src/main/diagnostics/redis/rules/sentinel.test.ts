import { describe, expect, it } from 'vitest'
import { masterAddress, sentinelRecord, sentinelTable } from '../parse-sentinel'
import { sentinelRules, type SentinelView } from './sentinel'

/** A reachable sentinel's view; `others` is how many other sentinels it knows. */
const view = (
  address: string,
  master: string,
  others: number,
  ckquorum = 'OK 3 usable Sentinels'
): SentinelView => ({
  address,
  ok: true,
  master: { name: 'm', quorum: '2' },
  masterAddress: master,
  ckquorum: { ok: ckquorum.startsWith('OK'), message: ckquorum },
  sentinels: Array.from({ length: others }, (_, i) => ({ ip: '10.0.0.9', port: String(26380 + i) })),
  replicas: []
})

describe('sentinel rules', () => {
  it('are silent for an odd count of sentinels that agree and reach their quorum', () => {
    expect(
      sentinelRules('m', [view('s1:26379', '10.0.0.1:6379', 2), view('s2:26379', '10.0.0.1:6379', 2)])
    ).toEqual([])
  })

  it('warn about an even count, naming the majority a failover needs', () => {
    const [f] = sentinelRules('m', [view('s1:26379', '10.0.0.1:6379', 3)])
    expect(f).toMatchObject({ rule: 'redis.sentinel-count', severity: 'warning', evidence: { sentinels: 4 } })
    expect(f?.detail).toContain('majority needed to authorise a failover is 3')
  })

  it('are critical when sentinels name different masters', () => {
    const found = sentinelRules('m', [
      view('s1:26379', '10.0.0.1:6379', 2),
      view('s2:26379', '10.0.0.2:6379', 2)
    ])
    expect(found).toEqual([
      expect.objectContaining({
        rule: 'redis.sentinel-disagree',
        severity: 'critical',
        evidence: { views: { '10.0.0.1:6379': ['s1:26379'], '10.0.0.2:6379': ['s2:26379'] } }
      })
    ])
  })

  it('are critical when no sentinel answers', () => {
    const found = sentinelRules('m', [{ address: 's1:26379', ok: false, why: 'ECONNREFUSED' }])
    expect(found.map((f) => [f.rule, f.severity])).toEqual([
      ['redis.sentinel-unreachable', 'warning'],
      ['redis.sentinel-quorum', 'critical']
    ])
  })

  it('read flat field arrays and the master address', () => {
    expect(sentinelRecord(['name', 'm', 'quorum', '2'])).toEqual({ name: 'm', quorum: '2' })
    expect(sentinelRecord(['odd'])).toBeNull()
    expect(sentinelTable([['ip', '127.0.0.1'], 'x'])).toBeNull()
    expect(masterAddress(['127.0.0.1', '6379'])).toBe('127.0.0.1:6379')
    expect(masterAddress(null)).toBeNull()
  })
})
