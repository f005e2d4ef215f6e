/**
 * `CLUSTER NODES` output or a `nodes.conf` file -> nodes. Handles the pre-4.0 `ip:port` and the 4.0+
 * `ip:port@cport[,hostname]` address forms, flags (myself, master, slave, fail, fail?, noaddr, handshake),
 * slot ranges, and migrating `[slot->-id]` / importing `[slot-<-id]` entries. nodes.conf adds a `vars` line,
 * and since 7.2 aux fields after the hostname (`,shard-id=...,tls-port=...`). A redis-cli prompt line is
 * skipped; an error reply is SERVER_ERROR; a last line short of fields is TRUNCATED.
 * Checked against Redis 7.0.15 (the test cluster) and hand-made 3.0 / 7.2 inputs (fixtures/README.md).
 */
import { parsed, parseFailure, type ParseResult } from '../parse-result'
import { serverErrorIn, stripPrompt } from './reply'

export interface ClusterNode {
  id: string
  /** host:port as clients reach it ('' for noaddr nodes). */
  address: string
  busPort: number | null
  hostname: string | null
  flags: string[]
  role: 'master' | 'replica' | 'unknown'
  masterId: string | null
  pingSent: number
  pongReceived: number
  configEpoch: number
  linkState: 'connected' | 'disconnected'
  /** Inclusive ranges as [start, end]. */
  slots: [number, number][]
  migrating: { slot: number; to: string }[]
  importing: { slot: number; from: string }[]
}

const NODE_ID = /^[0-9a-f]{40}$/
const SLOT_RANGE = /^(\d+)(?:-(\d+))?$/
const MIGRATING = /^\[(\d+)->-([0-9a-f]{40})\]$/
const IMPORTING = /^\[(\d+)-<-([0-9a-f]{40})\]$/
export const CLUSTER_SLOTS = 16384

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
  const { text: body, droppedLines } = stripPrompt(text)
  const nodes: ClusterNode[] = []
  const lines = body.split(/\r?\n/)
  for (const [lineIndex, raw] of lines.entries()) {
    const index = lineIndex + droppedLines
    const line = raw.trim()
    if (line === '' || line.startsWith('vars ')) continue
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
      return parseFailure(
        'MALFORMED',
        `Line ${index + 1}: link state "${link.slice(0, 20)}" is neither connected nor disconnected.`,
        index + 1
      )
    }
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
          return parseFailure(
            'MALFORMED',
            `Line ${index + 1}: slot range ${entry} is outside 0-16383.`,
            index + 1
          )
        }
        node.slots.push([start, end])
      } else if (mig) node.migrating.push({ slot: Number(mig[1]), to: mig[2] ?? '' })
      else if (imp) node.importing.push({ slot: Number(imp[1]), from: imp[2] ?? '' })
      else
        return parseFailure(
          'MALFORMED',
          `Line ${index + 1}: "${entry.slice(0, 40)}" is not a slot or slot range.`,
          index + 1
        )
    }
    nodes.push(node)
  }
  if (nodes.length === 0) return parseFailure('UNRECOGNIZED', 'No cluster node lines found.', null)
  return parsed(nodes)
}

export const formatSlotRanges = (slots: [number, number][]): string[] =>
  slots.map(([a, b]) => (a === b ? String(a) : `${a}-${b}`))
