/**
 * The MongoDB wire protocol, as little of it as the Node driver needs: OP_MSG (2013) both ways, and the
 * legacy OP_QUERY (2004) -> OP_REPLY (1) that drivers use for the first `isMaster` when no server API
 * version is declared. No compression (the fake never advertises any), no checksums.
 */
import { BSON, type Document } from 'bson'

export const OP_REPLY = 1
export const OP_QUERY = 2004
export const OP_MSG = 2013

const MSG_MORE_TO_COME = 1 << 1
const MSG_CHECKSUM_PRESENT = 1 << 0

export interface IncomingCommand {
  requestId: number
  opCode: typeof OP_MSG | typeof OP_QUERY
  /** The command document with kind-1 sections folded in as arrays (OP_MSG document sequences). */
  command: Document
  /** OP_MSG moreToCome: the client expects no reply. */
  moreToCome: boolean
}

const readCString = (buf: Buffer, at: number): { value: string; next: number } => {
  const end = buf.indexOf(0, at)
  if (end < 0) throw new Error('unterminated cstring')
  return { value: buf.toString('utf8', at, end), next: end + 1 }
}

const readDoc = (buf: Buffer, at: number): { doc: Document; next: number } => {
  const size = buf.readInt32LE(at)
  return { doc: BSON.deserialize(buf.subarray(at, at + size)), next: at + size }
}

/** Parses one complete message (header included). Throws on an opcode the fake does not speak. */
export const parseMessage = (msg: Buffer): IncomingCommand => {
  const requestId = msg.readInt32LE(4)
  const opCode = msg.readInt32LE(12)
  if (opCode === OP_MSG) {
    const flags = msg.readUInt32LE(16)
    const end = msg.length - (flags & MSG_CHECKSUM_PRESENT ? 4 : 0)
    let at = 20
    let command: Document | null = null
    const sequences: Record<string, Document[]> = {}
    while (at < end) {
      const kind = msg.readUInt8(at)
      at += 1
      if (kind === 0) {
        const { doc, next } = readDoc(msg, at)
        command = doc
        at = next
      } else if (kind === 1) {
        const size = msg.readInt32LE(at)
        const sectionEnd = at + size
        const id = readCString(msg, at + 4)
        const docs: Document[] = []
        let p = id.next
        while (p < sectionEnd) {
          const { doc, next } = readDoc(msg, p)
          docs.push(doc)
          p = next
        }
        sequences[id.value] = docs
        at = sectionEnd
      } else {
        throw new Error(`unknown OP_MSG section kind ${kind}`)
      }
    }
    if (!command) throw new Error('OP_MSG without a body section')
    return {
      requestId,
      opCode,
      command: { ...command, ...sequences },
      moreToCome: (flags & MSG_MORE_TO_COME) !== 0
    }
  }
  if (opCode === OP_QUERY) {
    const ns = readCString(msg, 20)
    const { doc } = readDoc(msg, ns.next + 8)
    // Legacy commands may be wrapped as { $query: {...}, $readPreference: ... }.
    const command = doc.$query && typeof doc.$query === 'object' ? (doc.$query as Document) : doc
    return { requestId, opCode, command: { ...command, $db: ns.value.split('.')[0] }, moreToCome: false }
  }
  throw new Error(`opcode ${opCode} is not supported by the fake (compression is never negotiated)`)
}

let nextRequestId = 1

const header = (length: number, responseTo: number, opCode: number): Buffer => {
  const h = Buffer.alloc(16)
  h.writeInt32LE(length, 0)
  h.writeInt32LE(nextRequestId++ & 0x7fffffff, 4)
  h.writeInt32LE(responseTo, 8)
  h.writeInt32LE(opCode, 12)
  return h
}

/** The reply in the same protocol the request came in. */
export const encodeReply = (
  request: Pick<IncomingCommand, 'requestId' | 'opCode'>,
  reply: Document
): Buffer => {
  const body = Buffer.from(BSON.serialize(reply))
  if (request.opCode === OP_MSG) {
    const flags = Buffer.alloc(5) // flagBits 0, then section kind 0
    return Buffer.concat([header(16 + 5 + body.length, request.requestId, OP_MSG), flags, body])
  }
  const fixed = Buffer.alloc(20) // responseFlags, cursorID (int64 0), startingFrom, numberReturned
  fixed.writeInt32LE(1, 16)
  return Buffer.concat([header(16 + 20 + body.length, request.requestId, OP_REPLY), fixed, body])
}

/** Splits a TCP byte stream into whole messages. */
export class MessageReader {
  private pending: Buffer = Buffer.alloc(0)

  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length ? Buffer.concat([this.pending, chunk]) : chunk
    const out: Buffer[] = []
    while (this.pending.length >= 4) {
      const size = this.pending.readInt32LE(0)
      if (size < 16 || size > 48 * 1024 * 1024) throw new Error(`bad message length ${size}`)
      if (this.pending.length < size) break
      out.push(this.pending.subarray(0, size))
      this.pending = this.pending.subarray(size)
    }
    return out
  }
}
