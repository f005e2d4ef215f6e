/**
 * A reply that is one text (INFO, CLUSTER NODES, CLUSTER INFO: a bulk string) as people paste it -> that
 * text. Besides the plain print (what redis-cli writes for these commands, tty or piped, --no-raw or not):
 * the raw RESP bulk string (`$1234\r\n...`) or RESP3 verbatim string (`=1234\r\ntxt:...`), redis-cli's quoted print of the string (`"...\n..."`, what
 * other clients and redis-cli's EXEC show), and a MULTI / EXEC transcript whose EXEC array holds the text
 * (`1) "..."` after the OK and QUEUED replies; piped, redis-cli writes QUEUED with no line end).
 * Checked against redis-cli 7.0.15 (fixtures cluster-nodes--formatted-exec / --tty-exec / healthy.resp).
 */
import { parsed, parseFailure, type ParseResult } from '../parse-result'
import { looksLikeResp, parseCliReply, parseResp, PROMPT, PROMPT_TEXT, stripPrompt } from './reply'

/**
 * For detection: what may come before the first byte of a text reply (a RESP or RESP3 header, redis-cli's
 * quote, EXEC's `1) "` after the transcript), as a regex source to put before the reply's first field.
 */
export const TEXT_REPLY_PREFIX = String.raw`(?:\$\d+\r?\n|=\d+\r?\n[a-z]{3}:|"|[\s\S]{0,400}?(?:^|\n|QUEUED)1\) ")?`

/** Lines of a MULTI / EXEC transcript before EXEC's reply: prompts, echoed commands, OK, QUEUED. */
const TRANSACTION_LINE = new RegExp(
  String.raw`^(?:QUEUED)?(?:${PROMPT_TEXT}>\s*)?(?:OK|QUEUED|[a-z]+(?: [a-z]+)?)?\s*$`,
  'i'
)
/** EXEC's reply as redis-cli prints it, glued to a QUEUED with no line end when piped. */
const EXEC_REPLY = /^(?:OK\s+)?(?:QUEUED)*(1\) ".*)$/s

/** Drops a MULTI / EXEC transcript's preamble when the text is one; the lines dropped, or null. */
const afterTransaction = (text: string): { text: string; droppedLines: number } | null => {
  const lines = text.split('\n')
  if (!/^\s*(?:OK|multi)\s*$/i.test(lines[0]?.replace(PROMPT, '') ?? '')) return null
  for (const [i, line] of lines.entries()) {
    const reply = EXEC_REPLY.exec(line.replace(/^[^"]*?QUEUED(?=1\) ")/, ''))
    if (reply) return { text: [reply[1], ...lines.slice(i + 1)].join('\n'), droppedLines: i }
    if (!TRANSACTION_LINE.test(line.trim())) return null
  }
  return null
}

/** RESP3 verbatim string: `=<length>\r\n<3-letter format>:<text>\r\n` (Redis 6+ after HELLO 3, Dragonfly). */
const VERBATIM = /^=(\d+)\r?\n([a-z]{3}):/

const verbatimText = (
  body: string,
  what: string
): ParseResult<{ body: string; lineOffset: number }> | null => {
  const m = VERBATIM.exec(body.trimStart())
  if (!m) return null
  const start = body.trimStart().slice(m[0].length)
  const announced = Number(m[1]) - 4
  // The length counts bytes with CRLF line ends; a copy that lost its CRs is measured as if it had them.
  const bytes = Buffer.byteLength(start.includes('\r\n') ? start : start.replace(/\n/g, '\r\n'))
  if (bytes < announced)
    return parseFailure(
      'TRUNCATED',
      `The RESP3 ${what} reply announces ${announced} bytes and holds ${bytes}: the copy was cut off.`,
      null
    )
  return parsed({ body: start.replace(/\r?\n?$/, ''), lineOffset: 1 })
}

export const unwrapTextReply = (
  text: string,
  what: string
): ParseResult<{ body: string; lineOffset: number }> => {
  const stripped = stripPrompt(text)
  const tx = afterTransaction(stripped.text)
  const body = tx?.text ?? stripped.text
  const droppedLines = stripped.droppedLines + (tx?.droppedLines ?? 0)
  const verbatim = verbatimText(body, what)
  if (verbatim) return verbatim
  if (looksLikeResp(body)) {
    const r = parseResp(body)
    if (!r.ok) return r
    if (typeof r.value !== 'string')
      return parseFailure('MALFORMED', `The RESP reply is not a bulk string, so it is not ${what} output.`, 1)
    return parsed({ body: r.value, lineOffset: 0 })
  }
  const start = body.trimStart()
  // A quoted string, or EXEC's one-element array holding it (copied with or without the transcript).
  if (start.startsWith('"') || start.startsWith('1) "')) {
    const r = parseCliReply(body)
    if (!r.ok) return r
    const value = Array.isArray(r.value) && r.value.length === 1 ? r.value[0] : r.value
    if (typeof value === 'string') return parsed({ body: value, lineOffset: 0 })
    return parseFailure(
      'MALFORMED',
      `This reply is not one text, so it is not ${what} output.`,
      droppedLines + 1
    )
  }
  return parsed({ body, lineOffset: droppedLines })
}
