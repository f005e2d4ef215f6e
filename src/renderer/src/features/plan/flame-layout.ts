import type { AnalyzedNode } from '../../../../shared/plan'

export interface FlameBox {
  id: number
  depth: number
  /** Fractions of the full width, 0..1. */
  left: number
  width: number
}

export type FlameMeasure = 'time' | 'cost' | 'nodes'

/** Inclusive time when the plan was analyzed, else total cost, else subtree size. */
export const flameMeasure = (nodes: readonly AnalyzedNode[]): FlameMeasure => {
  if (nodes.some((n) => (n.inclusiveMs ?? 0) > 0)) return 'time'
  if (nodes.some((n) => (n.node.totalCost ?? 0) > 0)) return 'cost'
  return 'nodes'
}

const subtreeSizes = (nodes: readonly AnalyzedNode[]): number[] => {
  const sizes = nodes.map(() => 1)
  for (let i = nodes.length - 1; i >= 0; i--) {
    const parent = nodes[i]?.parentId
    if (parent !== null && parent !== undefined) sizes[parent] = (sizes[parent] ?? 0) + (sizes[i] ?? 0)
  }
  return sizes
}

/**
 * Icicle layout: the root spans the width, children sit under their parent, sized by the measure.
 * Children that add up to more than their parent (parallel workers, InitPlans, loops) are scaled
 * down to fit, so boxes never overlap.
 */
export const flameLayout = (nodes: readonly AnalyzedNode[]): { boxes: FlameBox[]; measure: FlameMeasure } => {
  const measure = flameMeasure(nodes)
  const sizes = measure === 'nodes' ? subtreeSizes(nodes) : []
  const weight = (n: AnalyzedNode): number => {
    const w = measure === 'time' ? n.inclusiveMs : measure === 'cost' ? n.node.totalCost : sizes[n.id]
    return w !== null && w !== undefined && Number.isFinite(w) && w > 0 ? w : 0
  }
  const boxes: FlameBox[] = []
  const root = nodes[0]
  if (root === undefined) return { boxes, measure }
  const place = (n: AnalyzedNode, left: number, width: number): void => {
    boxes.push({ id: n.id, depth: n.depth, left, width })
    const kids = n.childIds.map((id) => nodes[id]).filter((k) => k !== undefined)
    const own = weight(n)
    const sum = kids.reduce((s, k) => s + weight(k), 0)
    if (sum === 0) return
    // Widths are relative to this node's weight; never wider than the node itself.
    const scale = width / Math.max(own, sum)
    let at = left
    for (const k of kids) {
      const w = weight(k) * scale
      place(k, at, w)
      at += w
    }
  }
  place(root, 0, 1)
  return { boxes, measure }
}
