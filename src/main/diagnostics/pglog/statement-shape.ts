/**
 * Statement text -> its shape: literals, parameters and IN/VALUES lists folded, so that the same query
 * with other values (or another number of values) is one row. The grouping key is libpg-query's
 * fingerprint (the real PostgreSQL parser; it ignores constants and list lengths), computed once per
 * distinct cheap key (a regex fold) and cached; the text shown is libpg-query's normalize with $n
 * lists folded to "...". Statements the parser refuses (cut, or a syntax error) and a parser that is
 * not loaded yet (it is WASM, loaded once: loadShapeParser) fall back to the regex fold.
 */
import type { fingerprintSync, normalizeSync } from 'libpg-query'

interface Parser {
  fingerprintSync: typeof fingerprintSync
  normalizeSync: typeof normalizeSync
}

let parser: Parser | null = null
let loading: Promise<void> | null = null
/**
 * The parser and its WASM, imported on first use (so that `dbconsole analyze` of anything else starts
 * without them) and loaded once per process; until then, shapes use the regex fold.
 */
export const loadShapeParser = (): Promise<void> =>
  (loading ??= import('libpg-query').then(async (m) => {
    await m.loadModule()
    parser = m
  }))

export interface StatementShape {
  /** Fingerprint (16 hex) or 'text:' + the folded text. */
  id: string
  /** Normalised text, for people. */
  text: string
}

/** Cheap cache key: constants folded, whitespace and case flattened. */
export const foldStatement = (sql: string): string =>
  sql
    .replace(/\/\*[\s\S]*?\*\/|--[^\n]*/g, ' ')
    .replace(/\b[Ee]?'(?:[^']|'')*'/g, '?')
    .replace(/\$\d+|(?<![\w$.])-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?\b/g, '?')
    .replace(/\s+/g, ' ')
    .replace(/\(\s*\?(?:\s*,\s*\?)*\s*\)/g, '(...)')
    .replace(/(\(\.\.\.\))(?:\s*,\s*\(\.\.\.\))+/g, '$1')
    .replace(/\s*;\s*$/, '')
    .trim()
    .toLowerCase()

const foldParamLists = (normalized: string): string =>
  normalized
    .replace(/\(\s*\$\d+(?:\s*,\s*\$\d+)+\s*\)/g, '(...)')
    .replace(/\s+/g, ' ')
    .trim()

/** Bounded: past this many distinct folded texts, new ones are shaped without the cache. */
const CACHE_LIMIT = 20_000

export class ShapeCache {
  private readonly byFold = new Map<string, StatementShape>()

  shapeOf(sql: string): StatementShape {
    const fold = foldStatement(sql)
    const hit = this.byFold.get(fold)
    if (hit) return hit
    const shape = parseShape(sql, fold)
    if (this.byFold.size < CACHE_LIMIT) this.byFold.set(fold, shape)
    return shape
  }
}

const parseShape = (sql: string, fold: string): StatementShape => {
  try {
    if (!parser) throw new Error('parser not loaded')
    return { id: parser.fingerprintSync(sql), text: foldParamLists(parser.normalizeSync(sql)) }
  } catch {
    // Not parseable (cut, syntax error, parser not loaded): the regex fold is the shape.
    return { id: `text:${fold}`, text: fold }
  }
}
