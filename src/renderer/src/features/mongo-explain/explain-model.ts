import type { Finding } from '../../../../shared/findings'
import type { MongoExplainStage } from '../../../../shared/mongo-explain'

/** A row of the explain tree: a stage, or the header of one shard's part of a sharded plan. */
export type ExplainRow =
  | { kind: 'stage'; key: string; stage: MongoExplainStage; depth: number }
  | { kind: 'shard'; key: string; shard: string; depth: number; totals: ShardTotals }

export interface ShardTotals {
  stages: number
  /** What the shard's top stage returned. */
  nReturned: number | null
  docsExamined: number | null
  keysExamined: number | null
}

export const stageKey = (id: number): string => `s${id}`
const shardKey = (id: number): string => `g${id}`

/** A stage whose shard differs from its parent's starts that shard's group. */
const startsShard = (stages: readonly MongoExplainStage[], s: MongoExplainStage): boolean =>
  s.shard !== null && (s.parentId === null || stages[s.parentId]?.shard !== s.shard)

const sumOrNull = (xs: (number | null)[]): number | null =>
  xs.some((x) => x !== null) ? xs.reduce<number>((a, x) => a + (x ?? 0), 0) : null

/** Ids of a stage and everything under it (stages are in pre-order, so a subtree is a contiguous run). */
export const subtreeIds = (stages: readonly MongoExplainStage[], id: number): number[] => {
  const root = stages[id]
  if (root === undefined) return []
  const out = [id]
  for (let i = id + 1; i < stages.length && (stages[i]?.depth ?? 0) > root.depth; i++) out.push(i)
  return out
}

const shardTotals = (stages: readonly MongoExplainStage[], top: MongoExplainStage): ShardTotals => {
  const under = subtreeIds(stages, top.id).map((i) => stages[i] as MongoExplainStage)
  return {
    stages: under.length,
    nReturned: top.nReturned,
    docsExamined: sumOrNull(under.map((s) => s.docsExamined)),
    keysExamined: sumOrNull(under.map((s) => s.keysExamined))
  }
}

/**
 * The rows in plan order, a shard header above each shard's stages (indented under it), and the
 * rows under collapsed keys hidden.
 */
export const explainRows = (
  stages: readonly MongoExplainStage[],
  collapsed: ReadonlySet<string>
): ExplainRow[] => {
  const rows: ExplainRow[] = []
  const shift: number[] = []
  const hidden = new Set<number>()
  for (const s of stages) {
    const parentShift = s.parentId === null ? 0 : (shift[s.parentId] ?? 0)
    const group = startsShard(stages, s)
    shift[s.id] = parentShift + (group ? 1 : 0)
    if (s.parentId !== null && hidden.has(s.parentId)) {
      hidden.add(s.id)
      continue
    }
    if (group && s.shard !== null) {
      rows.push({
        kind: 'shard',
        key: shardKey(s.id),
        shard: s.shard,
        depth: s.depth + parentShift,
        totals: shardTotals(stages, s)
      })
      if (collapsed.has(shardKey(s.id))) {
        hidden.add(s.id)
        continue
      }
    }
    rows.push({ kind: 'stage', key: stageKey(s.id), stage: s, depth: s.depth + (shift[s.id] ?? 0) })
    if (collapsed.has(stageKey(s.id))) hidden.add(s.id)
  }
  return rows
}

/** Keys to expand so a stage is visible: its ancestors and the shard groups on its way. */
export const keysToReveal = (stages: readonly MongoExplainStage[], id: number): string[] => {
  const out: string[] = []
  let at: MongoExplainStage | undefined = stages[id]
  if (at !== undefined && startsShard(stages, at)) out.push(shardKey(at.id))
  while (at !== undefined && at.parentId !== null) {
    const parent: MongoExplainStage | undefined = stages[at.parentId]
    if (parent === undefined) break
    out.push(stageKey(parent.id))
    if (startsShard(stages, parent)) out.push(shardKey(parent.id))
    at = parent
  }
  return out
}

/** Documents or keys examined per document returned (returned 0 counts as 1); null without numbers. */
export const examinedRatio = (s: MongoExplainStage): number | null => {
  const examined = Math.max(s.docsExamined ?? -1, s.keysExamined ?? -1)
  if (examined < 0) return null
  return examined / Math.max(s.nReturned ?? 0, 1)
}

/** Below this a stage reads about what it returns: no "worst ratio" badge, whichever is largest. */
export const RATIO_BADGE_MIN = 10

/** The stage that examined the most per document it returned, when that is worth pointing at. */
export const worstRatioStage = (stages: readonly MongoExplainStage[]): number | null => {
  let best: { id: number; ratio: number } | null = null
  for (const s of stages) {
    const ratio = examinedRatio(s)
    if (ratio !== null && ratio >= RATIO_BADGE_MIN && (best === null || ratio > best.ratio))
      best = { id: s.id, ratio }
  }
  return best?.id ?? null
}

/** A SORT stage holds its whole input in memory before returning anything (SORT_MERGE does not). */
export const isBlockingSort = (s: MongoExplainStage): boolean => s.stage === 'SORT'

/**
 * The stage a finding is about: the rule names it by its path from the root of this tree
 * (finding.subject.path, child indexes); null when the finding is not about a drawn stage.
 */
export const stageForFinding = (finding: Finding, stages: readonly MongoExplainStage[]): number | null => {
  const path = finding.subject?.kind === 'stage' ? finding.subject.path : undefined
  if (path === undefined || stages.length === 0) return null
  let id = 0
  for (const i of path) {
    const child = stages[id]?.childIds[i]
    if (child === undefined) return null
    id = child
  }
  return id
}
