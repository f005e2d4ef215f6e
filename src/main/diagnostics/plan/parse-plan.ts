/**
 * Entry point of the pg.plan parser: undo the copy shape, then read JSON or TEXT. Pure; never throws on
 * bad input (a guard turns an unexpected exception into MALFORMED rather than crashing the caller).
 */
import { parseFailure, type ParseResult } from '../parse-result'
import { mergeWorkersInTree } from './merge-workers'
import { parseJsonKeepingWorkers, parseJsonPlan, planFromJson } from './parse-json'
import { parseTextPlan } from './parse-text'
import type { PlanDocument } from './types'
import { NODE_WORD, unwrap, type Unwrapped } from './unwrap'

const HEAD = 16 * 1024

/** How sure we are that `text` is a plan: 2 certain, 1 could be, 0 not. Looks at the first 16 KB only. */
export const detectPlan = (text: string): 0 | 1 | 2 => {
  const head = text.slice(0, HEAD)
  if (/"Node Type"\s*:/.test(head) && /"Plan"\s*:/.test(head)) return 2
  if (/\(cost=-?\d+\.\d+\.\.-?\d+\.\d+ rows=\d/.test(head) || /\(actual (?:time=\d|rows=\d)/.test(head))
    return 2
  if (/^\s*[|│║"]?\s*QUERY PLAN\b/m.test(head)) return 2
  if (/^[\s|│"]*-> {2}[A-Z]/m.test(head) || /"Node Type"/.test(head)) return 1
  if (
    head
      .split('\n', 50)
      .some(
        (l) =>
          NODE_WORD.test(l.replace(/^[\s|│"]+/, '')) && /^[\s|│"]*[A-Z][A-Za-z ]+(?: on | using |$)/.test(l)
      )
  )
    return 1
  return 0
}

/** Far above any real plan (a 10,000-node JSON plan is ~30 MB); analyze.ts caps input at 64 MB too. */
export const MAX_PLAN_CHARS = 60 * 1024 * 1024

export interface PlanSource {
  /**
   * auto_explain logs a plan without the Planning/Execution Time lines EXPLAIN ANALYZE ends with; the
   * log entry around it says where it ends, so their absence is no sign of a cut.
   */
  withoutSummary?: boolean
}

const readPlan = (input: string, source: PlanSource): ParseResult<PlanDocument> => {
  if (input.length > MAX_PLAN_CHARS)
    return parseFailure(
      'TOO_LARGE',
      `The plan is ${input.length} characters; the limit is ${MAX_PLAN_CHARS}.`,
      null
    )
  if (input.trim() === '') return parseFailure('UNRECOGNIZED', 'The input is empty.', null)
  // Cheap look at the head first, so that megabytes of something else are refused at once.
  const looksJson = /^[\s"]*[[{]/.test(input.slice(0, 256))
  if (!looksJson && detectPlan(input) === 0)
    return parseFailure(
      'UNRECOGNIZED',
      'This does not look like EXPLAIN output (no plan node, "QUERY PLAN" header or "Node Type" key near the start).',
      null
    )
  try {
    if (looksJson) {
      // Fast path: JSON exactly as the server printed it needs none of the copy-shape repairs.
      let value: unknown = undefined
      try {
        value = parseJsonKeepingWorkers(input)
      } catch {
        // Not plain JSON (psql marks, quotes, wraps...): the general path below handles it.
      }
      if (value !== undefined) return planFromJson(value)
    }
    const body = unwrap(input)
    if (body.lines.length === 0)
      return body.header
        ? parseFailure('TRUNCATED', 'The copy stops after the QUERY PLAN header: it was cut off.', null)
        : parseFailure('UNRECOGNIZED', 'No plan lines were found in the input.', null)
    const errorLine = body.lines.find((l) => /^\s*(?:ERROR|FATAL|PANIC):\s+/.test(l.text))
    if (errorLine && body.lines.indexOf(errorLine) < 3)
      return parseFailure('SERVER_ERROR', errorLine.text.trim(), errorLine.n)
    if (body.format === 'json') return parseJsonPlan(body.lines)
    const text = (b: Unwrapped): ParseResult<PlanDocument> =>
      parseTextPlan(b.lines, b.footerRows, b.psqlHeader, source.withoutSummary !== true, b.cutInLast)
    const first = text(body)
    // Lines all broken at the full width read as a terminal's wrap; an e-mail client's that happened to
    // fill every line reads better with the lost spaces put back.
    if (body.wraps !== 'hard' || (first.ok && first.value.missing.length === 0)) return first
    const asWords = text(unwrap(input, true))
    return asWords.ok && (!first.ok || asWords.value.missing.length < first.value.missing.length)
      ? asWords
      : first
  } catch (err) {
    // Defensive: a parser bug must surface as a readable failure, never as a crash of the caller.
    return parseFailure(
      'MALFORMED',
      `The plan could not be read (${err instanceof Error ? err.message : String(err)}).`,
      null
    )
  }
}

export const parsePlan = (input: string, source: PlanSource = {}): ParseResult<PlanDocument> => {
  const result = readPlan(input, source)
  if (result.ok) mergeWorkersInTree(result.value.root)
  return result
}
