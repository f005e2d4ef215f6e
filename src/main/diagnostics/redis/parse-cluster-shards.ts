/**
 * `CLUSTER SHARDS` (Redis 7.0+) -> shards with their slot ranges and nodes, from redis-cli's nested print
 * or raw RESP2, or its piped raw print (parse-cluster-shards-piped.ts). Each shard is a map `slots` (flat start/end list) + `nodes` (list of maps with id, port,
 * ip, endpoint, hostname, role, replication-offset, health).
 * Checked against Redis 7.0.15 (the test cluster).
 */
import { parsed, parseFailure, type ParseResult } from '../parse-result'
import { looksPipedClusterShards, parsePipedClusterShards } from './parse-cluster-shards-piped'
import { isReplyError, parseReplyText, replyPairs, serverErrorIn, stripPrompt } from './reply'

export interface ShardNode {
  id: string
  address: string
  role: string
  health: string
  replicationOffset: number | null
}
export interface ClusterShard {
  slots: [number, number][]
  nodes: ShardNode[]
}

/** What Redis 7.0+ writes for every node (clusterGenNodeDescription for SHARDS); hostname is optional. */
const NODE_FIELDS = ['id', 'ip', 'endpoint', 'role', 'replication-offset', 'health']

export const parseClusterShards = (text: string): ParseResult<ClusterShard[]> => {
  const error = serverErrorIn(text)
  if (error) return error
  const body = stripPrompt(text).text
  const reply = looksPipedClusterShards(body) ? parsePipedClusterShards(body) : parseReplyText(text)
  if (!reply.ok) return reply
  if (isReplyError(reply.value))
    return parseFailure('SERVER_ERROR', `The server replied with an error: ${reply.value.error}`, 1)
  if (!Array.isArray(reply.value))
    return parseFailure('UNRECOGNIZED', 'A CLUSTER SHARDS reply is an array of shards.', null)
  const shards: ClusterShard[] = []
  for (const [i, item] of reply.value.entries()) {
    const pairs = replyPairs(item)
    const map = pairs ? new Map(pairs) : null
    const slotList = map?.get('slots')
    const nodeList = map?.get('nodes')
    const lastShard = i === reply.value.length - 1
    if (!map || !Array.isArray(slotList) || !Array.isArray(nodeList)) {
      return parseFailure(
        lastShard ? 'TRUNCATED' : 'MALFORMED',
        `Shard ${i + 1} lacks its "slots" and "nodes" fields.`,
        null
      )
    }
    const slots: [number, number][] = []
    for (let s = 0; s + 1 < slotList.length; s += 2) {
      const a = slotList[s]
      const b = slotList[s + 1]
      if (typeof a !== 'number' || typeof b !== 'number')
        return parseFailure('MALFORMED', `Shard ${i + 1} has a slot bound that is not an integer.`, null)
      slots.push([a, b])
    }
    const nodes: ShardNode[] = []
    for (const [j, n] of nodeList.entries()) {
      // The last node of the last shard short of a field is where a copy stopped.
      const cut = lastShard && j === nodeList.length - 1 ? 'TRUNCATED' : 'MALFORMED'
      const np = replyPairs(n)
      if (!np) return parseFailure(cut, `Shard ${i + 1} has a node that is not a field/value list.`, null)
      const m = new Map(np)
      const missing = NODE_FIELDS.filter((f) => !m.has(f))
      if (!m.has('port') && !m.has('tls-port')) missing.push('port')
      if (missing.length > 0)
        return parseFailure(cut, `Shard ${i + 1}, node ${j + 1} has no ${missing.join(', ')}.`, null)
      const str = (k: string): string => {
        const v = m.get(k)
        return typeof v === 'string' || typeof v === 'number' ? String(v) : ''
      }
      const port = str('port') || str('tls-port')
      const offset = m.get('replication-offset')
      nodes.push({
        id: str('id'),
        address: `${str('ip') || str('endpoint')}:${port}`,
        role: str('role'),
        health: str('health'),
        replicationOffset: typeof offset === 'number' ? offset : null
      })
    }
    shards.push({ slots, nodes })
  }
  return parsed(shards)
}
