import { describe, expect, it } from 'vitest'
import { ANALYSIS_KIND_IDS } from '../../shared/analysis'
import { ANALYSIS_KINDS } from './kinds'

describe('the kinds of pasted output', () => {
  it('are exactly the ids analyze.text accepts as a hint, each once', () => {
    const ids = ANALYSIS_KINDS.map((k) => k.kind)
    expect(new Set(ids).size).toBe(ids.length)
    expect([...ids].sort()).toEqual([...ANALYSIS_KIND_IDS].sort())
  })
})
