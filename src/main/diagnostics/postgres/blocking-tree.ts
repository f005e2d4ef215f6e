/**
 * Who blocks whom, from pg_stat_activity's `blocked_by` (pg_blocking_pids): one reading for the
 * pg.blocking-lock rule and for the health page's blocking tree (sent as the `blocking_tree` topic), so the
 * page never rebuilds it with rules of its own.
 */
import type { BlockNode } from '../../../shared/records/postgres'

interface Waiting {
  pid: number
  blocked_by: readonly number[]
}

/** Blocker pid -> the sessions it blocks directly. */
export const directWaiters = <R extends Waiting>(activity: readonly R[]): Map<number, R[]> => {
  const blocks = new Map<number, R[]>()
  for (const w of activity) for (const b of w.blocked_by) blocks.set(b, [...(blocks.get(b) ?? []), w])
  return blocks
}

/**
 * The root blockers: sessions that block others and wait on no one (a pid this role cannot see counts as
 * not waiting). A pure cycle (a deadlock about to be detected) has no such root: then every blocker is one.
 */
export const rootBlockers = (activity: readonly Waiting[]): number[] => {
  const blockers = [...directWaiters(activity).keys()]
  const waiting = new Set(activity.filter((r) => r.blocked_by.length > 0).map((r) => r.pid))
  const roots = blockers.filter((pid) => !waiting.has(pid))
  return (roots.length > 0 ? roots : blockers).sort((a, b) => a - b)
}

/** Each root with everyone waiting behind it, nested; a cycle is cut where it repeats. */
export const blockingTree = (activity: readonly Waiting[]): BlockNode[] => {
  const blocks = directWaiters(activity)
  const build = (pid: number, path: ReadonlySet<number>): BlockNode => ({
    pid,
    children: (blocks.get(pid) ?? [])
      .filter((w) => !path.has(w.pid))
      .map((w) => build(w.pid, new Set([...path, w.pid])))
  })
  return rootBlockers(activity).map((pid) => build(pid, new Set([pid])))
}
