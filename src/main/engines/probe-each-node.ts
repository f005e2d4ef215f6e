import { reportProgress } from '../support/call-scope'

/**
 * Probes every node concurrently and reports each one as it answers, so a slow cluster member shows as
 * "2 of 3 nodes" next to the call's Cancel instead of a silent wait.
 */
export const probeEachNode = <N extends { address: string }, R>(
  nodes: readonly N[],
  probe: (node: N) => Promise<R>
): Promise<R[]> => {
  let done = 0
  return Promise.all(
    nodes.map(async (node) => {
      try {
        return await probe(node)
      } finally {
        done += 1
        reportProgress(
          done,
          nodes.length,
          `${done} of ${nodes.length} nodes answered (last: ${node.address})`
        )
      }
    })
  )
}
