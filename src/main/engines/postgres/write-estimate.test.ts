import { describe, expect, it } from 'vitest'
import { writeEstimate } from './write-estimate'

const modify = (plans: Record<string, unknown>[]) => [
  { Plan: { 'Node Type': 'ModifyTable', 'Plan Rows': 0, 'Total Cost': 35.5, Plans: plans } }
]

describe('writeEstimate', () => {
  it('reads the rows from the node feeding ModifyTable, not from ModifyTable (always 0)', () => {
    expect(writeEstimate(modify([{ 'Node Type': 'Seq Scan', 'Plan Rows': 1000 }]))).toEqual({
      rows: 1000,
      cost: 35.5,
      topNode: 'ModifyTable'
    })
  })

  it('skips an InitPlan computing a value for the write', () => {
    const plan = modify([
      { 'Node Type': 'Result', 'Parent Relationship': 'InitPlan', 'Plan Rows': 1 },
      { 'Node Type': 'Index Scan', 'Parent Relationship': 'Outer', 'Plan Rows': 42 }
    ])
    expect(writeEstimate(plan).rows).toBe(42)
  })

  it('finds a ModifyTable below the root (WITH ... UPDATE)', () => {
    const plan = [
      {
        Plan: {
          'Node Type': 'Aggregate',
          'Plan Rows': 1,
          'Total Cost': 9,
          Plans: modify([{ 'Node Type': 'Seq Scan', 'Plan Rows': 7 }]).map((p) => p.Plan)
        }
      }
    ]
    expect(writeEstimate(plan)).toEqual({ rows: 7, cost: 9, topNode: 'Aggregate' })
  })

  it('uses the root when there is no ModifyTable, and nulls when there is no plan', () => {
    expect(writeEstimate([{ Plan: { 'Node Type': 'Seq Scan', 'Plan Rows': 5, 'Total Cost': 1 } }]).rows).toBe(
      5
    )
    expect(writeEstimate(modify([])).rows).toBe(0)
    expect(writeEstimate(undefined)).toEqual({ rows: null, cost: null, topNode: null })
    expect(writeEstimate([])).toEqual({ rows: null, cost: null, topNode: null })
  })
})
