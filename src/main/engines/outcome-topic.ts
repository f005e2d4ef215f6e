import type { TopicTable } from '../../shared/detail'
import type { ProbeOutcome } from '../diagnostics/pipeline/engine-diagnostics'

/** One probe's outcome as a topic: its records as rows, or why there are none. */
export const outcomeTopic = <T, R>(outcome: ProbeOutcome<T>, rows: (value: T) => R[]): TopicTable<R> =>
  outcome.ok ? { ok: true, rows: rows(outcome.value) } : { ok: false, why: outcome.why }
