import { describe, expect, it } from 'vitest'
import { PAGE_ROWS, treeKeyMove, type TreeItem } from './tree-keys'

// 0 ─┬─ 1 ── 2
//    └─ 3 (folded)
const items: TreeItem[] = [
  { id: 0, parentId: null, hasChildren: true, collapsed: false },
  { id: 1, parentId: 0, hasChildren: true, collapsed: false },
  { id: 2, parentId: 1, hasChildren: false, collapsed: false },
  { id: 3, parentId: 0, hasChildren: true, collapsed: true }
]

describe('treeKeyMove', () => {
  it('moves with the arrows and stops at both ends', () => {
    expect(treeKeyMove('ArrowDown', items, 1)).toEqual({ select: 2 })
    expect(treeKeyMove('ArrowDown', items, 3)).toEqual({ select: 3 })
    expect(treeKeyMove('ArrowUp', items, 2)).toEqual({ select: 1 })
    expect(treeKeyMove('ArrowUp', items, 0)).toEqual({ select: 0 })
  })
  it('starts at the first row when nothing is selected', () => {
    expect(treeKeyMove('ArrowDown', items, null)).toEqual({ select: 0 })
    expect(treeKeyMove('ArrowUp', items, 42)).toEqual({ select: 0 })
  })
  it('jumps with Home / End and a page with PageUp / PageDown', () => {
    expect(treeKeyMove('Home', items, 2)).toEqual({ select: 0 })
    expect(treeKeyMove('End', items, 0)).toEqual({ select: 3 })
    const long = Array.from({ length: 50 }, (_, id): TreeItem => ({
      id,
      parentId: null,
      hasChildren: false,
      collapsed: false
    }))
    expect(treeKeyMove('PageDown', long, 5)).toEqual({ select: 5 + PAGE_ROWS })
    expect(treeKeyMove('PageUp', long, 5)).toEqual({ select: 0 })
  })
  it('unfolds with Right, folds with Left, then Left goes to the parent', () => {
    expect(treeKeyMove('ArrowRight', items, 3)).toEqual({ toggle: 3, open: true })
    expect(treeKeyMove('ArrowRight', items, 2)).toBeNull()
    expect(treeKeyMove('ArrowLeft', items, 1)).toEqual({ toggle: 1, open: false })
    expect(treeKeyMove('ArrowLeft', items, 3)).toEqual({ select: 0 })
    expect(treeKeyMove('ArrowLeft', items, 2)).toEqual({ select: 1 })
    expect(treeKeyMove('ArrowLeft', items, 0)).toEqual({ toggle: 0, open: false })
  })
  it('ignores other keys and empty trees', () => {
    expect(treeKeyMove('a', items, 0)).toBeNull()
    expect(treeKeyMove('End', [], null)).toBeNull()
  })
})
