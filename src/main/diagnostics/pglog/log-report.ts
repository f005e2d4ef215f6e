/**
 * LogStats -> the pg.log summary and findings. Where a live check watches the same thing the rule name
 * and thresholds are the live ones (pg.slow-query, pg.blocking-lock, pg.deadlocks, pg.temp-files,
 * pg.checkpoints), so a log and a connection tell the same story; pg.log.* rules are the log's own.
 * The worst auto_explain plan of each top shape goes through the plan analyzer; its findings follow.
 */
import type { Finding } from '../../../shared/findings'
import { finding } from '../finding'
import { analyzePlan } from '../plan/analyze-plan'
import { fmtBytes, fmtSeconds, GiB, oneLine } from '../postgres/health-input'
import { CALLS_CRITICAL, MEAN_CRITICAL_MS, MEAN_WARNING_MS, MIN_CALLS } from '../postgres/rules/slow-query'
import { WAIT_CRITICAL_S, WAIT_WARNING_S } from '../postgres/rules/blocking-lock'
import { MIN_REQUESTED, REQUESTED_SHARE_WARNING } from '../postgres/rules/checkpoints'
import type { LogStats, ShapeStats } from './log-stats'
import type { UnreadableLines } from './unreadable'

export const TOP = 20
/** Connections per minute that make a storm: our judgement (10 new sessions a second, every second). */
export const STORM_PER_MINUTE = 600

export interface LogReadFacts {
  format: 'stderr' | 'csvlog' | 'jsonlog'
  prefix: string | null
  lines: number
  unreadable: UnreadableLines
  /** The line where the input stops mid-entry, or null when it ends cleanly. */
  truncatedAtLine: number | null
}

const round = (v: number | null, d = 3): number | null =>
  v === null ? null : Math.round(v * 10 ** d) / 10 ** d

const shapeSummary = (s: ShapeStats) => ({
  id: s.id,
  query: s.text,
  count: s.durations.count,
  totalMs: round(s.durations.sumMs),
  meanMs: round(s.durations.count > 0 ? s.durations.sumMs / s.durations.count : null),
  maxMs: round(s.durations.maxMs),
  p50Ms: round(s.durations.quantile(0.5)),
  p95Ms: round(s.durations.quantile(0.95)),
  p99Ms: round(s.durations.quantile(0.99)),
  worst: s.worst.line > 0 ? s.worst : null,
  planLine: s.plan?.line ?? null,
  tempFiles: s.tempFiles,
  tempBytes: s.tempBytes
})

const planOf = (s: ShapeStats) => {
  if (!s.plan) return null
  const analysis = analyzePlan(
    s.plan.body.replace(/^\s*Query Text: [\s\S]*?\n(?=.*\((?:cost=|actual ))/, ''),
    { withoutSummary: true }
  )
  return { shape: s, plan: s.plan, analysis }
}

export const buildLogReport = (
  stats: LogStats,
  read: LogReadFacts
): { summary: Record<string, unknown>; findings: Finding[] } => {
  const shapes = [...stats.shapes.values()].filter((s) => s.durations.count > 0)
  const byTotal = [...shapes].sort((a, b) => b.durations.sumMs - a.durations.sumMs)
  const byWorst = [...shapes].sort((a, b) => b.durations.maxMs - a.durations.maxMs)
  const planned = [...stats.shapes.values()].filter((s) => s.plan !== null)
  planned.sort((a, b) => (b.plan?.durationMs ?? 0) - (a.plan?.durationMs ?? 0))
  const plans = planned
    .slice(0, TOP)
    .map(planOf)
    .filter((p) => p !== null)
  const findings: Finding[] = []

  if (read.truncatedAtLine !== null)
    findings.push(
      finding(
        'pg.log.truncated',
        'warning',
        `The log stops in the middle of an entry at line ${read.truncatedAtLine}`,
        'The last entry is cut (no final newline, an unclosed CSV quote or JSON object): it was read up to the cut. A log copied while the server was writing it ends like this; copy it again for the rest.',
        `line ${read.truncatedAtLine}`,
        { line: read.truncatedAtLine }
      )
    )
  if (read.unreadable.count > 0)
    findings.push(
      finding(
        'pg.log.unreadable-lines',
        'warning',
        `${read.unreadable.count} line(s) could not be read as ${read.format} log entries`,
        `They were skipped and counted. First: ${read.unreadable.first.map((u) => `line ${u.line}: ${oneLine(u.text, 80)}`).join('; ')}. ` +
          (read.format === 'stderr'
            ? `Prefix used: '${read.prefix ?? ''}'; give the server's log_line_prefix with --log-line-prefix if it differs.`
            : ''),
        `line ${read.unreadable.first[0]?.line ?? 0}`,
        { count: read.unreadable.count, first: read.unreadable.first }
      )
    )

  for (const s of byTotal) {
    const mean = s.durations.sumMs / s.durations.count
    if (mean < MEAN_WARNING_MS || s.durations.count < MIN_CALLS) continue
    findings.push(
      finding(
        'pg.slow-query',
        mean >= MEAN_CRITICAL_MS && s.durations.count >= CALLS_CRITICAL ? 'critical' : 'warning',
        `Slow query: ${Math.round(mean)} ms on average over ${s.durations.count} runs in the log`,
        `${oneLine(s.text)} — total ${fmtSeconds(s.durations.sumMs / 1000)}, worst ${Math.round(s.durations.maxMs)} ms at line ${s.worst.line}${s.plan ? `, plan at line ${s.plan.line}` : ''}.`,
        `shape ${s.id}`,
        shapeSummary(s)
      )
    )
  }
  if (byTotal.length > 0)
    findings.push(
      finding(
        'pg.slow-query',
        'info',
        `Top ${Math.min(5, byTotal.length)} statement shapes by total time in the log`,
        byTotal
          .slice(0, 5)
          .map(
            (s, n) =>
              `${n + 1}. ${fmtSeconds(s.durations.sumMs / 1000)} total, ${s.durations.count} runs, worst ${s.durations.maxMs.toFixed(1)} ms: ${oneLine(s.text, 120)}`
          )
          .join('\n'),
        null,
        { shapes: byTotal.slice(0, 5).map((s) => s.id) }
      )
    )

  for (const w of [...stats.lockWaits].sort((a, b) => b.waitedMs - a.waitedMs).slice(0, 5)) {
    const s = w.waitedMs / 1000
    findings.push(
      finding(
        'pg.blocking-lock',
        s >= WAIT_CRITICAL_S ? 'critical' : s >= WAIT_WARNING_S ? 'warning' : 'info',
        `Process ${w.pid} waited ${Math.round(w.waitedMs)} ms for ${w.mode} on ${w.object}${w.acquired ? '' : ' (not seen acquiring it)'}`,
        `Waiting: ${oneLine(w.waiterStatement ?? '(statement not logged)', 160)}. Holding (process ${w.holders.join(', ') || '?'}): ${w.holderStatements.length > 0 ? w.holderStatements.map((q) => oneLine(q, 160)).join(' | ') : '(its statement is not in the log)'}. Keep transactions that update hot rows short.`,
        `line ${w.line}`,
        { ...w }
      )
    )
  }
  for (const d of stats.deadlocks.slice(0, 5))
    findings.push(
      finding(
        'pg.deadlocks',
        'warning',
        `Deadlock at line ${d.line}: ${d.processes.length} processes, one rolled back`,
        `${d.processes.map((p) => `process ${p.pid}: ${oneLine(p.statement, 160)}`).join('; ')}. Take the rows (or tables) in the same order in every transaction.`,
        `line ${d.line}`,
        { ...d }
      )
    )
  if (stats.tempFiles > 0) {
    const top = [...stats.shapes.values()]
      .filter((s) => s.tempFiles > 0)
      .sort((a, b) => b.tempBytes - a.tempBytes)
    findings.push(
      finding(
        'pg.temp-files',
        stats.tempBytes >= GiB ? 'warning' : 'info',
        `${stats.tempFiles} temporary files, ${fmtBytes(stats.tempBytes)} written (largest ${fmtBytes(stats.tempMaxBytes)})`,
        `Sorts and hashes spilling past work_mem. By statement: ${top
          .slice(0, 3)
          .map((s) => `${fmtBytes(s.tempBytes)} in ${s.tempFiles} file(s): ${oneLine(s.text, 100)}`)
          .join('; ')}.`,
        null,
        { files: stats.tempFiles, bytes: stats.tempBytes, maxBytes: stats.tempMaxBytes }
      )
    )
  }
  const cp = stats.checkpoints
  const walRequested = cp.byReason.wal ?? 0
  if (cp.timed + cp.requested > 0)
    findings.push(
      finding(
        'pg.checkpoints',
        walRequested >= MIN_REQUESTED && walRequested > REQUESTED_SHARE_WARNING * (cp.timed + cp.requested)
          ? 'warning'
          : 'info',
        `${cp.timed} timed and ${cp.requested} requested checkpoints (${walRequested} because of WAL volume)`,
        `Checkpoints forced by WAL volume mean max_wal_size is small for the write rate; write ${fmtSeconds(cp.writeS)}, sync ${fmtSeconds(cp.syncS)} in all.`,
        null,
        { ...cp }
      )
    )
  const errorGroups = [...stats.errors.values()].sort((a, b) => b.count - a.count)
  for (const g of errorGroups.slice(0, 5))
    findings.push(
      finding(
        'pg.log.errors',
        g.severity === 'PANIC' ? 'critical' : g.severity === 'FATAL' ? 'warning' : 'info',
        `${g.count} × ${g.severity}${g.sqlState ? ` ${g.sqlState}` : ''}: ${oneLine(g.message, 100)}`,
        `First at line ${g.example.line}${g.example.statement ? `, statement: ${oneLine(g.example.statement, 160)}` : ''}.`,
        g.sqlState,
        { ...g }
      )
    )
  const perMinute = [...stats.timeline.entries()].sort((a, b) => b[1].connections - a[1].connections)[0]
  if (perMinute && perMinute[1].connections >= STORM_PER_MINUTE)
    findings.push(
      finding(
        'pg.log.connection-rate',
        'warning',
        `${perMinute[1].connections} new connections in the minute ${perMinute[0]}`,
        'Each connection forks a backend (a few ms and MBs each): put a pooler (PgBouncer) or the application pool in front.',
        perMinute[0],
        { minute: perMinute[0], connections: perMinute[1].connections }
      )
    )
  for (const p of plans.slice(0, 5)) {
    if (!p.analysis.ok) continue
    for (const f of p.analysis.value.findings)
      findings.push({
        ...f,
        target: `plan at line ${p.plan.line}${f.target ? `: ${f.target}` : ''}`,
        evidence: { ...f.evidence, shape: p.shape.id }
      })
  }

  const summary = {
    format: read.format,
    prefix: read.prefix,
    lines: read.lines,
    entries: stats.entries,
    unreadableLines: read.unreadable.count,
    truncatedAtLine: read.truncatedAtLine,
    firstTime: stats.firstTime,
    lastTime: stats.lastTime,
    bySeverity: stats.bySeverity,
    statements: stats.statements,
    shapeCount: shapes.length,
    unrankedStatements: stats.unrankedStatements,
    shapesByTotal: byTotal.slice(0, TOP).map(shapeSummary),
    shapesByWorst: byWorst
      .slice(0, TOP)
      .map((s) => ({ id: s.id, maxMs: round(s.durations.maxMs), line: s.worst.line })),
    plans: stats.plans,
    analyzedPlans: plans.map((p) => ({
      line: p.plan.line,
      durationMs: p.plan.durationMs,
      shape: p.shape.id,
      ...(p.analysis.ok
        ? { summary: p.analysis.value.summary, findings: p.analysis.value.findings.map((f) => f.rule) }
        : { error: p.analysis.message })
    })),
    lockWaits: stats.lockWaitCount,
    lockWaitList: stats.lockWaits.slice(0, TOP),
    deadlocks: stats.deadlockCount,
    deadlockList: stats.deadlocks.slice(0, TOP),
    tempFiles: { count: stats.tempFiles, bytes: stats.tempBytes, maxBytes: stats.tempMaxBytes },
    checkpoints: cp,
    autovacuum: [...stats.tables.values()].sort((a, b) => b.elapsedS - a.elapsedS).slice(0, TOP),
    errors: {
      total: stats.errorCount,
      bySqlState: errorGroups.reduce<Record<string, number>>((acc, g) => {
        const k = g.sqlState ?? 'unknown'
        acc[k] = (acc[k] ?? 0) + g.count
        return acc
      }, {}),
      groups: errorGroups.slice(0, TOP)
    },
    connections: {
      ...stats.connections,
      peakPerMinute: perMinute?.[1].connections ?? 0,
      peakMinute: perMinute?.[0] ?? null
    },
    timeline: [...stats.timeline.entries()]
      .sort((a, b) => (a[0] < b[0] ? -1 : 1))
      .map(([minute, c]) => ({ minute, ...c }))
  }
  return { summary, findings }
}
