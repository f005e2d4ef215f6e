import type { AnalyzedNode, PlanNode } from '../../../../shared/plan'

/** A minimal analysed tree for unit tests: [parentId, nodeType, relation, inclusiveMs, exclusiveMs]. */
export const makeNodes = (
  specs: [number | null, string, string | null, number | null, number | null][]
): AnalyzedNode[] => {
  const nodes: AnalyzedNode[] = []
  specs.forEach(([parentId, nodeType, relation, inclusiveMs, exclusiveMs], id) => {
    const parent = parentId === null ? undefined : nodes[parentId]
    const node = {
      nodeType,
      label: nodeType,
      relation,
      alias: null,
      indexName: null,
      cteName: null,
      functionName: null,
      subplanName: null,
      totalCost: 10,
      children: []
    } as unknown as PlanNode
    nodes.push({
      id,
      parentId,
      childIds: [],
      depth: parent === undefined ? 0 : parent.depth + 1,
      node,
      title: relation === null ? nodeType : `${nodeType} on ${relation}`,
      parallel: false,
      inclusiveMs,
      exclusiveMs,
      percentOfTotal: null,
      totalRows: 100,
      estimateFactor: null,
      estimateDirection: null,
      rowsRemoved: null,
      ownTempWritten: null,
      ioMs: null
    })
    parent?.childIds.push(id)
  })
  return nodes
}
