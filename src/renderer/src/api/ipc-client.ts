import type { MethodName } from '../../../shared/contract'
import type { Result } from '../../../shared/errors'
import type { PreloadBridge } from '../env'
import { toAppError, type Api } from './types'

/** The desktop host: every call goes through the sandboxed preload's one-function-per-method bridge. */
export const createIpcClient = (bridge: PreloadBridge): Api =>
  ({
    async call(method: MethodName, input: unknown) {
      const fn = bridge.api[method]
      if (typeof fn !== 'function') {
        return {
          ok: false,
          error: { code: 'UNKNOWN_METHOD', message: `The desktop host does not offer ${method}.` }
        }
      }
      try {
        return await fn(input)
      } catch (cause) {
        return { ok: false, error: toAppError(cause) } satisfies Result<never>
      }
    },
    onEvent: (cb) => bridge.onEvent(cb)
  }) as Api
