import { describe, expect, it, vi } from 'vitest'
import { AppFailure } from '../../shared/errors'
import { contract, METHOD_NAMES } from '../../shared/contract'
import { isCancellable } from '../../shared/cancellable'
import { EventHub } from './events'
import { RequestRegistry } from './requests'
import { registerSecret } from '../../shared/redact'
import { createDispatch, type Handlers } from './dispatch'

const unexpected = () => Promise.reject(new Error('not used in this test'))
const handlers = Object.fromEntries(METHOD_NAMES.map((m) => [m, unexpected])) as unknown as Handlers

describe('dispatch', () => {
  it('refuses an unknown method without calling anything', async () => {
    const spy = vi.fn()
    const dispatch = createDispatch({ ...handlers, 'app.info': spy })
    const result = await dispatch('connections.drop', {})
    expect(result).toEqual({
      ok: false,
      error: { code: 'UNKNOWN_METHOD', message: 'Unknown method "connections.drop".' }
    })
    expect(spy).not.toHaveBeenCalled()
  })

  it('refuses input that does not match the schema, naming the field', async () => {
    const save = vi.fn()
    const dispatch = createDispatch({ ...handlers, 'connections.save': save })
    const result = await dispatch('connections.save', {
      name: 'x',
      engine: 'oracle',
      url: 'postgres://h',
      environment: 'production'
    })
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.code).toBe('INVALID_INPUT')
    expect(result.error.message).toContain('engine')
    expect(save).not.toHaveBeenCalled()
  })

  it('refuses extra fields and control characters', async () => {
    const dispatch = createDispatch(handlers)
    const extra = await dispatch('connections.list', { admin: true })
    expect(extra.ok ? null : extra.error.code).toBe('INVALID_INPUT')
    const injected = await dispatch('connections.save', {
      name: 'a\r\nb',
      engine: 'redis',
      url: 'redis://h',
      environment: 'development'
    })
    expect(injected.ok ? null : injected.error.message).toContain('control characters')
  })

  it('passes validated input to the handler and wraps its value', async () => {
    const dispatch = createDispatch({
      ...handlers,
      'connections.remove': async ({ id }) => ({ removed: id }) as never
    })
    expect(await dispatch('connections.remove', { id: 'abc-1' })).toEqual({
      ok: true,
      value: { removed: 'abc-1' }
    })
  })

  it('keeps the code of an AppFailure and redacts secrets in any message', async () => {
    registerSecret('Sentinel-pass-123')
    const dispatch = createDispatch(
      {
        ...handlers,
        'connections.connect': () =>
          Promise.reject(
            new AppFailure('AUTH_FAILED', 'login failed for postgres://u:Sentinel-pass-123@h/db')
          ),
        'connections.disconnect': () => Promise.reject(new Error('boom Sentinel-pass-123'))
      },
      { log: () => undefined }
    )
    const auth = await dispatch('connections.connect', { id: 'p1' })
    expect(auth).toEqual({
      ok: false,
      error: { code: 'AUTH_FAILED', message: 'login failed for postgres://u:***@h/db' }
    })
    const internal = await dispatch('connections.disconnect', { id: 'p1' })
    expect(internal).toEqual({
      ok: false,
      error: { code: 'INTERNAL', message: 'Internal error in connections.disconnect: boom ***' }
    })
  })
})

describe('cancelling a call by its request id', () => {
  const waitForAbort = (signal: AbortSignal): Promise<never> =>
    new Promise((_resolve, reject) =>
      signal.addEventListener('abort', () => reject(new Error('aborted late')), { once: true })
    )

  it('answers CANCELLED at once, even when the handler ignores the signal', async () => {
    const requests = new RequestRegistry(new EventHub())
    let seen: AbortSignal | undefined
    const dispatch = createDispatch(
      {
        ...handlers,
        'diagnostics.run': (_input, { signal }) => {
          seen = signal
          return new Promise(() => undefined) // never settles: a server that does not answer
        }
      },
      { requests }
    )
    const pending = dispatch('diagnostics.run', { connectionId: 'p1', requestId: 'r-1' })
    await vi.waitFor(() => expect(seen).toBeDefined())
    expect(requests.cancel('r-1')).toBe(true)
    expect(await pending).toEqual({
      ok: false,
      error: { code: 'CANCELLED', message: 'Cancelled: the request was stopped before it finished.' }
    })
    expect(seen?.aborted).toBe(true)
    // Settled calls leave the registry: a second cancel finds nothing.
    expect(requests.cancel('r-1')).toBe(false)
  })

  it('refuses a request id on a call that cannot be cancelled, and a second call with a running id', async () => {
    const requests = new RequestRegistry(new EventHub())
    const dispatch = createDispatch(
      { ...handlers, 'console.run': (_input, { signal }) => waitForAbort(signal) },
      { requests }
    )
    const list = await dispatch('connections.list', { requestId: 'r-2' })
    expect(list.ok ? null : list.error.code).toBe('INVALID_INPUT')
    const first = dispatch('console.run', { connectionId: 'p1', text: 'select 1', requestId: 'r-3' })
    const second = await dispatch('console.run', { connectionId: 'p1', text: 'select 2', requestId: 'r-3' })
    expect(second).toEqual({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'Request r-3 is already running.' }
    })
    requests.cancel('r-3')
    expect((await first).ok).toBe(false)
  })

  it('a cancel that arrives before its call stops the call as soon as it starts', async () => {
    const requests = new RequestRegistry(new EventHub())
    const dispatch = createDispatch(
      { ...handlers, 'metrics.sample': (_input, { signal }) => waitForAbort(signal) },
      { requests }
    )
    expect(requests.cancel('r-early')).toBe(false)
    expect(await dispatch('metrics.sample', { connectionId: 'p1', requestId: 'r-early' })).toMatchObject({
      ok: false,
      error: { code: 'CANCELLED' }
    })
  })

  it('accepts a request id on exactly the methods listed as cancellable (and requests.cancel)', () => {
    for (const name of METHOD_NAMES) {
      const schema = contract[name].input as unknown as { shape?: Record<string, unknown> }
      const named = name === 'requests.cancel' || isCancellable(name)
      expect(Object.hasOwn(schema.shape ?? {}, 'requestId'), name).toBe(named)
    }
  })

  it('lets requests.cancel name a running call without taking its id', async () => {
    const requests = new RequestRegistry(new EventHub())
    const dispatch = createDispatch(
      {
        ...handlers,
        'overview.run': (_input, { signal }) => waitForAbort(signal),
        'requests.cancel': async ({ requestId }) => ({ cancelled: requests.cancel(requestId) })
      },
      { requests }
    )
    const running = dispatch('overview.run', { requestId: 'r-4' })
    await Promise.resolve()
    expect(await dispatch('requests.cancel', { requestId: 'r-4' })).toEqual({
      ok: true,
      value: { cancelled: true }
    })
    expect(await running).toMatchObject({ ok: false, error: { code: 'CANCELLED' } })
  })
})
