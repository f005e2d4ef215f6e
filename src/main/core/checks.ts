/**
 * One sweep per connection at a time, shared by everyone who asks while it runs: the Overview tab's
 * checks, the incident overview's poll and the engine pages' records all come through here, and
 * `sweepConnection` judges every sweep against one counter history and one pg_stat_statements
 * snapshot store, so no view sweeps the server on its own.
 *
 * A sweep runs in a call scope of its own: it stops only when every caller waiting for it has gone
 * (cancelled), and its progress reaches every one of them.
 */
import type { EngineDetail } from '../../shared/detail'
import { CounterHistory } from '../diagnostics/counter-window'
import { runDetail } from '../engines/check'
import { StatsSnapshotStore } from '../engines/postgres/stats-snapshots'
import type { EngineSession } from '../engines/types'
import { cancelledFailure, runInCallScope, untilCancelled } from '../support/call-scope'
import type { CallContext } from './dispatch'
import type { ReportProgress } from './requests'

export interface SweepOptions {
  /** The bounded big-key SCAN on every Redis master: the full check runs it, the periodic views do not. */
  bigKeys: boolean
}

interface RunningSweep {
  result: Promise<EngineDetail>
  stop: AbortController
  waiting: Set<ReportProgress>
}

export type Sweep = (connectionId: string, options: SweepOptions) => Promise<EngineDetail>

/** Where a connection's session and the URL its reports name come from. */
export type SessionOf = (
  connectionId: string
) => Promise<{ session: EngineSession; input: string; peers?: EngineSession[] }>

/** The core's sweep: every check with every probe's records, each judged against the previous sweep. */
export const sweepConnection = (sessionOf: SessionOf): Sweep => {
  const counters = new CounterHistory()
  const pgSnapshots = new StatsSnapshotStore()
  return async (connectionId, options) => {
    const { session, input, peers = [] } = await sessionOf(connectionId)
    return runDetail(session, input, {
      pgSnapshots,
      counters,
      redisBigKeys: options.bigKeys,
      pgPeers: peers.filter((p) => p.engine === 'postgres')
    })
  }
}

export class ConnectionChecks {
  private readonly running = new Map<string, RunningSweep>()

  constructor(private readonly sweep: Sweep) {}

  /** The connection's sweep: the one running with the same options, or a new one. */
  async run(connectionId: string, options: SweepOptions, call: CallContext): Promise<EngineDetail> {
    if (call.signal.aborted) throw cancelledFailure()
    const key = `${connectionId}\u0000${options.bigKeys ? 'big-keys' : 'plain'}`
    const sweep = this.running.get(key) ?? this.start(key, connectionId, options, call.progress)
    sweep.waiting.add(call.progress)
    const leave = () => {
      sweep.waiting.delete(call.progress)
      if (sweep.waiting.size > 0) return
      // Nobody waits any more: stop the server-side work and let the next caller start afresh.
      sweep.stop.abort()
      if (this.running.get(key) === sweep) this.running.delete(key)
    }
    call.signal.addEventListener('abort', leave, { once: true })
    return untilCancelled(sweep.result, call.signal).finally(() => {
      call.signal.removeEventListener('abort', leave)
      sweep.waiting.delete(call.progress)
    })
  }

  private start(
    key: string,
    connectionId: string,
    options: SweepOptions,
    first: ReportProgress
  ): RunningSweep {
    const stop = new AbortController()
    const waiting = new Set<ReportProgress>([first])
    const progress: ReportProgress = (done, total, message) => {
      for (const report of waiting) report(done, total, message)
    }
    const result = runInCallScope({ signal: stop.signal, progress }, () =>
      this.sweep(connectionId, options)
    ).finally(() => {
      if (this.running.get(key) === sweep) this.running.delete(key)
    })
    // Callers that left have stopped listening; a late failure is theirs to ignore, not the process's.
    result.catch(() => undefined)
    const sweep: RunningSweep = { result, stop, waiting }
    this.running.set(key, sweep)
    return sweep
  }
}
