import { afterEach, describe, expect, it, vi } from 'vitest'
import { AppFailure } from '../../shared/errors'
import { untilCancelled } from './call-scope'
import { withTimeout } from './interrupt'

const timeout = () => new AppFailure('TIMEOUT', 'no answer within 50 ms')

describe('settling early', () => {
  afterEach(() => {
    vi.useRealTimers()
  })

  it('withTimeout answers with the work when it is in time, and disarms its timer', async () => {
    vi.useFakeTimers()
    const answer = withTimeout(Promise.resolve(7), 50, timeout)
    await expect(answer).resolves.toBe(7)
    expect(vi.getTimerCount()).toBe(0)
  })

  it('withTimeout rejects with the given failure when the work is late', async () => {
    vi.useFakeTimers()
    const late = withTimeout(new Promise(() => undefined), 50, timeout)
    vi.advanceTimersByTime(50)
    await expect(late).rejects.toMatchObject({ code: 'TIMEOUT', message: 'no answer within 50 ms' })
  })

  it('passes the work’s own failure through, as an Error', async () => {
    await expect(
      withTimeout(Promise.reject(new AppFailure('UNREACHABLE', 'down')), 50, timeout)
    ).rejects.toMatchObject({
      code: 'UNREACHABLE'
    })
    await expect(withTimeout(Promise.reject('text'), 50, timeout)).rejects.toThrow('text')
  })

  it('untilCancelled rejects at the abort, or at once when already aborted, and stops listening after', async () => {
    const controller = new AbortController()
    const waiting = untilCancelled(new Promise(() => undefined), controller.signal)
    controller.abort()
    await expect(waiting).rejects.toMatchObject({ code: 'CANCELLED' })
    await expect(untilCancelled(Promise.resolve(1), controller.signal)).rejects.toMatchObject({
      code: 'CANCELLED'
    })
    const other = new AbortController()
    const remove = vi.spyOn(other.signal, 'removeEventListener')
    await expect(untilCancelled(Promise.resolve(2), other.signal)).resolves.toBe(2)
    expect(remove).toHaveBeenCalledWith('abort', expect.any(Function))
  })
})
