import { describe, expect, it } from 'vitest'
import { sameRowProps } from './same-row-props'

const onSelect = (): void => undefined
const row = { id: 3, onSelect, flags: { selected: false, collapsed: true } }

describe('sameRowProps', () => {
  it('treats a fresh flags object with the same fields as the same row', () => {
    expect(sameRowProps(row, { ...row, flags: { selected: false, collapsed: true } })).toBe(true)
  })
  it('sees a changed flag, a changed prop and a new handler', () => {
    expect(sameRowProps(row, { ...row, flags: { selected: true, collapsed: true } })).toBe(false)
    expect(sameRowProps(row, { ...row, id: 4 })).toBe(false)
    expect(sameRowProps(row, { ...row, onSelect: () => undefined })).toBe(false)
  })
})
