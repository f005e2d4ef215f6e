import { describe, expect, it, vi } from 'vitest'
import { AppFailure } from '../../shared/errors'
import { METHOD_NAMES } from '../../shared/contract'
import { registerSecret } from '../core/redact'
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
      () => undefined
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
