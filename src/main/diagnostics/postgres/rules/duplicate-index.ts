/**
 * pg.duplicate-index: indexes on the same table with the same access method, key columns, operator
 * classes, expressions and predicate (duplicates), or whose key columns are a leading prefix of another
 * B-tree's (overlapping). Includes indexes implied by UNIQUE / PRIMARY KEY constraints, as the seeds'
 * own DDL duplicates those (seed catalogue 2c pg.duplicate-indexes).
 * Probe: pg_stat_user_indexes (indkey, indclass, key_columns from indnkeyatts on PG 11+). Checked against
 * PostgreSQL 15. Threshold: none, structural. Exact duplicates: warning. Overlap: warning too (PgHero's
 * duplicate_indexes treats a B-tree covered by a longer one as a duplicate), but info when the shorter
 * index is scanned more often than the one covering it: the planner prefers it (smaller, maybe faster for
 * its queries), so it is a candidate, not a verdict. Unique indexes are never the one suggested for
 * removal, because they enforce a constraint.
 */
import type { Finding } from '../../../../shared/findings'
import { fmtBytes, pgRule, qualified, subjectOf, type PgContext } from '../health-input'
import type { IndexStat } from '../../../../shared/records/postgres'

export const RULE = 'pg.duplicate-index'

interface Shape {
  index: IndexStat
  keys: string[]
  classes: string[]
  all: string
}

const shapeOf = (i: IndexStat): Shape => {
  const cols = i.indkey.trim().split(/\s+/)
  const classes = i.indclass.trim().split(/\s+/)
  const n = i.key_columns
  return { index: i, keys: cols.slice(0, n), classes: classes.slice(0, n), all: cols.join(' ') }
}

const sameExtras = (a: IndexStat, b: IndexStat): boolean =>
  a.amname === b.amname &&
  (a.expressions ?? '') === (b.expressions ?? '') &&
  (a.predicate ?? '') === (b.predicate ?? '')

const isPrefix = (short: Shape, long: Shape): boolean =>
  short.keys.length < long.keys.length &&
  short.keys.every((k, n) => k === long.keys[n] && short.classes[n] === long.classes[n])

/** The one to suggest dropping: never a unique/constraint index; else the less used, then the later name. */
const redundantOf = (a: IndexStat, b: IndexStat): [IndexStat, IndexStat] | null => {
  const keepA = a.is_unique || a.is_primary || a.constraint_backed
  const keepB = b.is_unique || b.is_primary || b.constraint_backed
  if (keepA && keepB) return [b, a] // both enforce something: still report, nothing to prefer
  if (keepA) return [b, a]
  if (keepB) return [a, b]
  if (a.idx_scan !== b.idx_scan) return a.idx_scan < b.idx_scan ? [a, b] : [b, a]
  return a.indexrelname > b.indexrelname ? [a, b] : [b, a]
}

export const duplicateIndexRule = pgRule({
  id: RULE,
  needs: ['pg_stat_user_indexes'],
  evaluate: ({ pg_stat_user_indexes: indexes }, context) => {
    const byTable = new Map<string, Shape[]>()
    for (const i of indexes) {
      if (!i.is_valid) continue
      const key = qualified(i.schemaname, i.relname)
      const list = byTable.get(key) ?? []
      list.push(shapeOf(i))
      byTable.set(key, list)
    }
    const out: Finding[] = []
    for (const [table, shapes] of byTable) {
      if (shapes.length < 2) continue
      for (let x = 0; x < shapes.length; x++) {
        for (let y = x + 1; y < shapes.length; y++) {
          const a = shapes[x]
          const b = shapes[y]
          if (!a || !b || !sameExtras(a.index, b.index)) continue
          if (
            a.all === b.all &&
            a.classes.join(' ') === b.classes.join(' ') &&
            a.keys.length === b.keys.length
          ) {
            const pair = redundantOf(a.index, b.index)
            if (pair) out.push(duplicate(table, pair[0], pair[1], context))
            continue
          }
          if (a.index.amname !== 'btree') continue
          const [short, long] = a.keys.length < b.keys.length ? [a, b] : [b, a]
          if (isPrefix(short, long) && !short.index.is_unique && !short.index.constraint_backed) {
            out.push(overlap(table, short.index, long.index, context))
          }
        }
      }
    }
    return out
  }
})

const duplicate = (table: string, drop: IndexStat, keep: IndexStat, context: PgContext): Finding => ({
  rule: RULE,
  severity: 'warning',
  title: `Duplicate index ${qualified(drop.schemaname, drop.indexrelname)} = ${keep.indexrelname} on ${table}`,
  detail:
    `Same columns, operator classes, expressions and predicate as ${keep.indexrelname}: it doubles write cost and ` +
    `${fmtBytes(drop.index_bytes)} of disk for nothing.` +
    (drop.is_unique || drop.constraint_backed
      ? ' Both enforce a constraint; drop one constraint, not an index.'
      : ` Drop ${drop.indexrelname} with DROP INDEX CONCURRENTLY (keep ${keep.indexrelname}${keep.is_unique ? ', it enforces uniqueness' : ''}).`),
  target: qualified(drop.schemaname, drop.indexrelname),
  subject: subjectOf('index', qualified(drop.schemaname, drop.indexrelname), context),
  evidence: {
    table,
    kind: 'duplicate',
    redundant: drop.indexrelname,
    keep: keep.indexrelname,
    redundantBytes: drop.index_bytes,
    redundantDef: drop.indexdef,
    keepDef: keep.indexdef
  },
  units: { redundantBytes: 'bytes' }
})

const overlap = (table: string, short: IndexStat, long: IndexStat, context: PgContext): Finding => {
  const preferred = short.idx_scan > long.idx_scan
  return {
    rule: RULE,
    severity: preferred ? 'info' : 'warning',
    title: `Index ${qualified(short.schemaname, short.indexrelname)} is covered by ${long.indexrelname} on ${table} (${fmtBytes(short.index_bytes)})`,
    detail:
      `${long.indexrelname} has the same leading columns, so it can serve every query ${short.indexrelname} serves. ` +
      (preferred
        ? `The planner prefers the shorter one (${short.idx_scan} scans against ${long.idx_scan}): it is smaller and may be faster for those queries. Keep it unless its ${fmtBytes(short.index_bytes)} and write cost matter more.`
        : `It is scanned no more than ${long.indexrelname} (${short.idx_scan} scans against ${long.idx_scan}): it costs ${fmtBytes(short.index_bytes)} and every write for little; drop it with DROP INDEX CONCURRENTLY after checking the replicas' scans.`),
    target: qualified(short.schemaname, short.indexrelname),
    subject: subjectOf('index', qualified(short.schemaname, short.indexrelname), context),
    evidence: {
      table,
      kind: 'overlap',
      redundant: short.indexrelname,
      keep: long.indexrelname,
      redundantBytes: short.index_bytes,
      redundantScans: short.idx_scan,
      keepScans: long.idx_scan,
      redundantDef: short.indexdef,
      keepDef: long.indexdef
    },
    units: { redundantBytes: 'bytes', redundantScans: 'count', keepScans: 'count' }
  }
}
