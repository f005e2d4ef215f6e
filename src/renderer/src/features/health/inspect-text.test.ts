import { describe, expect, it } from 'vitest'
import type { RelationInspection } from '../../../../shared/pg-inspect'
import { inspectionLines } from './inspect-text'

// What parseInspection makes of the recorded rows (diagnostics/postgres/fixtures/pgstattuple_approx--*).
const partial: RelationInspection = {
  kind: 'table',
  relation: '"public"."settled"',
  bytes: 12_288_000,
  wastedRatio: 0.04839908854166667,
  deadTupleRatio: 0.04435221354166667,
  freeRatio: 0.004046875,
  scannedPercent: 9,
  liveTuples: 99_972,
  deadTuples: 5_000
}

describe('inspectionLines', () => {
  it('says dead tuples are exact and free space approximate when only some pages were read', () => {
    const lines = inspectionLines('public.settled', partial)
    expect(lines[0]).toBe('public.settled: pgstattuple_approx of the 11.7 MiB table.')
    expect(lines[1]).toBe('Dead tuples 4.4 % of the table (5,000 tuples), exact.')
    expect(lines[2]).toBe(
      'Free space 0.4 %, approximate (9.0 % of the pages read, the rest from the free space map).'
    )
    expect(lines[3]).toBe('Live tuples 99,972, approximate.')
    expect(lines[4]).toContain('4.8 % of the table')
  })

  it('says every figure is exact after a full read', () => {
    const lines = inspectionLines('public.churn', { ...partial, scannedPercent: 100 })
    expect(lines[2]).toBe('Free space 0.4 %, exact (every page was read).')
    expect(lines[3]).toBe('Live tuples 99,972, exact.')
  })

  it('describes a B-tree index from pgstatindex', () => {
    const lines = inspectionLines('public.churn_pkey', {
      kind: 'btree',
      relation: '"public"."churn_pkey"',
      bytes: 4_513_792,
      avgLeafDensity: 0.9332,
      leafFragmentation: 0.4991,
      leafPages: 547,
      deletedPages: 0
    })
    expect(lines).toEqual([
      'public.churn_pkey: pgstatindex of the 4.30 MiB B-tree index.',
      'Average leaf density 93.3 %, leaf fragmentation 49.9 %; 547 leaf pages, 0 deleted.'
    ])
  })
})
