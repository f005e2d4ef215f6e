import type { PreparedAction } from '../../../../shared/actions'

export interface DialogPolicy {
  cooldownMs: number
  enterConfirms: boolean
}

/** Production always waits this long, whatever the tier: a 3 a.m. reflex click must not reach it. */
export const PRODUCTION_COOLDOWN_MS = 3_000

/**
 * The guard's policy (tier >= 3: 3 s wait, no Enter), made stricter on production profiles. The UI
 * may only add friction here; the guard still enforces its own checks on execute.
 */
export const dialogPolicy = (
  p: Pick<PreparedAction, 'tier' | 'environment'> & { confirm?: PreparedAction['confirm'] }
): DialogPolicy => {
  const base = p.confirm ?? { cooldownMs: p.tier >= 3 ? 3_000 : 0, enterConfirms: p.tier < 3 }
  return p.environment === 'production'
    ? { cooldownMs: Math.max(base.cooldownMs, PRODUCTION_COOLDOWN_MS), enterConfirms: base.enterConfirms }
    : base
}
