/** One sweep per connection at a time, shared by every caller; it stops only when all of them left. */
import { describe, expect, it } from 'vitest'
import type { EngineDetail } from '../../shared/detail'
import { callSignal, reportProgress } from '../support/call-scope'
import { ConnectionChecks, type SweepOptions } from './checks'
import type { CallContext } from './dispatch'

interface Started {
  connectionId: string
  options: SweepOptions
  signal: AbortSignal | undefined
  finish: (detail: EngineDetail) => void
}

/** A sweep that waits until the test finishes it, recording each start and the signal it ran under. */
const controlledSweeps = () => {
  const started: Started[] = []
  const checks = new ConnectionChecks(
    (connectionId, options) =>
      new Promise<EngineDetail>((finish) => {
        started.push({ connectionId, options, signal: callSignal(), finish })
        reportProgress(1, 2, `${connectionId}: half`)
        // Timers keep the call scope: a later step reports to whoever waits by then.
        setTimeout(() => reportProgress(2, 2, `${connectionId}: done`), 0)
      })
  )
  return { started, checks }
}

const caller = () => {
  const controller = new AbortController()
  const progress: string[] = []
  const call: CallContext = { signal: controller.signal, progress: (_d, _t, m) => progress.push(m) }
  return { call, progress, cancel: () => controller.abort() }
}

const detail = (name: string): EngineDetail => ({ reports: [], nodes: [{ node: name, topics: {} }] })
const plain = { bigKeys: false }

describe('ConnectionChecks', () => {
  it('callers that ask while a sweep runs share it; the next one after it settled starts another', async () => {
    const { started, checks } = controlledSweeps()
    const [a, b] = [caller(), caller()]
    const first = checks.run('c1', plain, a.call)
    const second = checks.run('c1', plain, b.call)
    expect(started).toHaveLength(1)
    started[0]?.finish(detail('one'))
    expect(await first).toEqual(detail('one'))
    expect(await second).toEqual(detail('one'))
    const third = checks.run('c1', plain, caller().call)
    expect(started).toHaveLength(2)
    started[1]?.finish(detail('two'))
    expect(await third).toEqual(detail('two'))
  })

  it('other connections and other options get their own sweep', () => {
    const { started, checks } = controlledSweeps()
    void checks.run('c1', plain, caller().call)
    void checks.run('c2', plain, caller().call)
    void checks.run('c1', { bigKeys: true }, caller().call)
    expect(started.map((s) => [s.connectionId, s.options.bigKeys])).toEqual([
      ['c1', false],
      ['c2', false],
      ['c1', true]
    ])
  })

  it('one caller cancelling leaves the sweep running for the others', async () => {
    const { started, checks } = controlledSweeps()
    const [a, b] = [caller(), caller()]
    const first = checks.run('c1', plain, a.call)
    const second = checks.run('c1', plain, b.call)
    a.cancel()
    await expect(first).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(started[0]?.signal?.aborted).toBe(false)
    started[0]?.finish(detail('one'))
    expect(await second).toEqual(detail('one'))
  })

  it('the sweep stops when every caller has gone, and the next caller starts afresh', async () => {
    const { started, checks } = controlledSweeps()
    const a = caller()
    const first = checks.run('c1', plain, a.call)
    a.cancel()
    await expect(first).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(started[0]?.signal?.aborted).toBe(true)
    void checks.run('c1', plain, caller().call)
    expect(started).toHaveLength(2)
    expect(started[1]?.signal?.aborted).toBe(false)
  })

  it('a caller cancelled before it asked starts nothing', async () => {
    const { started, checks } = controlledSweeps()
    const a = caller()
    a.cancel()
    await expect(checks.run('c1', plain, a.call)).rejects.toMatchObject({ code: 'CANCELLED' })
    expect(started).toHaveLength(0)
  })

  it('progress reaches every caller waiting for the sweep', async () => {
    const { started, checks } = controlledSweeps()
    const [a, b] = [caller(), caller()]
    const first = checks.run('c1', plain, a.call)
    void checks.run('c1', plain, b.call)
    await new Promise((r) => setTimeout(r, 5))
    expect(a.progress).toEqual(['c1: half', 'c1: done'])
    expect(b.progress).toEqual(['c1: done'])
    started[0]?.finish(detail('one'))
    await first
  })
})
