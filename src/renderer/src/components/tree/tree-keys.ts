/** What the keyboard needs of one selectable row of a tree. */
export interface TreeItem {
  id: number
  parentId: number | null
  hasChildren: boolean
  collapsed: boolean
}

/** A key press either selects a row or folds / unfolds one. */
export type TreeMove = { select: number } | { toggle: number; open: boolean }

/** Rows skipped by PageUp / PageDown. */
export const PAGE_ROWS = 20

/**
 * The WAI-ARIA tree keys over the visible selectable rows: arrows move, Home / End jump, PageUp /
 * PageDown skip a page, Right unfolds, Left folds or goes to the parent. Null for any other key.
 */
export const treeKeyMove = (
  key: string,
  items: readonly TreeItem[],
  selectedId: number | null
): TreeMove | null => {
  const at = items.findIndex((item) => item.id === selectedId)
  const current = items[at]
  const go = (index: number): TreeMove | null => {
    const item = items[Math.max(0, Math.min(items.length - 1, index))]
    return item === undefined ? null : { select: item.id }
  }
  switch (key) {
    case 'ArrowDown':
      return go(at + 1)
    case 'ArrowUp':
      return go(at <= 0 ? 0 : at - 1)
    case 'Home':
      return go(0)
    case 'End':
      return go(items.length - 1)
    case 'PageDown':
      return go(at + PAGE_ROWS)
    case 'PageUp':
      return go(at - PAGE_ROWS)
    case 'ArrowRight':
      return current?.hasChildren === true ? { toggle: current.id, open: true } : null
    case 'ArrowLeft':
      if (current === undefined) return null
      if (current.hasChildren && !current.collapsed) return { toggle: current.id, open: false }
      return current.parentId === null ? null : { select: current.parentId }
    default:
      return null
  }
}

/** Keys the tree handles even when they change nothing (Right on a leaf), so the page does not scroll. */
export const TREE_KEYS: ReadonlySet<string> = new Set([
  'ArrowDown',
  'ArrowUp',
  'Home',
  'End',
  'PageDown',
  'PageUp',
  'ArrowRight',
  'ArrowLeft'
])
