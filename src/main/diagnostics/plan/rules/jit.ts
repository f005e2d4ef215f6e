/**
 * pg.plan.jit: JIT compilation time >= 20% of the execution time (info), >= 50% (warning). In a
 * parallel plan JIT time is summed over the processes, so it can exceed execution time. Our threshold;
 * checked against PG 15 (jit_above_cost=0) fixtures, JIT "Timing ... Total" in text and JSON.
 */
import { finding, fmt, type PlanRule } from './helpers'

export const jitRule: PlanRule = ({ summary }) => {
  const jit = summary.jitMs
  const exec = summary.executionTimeMs
  if (jit === null || exec === null || exec <= 0 || jit < 0.2 * exec) return []
  const pct = Math.round((100 * jit) / exec)
  return [
    finding(
      'pg.plan.jit',
      jit >= 0.5 * exec ? 'warning' : 'info',
      `JIT took ${fmt(jit)} ms, ${pct}% of the ${fmt(exec)} ms execution`,
      `Compiling this query (${fmt(jit)} ms) cost ${pct}% of its execution time; JIT only pays off on long scans over many rows. ` +
        `Raise jit_above_cost / jit_inline_above_cost / jit_optimize_above_cost (defaults 100000 / 500000 / 500000), or SET jit = off for this session or role.`,
      null,
      { jitMs: jit, executionTimeMs: exec, percent: pct }
    )
  ]
}
