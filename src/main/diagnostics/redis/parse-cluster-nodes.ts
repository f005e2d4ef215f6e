/**
 * `CLUSTER NODES` output or a `nodes.conf` file -> nodes. Handles the pre-4.0 `ip:port` and the 4.0+
 * `ip:port@cport[,hostname]` address forms, flags (myself, master, slave, fail, fail?, noaddr, handshake),
 * slot ranges, and migrating `[slot->-id]` / importing `[slot-<-id]` entries. nodes.conf adds a `vars` line,
 * and since 7.2 aux fields after the hostname (`,shard-id=...,tls-port=...`). A redis-cli prompt line is
 * skipped; an error reply is SERVER_ERROR; a last line short of fields is TRUNCATED. The reply may also come as
 * RESP, quoted, or inside a MULTI / EXEC transcript (text-reply.ts).
 * Checked against Redis 7.0.15 (the test cluster) and hand-made 3.0 / 7.2 inputs (fixtures/README.md).
 */
import { parsed, parseFailure, type ParseResult } from '../parse-result'
import { serverErrorIn } from './reply'
import { unwrapTextReply } from './text-reply'
import type { ClusterNode } from '../../../shared/records/redis'

const NODE_ID = /^[0-9a-f]{40}$/
const SLOT_RANGE = /^(\d+)(?:-(\d+))?$/
const MIGRATING = /^\[(\d+)->-([0-9a-f]{40})\]$/
const IMPORTING = /^\[(\d+)-<-([0-9a-f]{40})\]$/
export const CLUSTER_SLOTS = 16384
/** A migrating/importing entry cut before its closing bracket. */
const PARTIAL_BRACKET = /^\[\d*(?:-(?:<-?|>?-?)?)?[0-9a-f]*$/

const slotsCovered = (nodes: readonly ClusterNode[]): number => {
  const covered = new Uint8Array(CLUSTER_SLOTS)
  for (const n of nodes) for (const [s, e] of n.slots) covered.fill(1, s, e + 1)
  return covered.reduce((a, c) => a + c, 0)
}

/**
 * Why a CLUSTER NODES reply (or nodes.conf) is not whole, or null: each lists the node it came from
 * (`myself`) and every replica's master; nodes.conf ends with its `vars` line; a last line with no newline
 * after it may have lost the end of its slot range, which shows as slots no node serves.
 */
const clusterNodesCut = (
  nodes: readonly ClusterNode[],
  endsWithNewline: boolean,
  nodesConfWithoutVars: boolean
): string | null => {
  if (!nodes.some((n) => n.flags.includes('myself')))
    return 'No line has the myself flag, and every CLUSTER NODES reply lists the node it came from'
  const ids = new Set(nodes.map((n) => n.id))
  const orphan = nodes.find((n) => n.masterId !== null && !ids.has(n.masterId))
  if (orphan)
    return `Replica ${orphan.address || orphan.id.slice(0, 8)} follows master ${orphan.masterId?.slice(0, 8) ?? ''}, which is not listed`
  if (nodesConfWithoutVars) return 'This nodes.conf (aux fields) has no closing vars line'
  const last = nodes[nodes.length - 1]
  if (!endsWithNewline && last?.role === 'master' && slotsCovered(nodes) < CLUSTER_SLOTS)
    return 'The last line has no line end and slots are missing, so its slot list may stop early'
  return null
}

const parseAddress = (raw: string): { address: string; busPort: number | null; hostname: string | null } => {
  const [endpoint = '', second = ''] = raw.split(',', 3)
  // 7.2 nodes.conf: `ip:port@cport,hostname,shard-id=...`; aux fields hold '=', a hostname does not.
  const hostname = second.includes('=') ? null : second
  const at = endpoint.indexOf('@')
  const address = at === -1 ? endpoint : endpoint.slice(0, at)
  const busPort = at === -1 ? null : Number(endpoint.slice(at + 1)) || null
  return { address: address === ':0' ? '' : address, busPort, hostname: hostname || null }
}

export const parseClusterNodes = (text: string): ParseResult<ClusterNode[]> => {
  const error = serverErrorIn(text)
  if (error) return error
  const unwrapped = unwrapTextReply(text, 'CLUSTER NODES')
  if (!unwrapped.ok) return unwrapped
  const { body, lineOffset: droppedLines } = unwrapped.value
  const nodes: ClusterNode[] = []
  const lines = body.split(/\r?\n/)
  let sawVars = false
  let sawAux = false
  for (const [lineIndex, raw] of lines.entries()) {
    const index = lineIndex + droppedLines
    const line = raw.trim()
    if (line === '') continue
    if (line.startsWith('vars ') || (lineIndex === lines.length - 1 && 'vars '.startsWith(line))) {
      sawVars = true
      continue
    }
    const parts = line.split(/\s+/)
    const [
      id = '',
      addr = '',
      flagText = '',
      master = '',
      ping = '',
      pong = '',
      epoch = '',
      link = '',
      ...slotParts
    ] = parts
    if (
      !NODE_ID.test(id) &&
      /^[0-9a-f]{1,39}$/.test(id) &&
      parts.length === 1 &&
      lineIndex >= lines.length - 2
    ) {
      return parseFailure(
        'TRUNCATED',
        `Line ${index + 1} stops inside a node id: the copy was cut off.`,
        index + 1
      )
    }
    if (!NODE_ID.test(id))
      return parseFailure(
        'MALFORMED',
        `Line ${index + 1} does not start with a 40-character node id.`,
        index + 1
      )
    if (parts.length < 8)
      return parseFailure(
        lineIndex >= lines.length - 2 ? 'TRUNCATED' : 'MALFORMED',
        `Line ${index + 1} has ${parts.length} of the 8 node fields.`,
        index + 1
      )
    if (link !== 'connected' && link !== 'disconnected') {
      const cutWord =
        lineIndex === lines.length - 1 &&
        parts.length === 8 &&
        ('connected'.startsWith(link) || 'disconnected'.startsWith(link))
      return parseFailure(
        cutWord ? 'TRUNCATED' : 'MALFORMED',
        `Line ${index + 1}: link state "${link.slice(0, 20)}" is neither connected nor disconnected.`,
        index + 1
      )
    }
    if (/,[^,]*=/.test(addr)) sawAux = true
    const flags = flagText.split(',').filter(Boolean)
    const node: ClusterNode = {
      id,
      ...parseAddress(addr),
      flags,
      role: flags.includes('master')
        ? 'master'
        : flags.includes('slave') || flags.includes('replica')
          ? 'replica'
          : 'unknown',
      masterId: master === '-' ? null : master,
      pingSent: Number(ping) || 0,
      pongReceived: Number(pong) || 0,
      configEpoch: Number(epoch) || 0,
      linkState: link,
      slots: [],
      migrating: [],
      importing: []
    }
    for (const entry of slotParts) {
      const range = SLOT_RANGE.exec(entry)
      const mig = MIGRATING.exec(entry)
      const imp = IMPORTING.exec(entry)
      if (range) {
        const start = Number(range[1])
        const end = range[2] === undefined ? start : Number(range[2])
        if (start > end || end >= CLUSTER_SLOTS) {
          // `10923-163` on the last line, with nothing after it: a range cut in its end.
          const cutRange = lineIndex === lines.length - 1 && entry === slotParts.at(-1) && start > end
          return parseFailure(
            cutRange ? 'TRUNCATED' : 'MALFORMED',
            `Line ${index + 1}: slot range ${entry} is outside 0-16383.`,
            index + 1
          )
        }
        node.slots.push([start, end])
      } else if (mig) node.migrating.push({ slot: Number(mig[1]), to: mig[2] ?? '' })
      else if (imp) node.importing.push({ slot: Number(imp[1]), from: imp[2] ?? '' })
      else
        return parseFailure(
          lineIndex === lines.length - 1 && entry === slotParts.at(-1) && PARTIAL_BRACKET.test(entry)
            ? 'TRUNCATED'
            : 'MALFORMED',
          `Line ${index + 1}: "${entry.slice(0, 40)}" is not a slot or slot range.`,
          index + 1
        )
    }
    nodes.push(node)
  }
  if (nodes.length === 0) return parseFailure('UNRECOGNIZED', 'No cluster node lines found.', null)
  const cut = clusterNodesCut(nodes, /\n\s*$/.test(body), sawAux && !sawVars)
  if (cut !== null)
    return parseFailure('TRUNCATED', `${cut}: the copy was cut off.`, droppedLines + lines.length)
  return parsed(nodes)
}

export const formatSlotRanges = (slots: [number, number][]): string[] =>
  slots.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`))
