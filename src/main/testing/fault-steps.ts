/** Fault-test steps that the PostgreSQL and Redis fault suites take the same way. */
import type { Result } from '../../shared/errors'
import type { Core } from '../core/create-core'
import type { TcpProxy } from './tcp-proxy'

/**
 * Connects through the proxy, blackholes it, then runs the liveness poll and a user's diagnostics call at
 * the same time, as they would run in the app: how long each took and what the call answered.
 */
export const pollAndCallWhileBlackholed = async (
  core: Core,
  proxy: TcpProxy,
  connectionId: string
): Promise<{ pollMs: number; callMs: number; run: Result<unknown> }> => {
  await core.sessions.connect(connectionId)
  proxy.setMode({ kind: 'blackhole' })
  const started = Date.now()
  const [pollMs, [run, callMs]] = await Promise.all([
    core.sessions.pollOnce().then(() => Date.now() - started),
    core.dispatch('diagnostics.run', { connectionId }).then((r) => [r, Date.now() - started] as const)
  ])
  return { pollMs, callMs, run }
}
