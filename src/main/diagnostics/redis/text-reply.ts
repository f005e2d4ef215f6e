/**
 * A reply that is one text (INFO, CLUSTER NODES, CLUSTER INFO: a bulk string) as people paste it -> that
 * text. Besides the plain print (what redis-cli writes for these commands, tty or piped, --no-raw or not):
 * the raw RESP bulk string (`$1234\r\n...`), redis-cli's quoted print of the string (`"...\n..."`, what
 * other clients and redis-cli's EXEC show), and a MULTI / EXEC transcript whose EXEC array holds the text
 * (`1) "..."` after the OK and QUEUED replies; piped, redis-cli writes QUEUED with no line end).
 * Checked against redis-cli 7.0.15 (fixtures cluster-nodes--formatted-exec / --tty-exec / healthy.resp).
 */
import { parsed, parseFailure, type ParseResult } from '../parse-result'
import { looksLikeResp, parseCliReply, parseResp, PROMPT, PROMPT_TEXT, stripPrompt } from './reply'

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

export const unwrapTextReply = (
  text: string,
  what: string
): ParseResult<{ body: string; lineOffset: number }> => {
  const stripped = stripPrompt(text)
  const tx = afterTransaction(stripped.text)
  const body = tx?.text ?? stripped.text
  const droppedLines = stripped.droppedLines + (tx?.droppedLines ?? 0)
  if (looksLikeResp(body)) {
    const r = parseResp(body)
    if (!r.ok) return r
    if (typeof r.value !== 'string')
      return parseFailure('MALFORMED', `The RESP reply is not a bulk string, so it is not ${what} output.`, 1)
    return parsed({ body: r.value, lineOffset: 0 })
  }
  const start = body.trimStart()
  if (start.startsWith('"') || (tx !== null && start.startsWith('1) "'))) {
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
