import { describe, expect, it } from 'vitest'
import { dialogPolicy } from './dialog-policy'

describe('dialogPolicy', () => {
  it('follows the tier: no wait and Enter below tier 3; 3 s and no Enter from tier 3', () => {
    expect(dialogPolicy({ tier: 2, environment: 'development' })).toEqual({
      cooldownMs: 0,
      enterConfirms: true
    })
    expect(dialogPolicy({ tier: 3, environment: 'staging' })).toEqual({
      cooldownMs: 3000,
      enterConfirms: false
    })
  })

  it('makes production wait at least 3 s at any tier', () => {
    expect(dialogPolicy({ tier: 1, environment: 'production' }).cooldownMs).toBe(3000)
  })

  it('uses the guard policy when sent, never weakening it', () => {
    expect(
      dialogPolicy({
        tier: 2,
        environment: 'development',
        confirm: { cooldownMs: 5000, enterConfirms: false }
      })
    ).toEqual({ cooldownMs: 5000, enterConfirms: false })
  })
})
