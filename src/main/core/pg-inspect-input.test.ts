/**
 * pg.inspectRelation input is validated in main before the handler runs: a bad schema or table name is
 * refused as INVALID_INPUT naming the field and what is wrong with it, and never reaches the server.
 */
import { describe, expect, it, vi } from 'vitest'
import { METHOD_NAMES, type MethodInput } from '../../shared/contract'
import { isCancellable } from '../../shared/cancellable'
import { createDispatch, type Handlers } from './dispatch'

const unexpected = () => Promise.reject(new Error('not used in this test'))
const handlers = Object.fromEntries(METHOD_NAMES.map((m) => [m, unexpected])) as unknown as Handlers

const inspect = async (input: Record<string, unknown>) => {
  const handler = vi.fn(
    async (_input: MethodInput<'pg.inspectRelation'>) =>
      ({ ok: false, reason: 'NOT_FOUND', message: 'stub' }) as const
  )
  const dispatch = createDispatch({ ...handlers, 'pg.inspectRelation': handler })
  const result = await dispatch('pg.inspectRelation', { connectionId: 'p1', ...input })
  return { result, handler }
}

const refusal = async (input: Record<string, unknown>): Promise<string> => {
  const { result, handler } = await inspect(input)
  expect(handler).not.toHaveBeenCalled()
  if (result.ok) return 'accepted'
  expect(result.error.code).toBe('INVALID_INPUT')
  return result.error.message
}

describe('pg.inspectRelation input', () => {
  it('refuses bad table and schema names, saying which field and why', async () => {
    expect(await refusal({ schema: 'public', table: '' })).toMatch(
      /^Invalid input for pg\.inspectRelation: table: .*>=1 characters/
    )
    expect(await refusal({ schema: 'public', table: 'é'.repeat(32) })).toBe(
      'Invalid input for pg.inspectRelation: table: is longer than 63 bytes.'
    )
    expect(await refusal({ schema: 'pub\nlic', table: 'orders' })).toBe(
      'Invalid input for pg.inspectRelation: schema: must not contain control characters.'
    )
    expect(await refusal({ schema: 7, table: 'orders' })).toMatch(/: schema: .*expected string/)
    expect(await refusal({ schema: 'public' })).toMatch(/: table: .*expected string/)
    expect(await refusal({ table: 'orders', relation: 'public.orders' })).toMatch(
      /Unrecognized key.*relation/
    )
    expect(await refusal({ table: 'orders', confirmLarge: 'yes' })).toMatch(/: confirmLarge: .*boolean/)
  })

  it('passes a valid name through unchanged, quotes and semicolons included (they are quoted later)', async () => {
    const { result, handler } = await inspect({ table: 'we"ird; drop table x', confirmLarge: true })
    expect(result.ok).toBe(true)
    expect(handler).toHaveBeenCalledOnce()
    expect(handler.mock.calls[0]?.[0]).toEqual({
      connectionId: 'p1',
      schema: 'public',
      table: 'we"ird; drop table x',
      confirmLarge: true
    })
  })

  it('is cancellable like the other reads', () => {
    expect(isCancellable('pg.inspectRelation')).toBe(true)
  })
})
