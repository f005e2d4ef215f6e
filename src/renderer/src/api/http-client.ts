import type { AppEvent, MethodName } from '../../../shared/contract'
import type { AppError, Result } from '../../../shared/errors'
import { SseParser } from './sse'
import type { Api } from './types'

const fail = (error: AppError): Result<never> => ({ ok: false, error })

const isEnvelope = (value: unknown): value is Result<unknown> => {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false
  const v = value as { ok: unknown; error?: unknown }
  if (v.ok === true) return 'value' in value
  if (v.ok !== false || typeof v.error !== 'object' || v.error === null) return false
  const e = v.error as { code?: unknown; message?: unknown }
  return typeof e.code === 'string' && typeof e.message === 'string'
}

const isAppEvent = (value: unknown): value is AppEvent =>
  typeof value === 'object' && value !== null && typeof (value as { type?: unknown }).type === 'string'

/** The `dbconsole serve` host: `POST /rpc/<method>` plus server-sent events at `/events`, same origin only. */
export const createHttpClient = (token: string | null): Api => {
  const headers = (): Record<string, string> => (token ? { Authorization: `Bearer ${token}` } : {})
  const listeners = new Set<(event: AppEvent) => void>()
  let stream: AbortController | null = null

  const call = async (method: MethodName, input: unknown): Promise<Result<unknown>> => {
    let response: Response
    try {
      response = await fetch(`/rpc/${encodeURIComponent(method)}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers() },
        body: JSON.stringify(input ?? {})
      })
    } catch {
      return fail({
        code: 'UNREACHABLE',
        message: 'The dbconsole host does not answer. Is `dbconsole serve` still running?'
      })
    }
    if (response.status === 401) {
      return fail({
        code: 'REFUSED',
        message: 'This page has no valid access token. Open the address that `dbconsole serve` printed.'
      })
    }
    if (response.status === 404) {
      return fail({ code: 'UNKNOWN_METHOD', message: `The host does not offer ${method}.` })
    }
    let body: unknown
    try {
      body = await response.json()
    } catch {
      return fail({
        code: 'INTERNAL',
        message: `The host answered ${method} with something that is not JSON (HTTP ${response.status}).`
      })
    }
    if (!isEnvelope(body))
      return fail({ code: 'INTERNAL', message: `The host answered ${method} with an unexpected shape.` })
    return body
  }

  const runStream = async (controller: AbortController): Promise<void> => {
    let delay = 500
    while (!controller.signal.aborted) {
      try {
        const response = await fetch('/events', {
          headers: { Accept: 'text/event-stream', ...headers() },
          signal: controller.signal
        })
        if (response.ok && response.body) {
          delay = 500
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader()
          const parser = new SseParser()
          for (;;) {
            const { value, done } = await reader.read()
            if (done) break
            for (const data of parser.push(value)) {
              let parsed: unknown
              try {
                parsed = JSON.parse(data)
              } catch {
                continue
              }
              if (isAppEvent(parsed)) for (const cb of listeners) cb(parsed)
            }
          }
        } else if (response.status === 401 || response.status === 404) {
          return
        }
      } catch {
        if (controller.signal.aborted) return
      }
      // Reconnect with a capped, jittered back-off.
      await new Promise((r) => setTimeout(r, delay + Math.random() * delay))
      delay = Math.min(delay * 2, 10_000)
    }
  }

  return {
    call,
    onEvent(cb) {
      listeners.add(cb)
      if (stream === null) {
        stream = new AbortController()
        void runStream(stream)
      }
      return () => {
        listeners.delete(cb)
        if (listeners.size === 0 && stream !== null) {
          stream.abort()
          stream = null
        }
      }
    }
  } as Api
}
