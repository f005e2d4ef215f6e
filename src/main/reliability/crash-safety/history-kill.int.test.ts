/**
 * Issue 19, item 8: the history survives a restart, kill -9 included. A child runs the core (as serve does)
 * on a real PostgreSQL profile, sampling every 100 ms and sweeping in a loop, and is SIGKILLed at a random
 * moment while it writes; the next child must find every sample and first-seen time the killed one had
 * reported, and the timeline must tell what appeared and cleared across the restarts.
 */
import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { HistoryTimeline } from '../../../shared/history'
import type { MetricsSample } from '../../../shared/metrics'
import { HISTORY_FILE } from '../../core/history-store'
import { NOT_RUNNING } from '../../core/metrics-recorder'
import { createScratchDb, type ScratchDb } from '../../testing/pg-health-scenarios'
import { pgAdminUrl, TEST_SERVERS } from '../../testing/test-servers'

const ROOT = resolve(import.meta.dirname, '..', '..', '..', '..')
// tsx's loader in the child's own process (its CLI would run the script in a grandchild the kill misses).
const TSX = pathToFileURL(join(ROOT, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs')).href
const CHILD = join(ROOT, 'src', 'main', 'testing', 'history-child.ts')

interface SweepLine {
  sweep: number
  lastSampleAt: number | null
  firstSeen: Record<string, number>
}

interface ReadLine {
  samples: MetricsSample[]
  timeline: HistoryTimeline
  firstSeen: Record<string, number>
}

let scratch: ScratchDb
let dataDir: string
let url: string

beforeAll(async () => {
  scratch = await createScratchDb('histkill')
  url = pgAdminUrl(TEST_SERVERS.pgPrimaryPort, scratch.name)
})

afterAll(async () => {
  await scratch.drop()
})

/** The identity (a key of firstSeen) of the missing-primary-key finding about `table`, if present. */
const noKeyFinding = (firstSeen: Record<string, number>, table: string): string | undefined =>
  Object.keys(firstSeen).find((k) => k.includes('"pg.missing-primary-key"') && k.includes(`public.${table}`))

/**
 * Starts a recording child and SIGKILLs it at a random moment once it has reported `sweeps` sweeps whose
 * findings include `table`'s. Resolves every line it printed before dying (what it acknowledged).
 */
const recordAndKill = (sweeps: number, table: string): Promise<SweepLine[]> =>
  new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', TSX, CHILD, dataDir, 'record', url], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    const lines: SweepLine[] = []
    let out = ''
    let err = ''
    let killing = false
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString()
      for (let nl = out.indexOf('\n'); nl >= 0; nl = out.indexOf('\n')) {
        lines.push(JSON.parse(out.slice(0, nl)) as SweepLine)
        out = out.slice(nl + 1)
      }
      const ready = lines.filter((l) => noKeyFinding(l.firstSeen, table) !== undefined).length >= sweeps
      if (ready && !killing) {
        killing = true
        // Mid-write: samples go in every 100 ms and every sweep writes its findings.
        setTimeout(() => child.kill('SIGKILL'), Math.floor(Math.random() * 150))
      }
    })
    // Never left running: a child that does not get there in time is killed and the test fails.
    const deadline = setTimeout(() => {
      killing = true
      child.kill('SIGKILL')
      fail(new Error(`record child never reported ${sweeps} sweeps with ${table}: ${err}`))
    }, 45_000)
    child.on('error', fail)
    child.on('exit', (code, signal) => {
      clearTimeout(deadline)
      if (signal === 'SIGKILL') done(lines)
      else fail(new Error(`record child exited ${code}: ${err}`))
    })
  })

const readBack = (): Promise<ReadLine> =>
  new Promise((done, fail) => {
    const child = spawn(process.execPath, ['--import', TSX, CHILD, dataDir, 'read', url], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let out = ''
    let err = ''
    child.stdout.on('data', (d: Buffer) => (out += d.toString()))
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.on('error', fail)
    child.on('exit', (code) =>
      code === 0 ? done(JSON.parse(out) as ReadLine) : fail(new Error(`read child: ${err}`))
    )
  })

describe('history across kill -9 (issue 19, item 8)', () => {
  it('keeps every acknowledged sample and first-seen time, and the timeline of what appeared and cleared', async () => {
    // A data dir and tables of this attempt's own (the integration suite retries once).
    dataDir = mkdtempSync(join(tmpdir(), 'dbconsole-histkill-'))
    const tag = randomBytes(3).toString('hex')
    const [historyFirst, historySecond] = [`history_first_${tag}`, `history_second_${tag}`]
    await scratch.admin.query(`create table ${historyFirst} (a int)`)
    const first = await recordAndKill(3, historyFirst)
    const firstKey = noKeyFinding(first.at(-1)?.firstSeen ?? {}, historyFirst)
    expect(firstKey).toBeDefined()
    const firstSeenOfFirst = first.at(-1)?.firstSeen[firstKey ?? ''] ?? 0

    await scratch.admin.query(`create table ${historySecond} (a int)`)
    const secondStart = Date.now()
    const second = await recordAndKill(3, historySecond)
    // The finding from before the kill kept its first-seen time; the new one is new.
    expect(second[0]?.firstSeen[firstKey ?? '']).toBe(firstSeenOfFirst)
    const secondKey = noKeyFinding(second.at(-1)?.firstSeen ?? {}, historySecond) ?? ''
    const firstSeenOfSecond = second.at(-1)?.firstSeen[secondKey] ?? 0
    expect(firstSeenOfSecond).toBeGreaterThanOrEqual(secondStart - 1_000)
    expect(firstSeenOfSecond).toBeGreaterThan(firstSeenOfFirst)

    await scratch.admin.query(`drop table ${historyFirst}`)
    const readStart = Date.now()
    const back = await readBack()

    // Every sample the killed children had reported is there, each life closed by a gap marker.
    const ats = back.samples.map((s) => s.at)
    for (const acked of [first, second].map((lines) => lines.at(-1)?.lastSampleAt ?? -1))
      expect(ats).toContain(acked)
    const lastAcked = second.at(-1)?.lastSampleAt ?? 0
    // (What the killed child committed after its last report may be there too, then the marker.)
    expect(back.samples.at(-1)).toMatchObject({ at: expect.any(Number), nodes: [] })
    expect(back.samples.at(-1)?.at).toBeGreaterThan(lastAcked)
    expect(ats).toEqual([...ats].sort((a, b) => a - b))

    // First-seen survives; the dropped table's finding is gone from the overview.
    expect(back.firstSeen[secondKey]).toBe(firstSeenOfSecond)
    expect(noKeyFinding(back.firstSeen, historyFirst)).toBeUndefined()

    // The timeline: both appeared (at their first-seen times), the first cleared after the restart, and
    // each kill left a gap that the next life ended.
    const events = back.timeline.events
    expect(back.timeline.history.available).toBe(true)
    const about = (table: string) =>
      events.filter(
        (e) =>
          e.kind !== 'gap' &&
          e.kind !== 'resumed' &&
          e.rule === 'pg.missing-primary-key' &&
          e.subject === `public.${table}`
      )
    expect(about(historyFirst).map((e) => [e.kind, e.at])).toEqual([['appeared', firstSeenOfFirst]])
    expect(about(historySecond).map((e) => [e.kind, e.at])).toEqual([['appeared', firstSeenOfSecond]])
    const gaps = events.filter((e) => e.kind === 'gap')
    expect(gaps.filter((g) => g.kind === 'gap' && g.reason === NOT_RUNNING).length).toBeGreaterThanOrEqual(2)
    expect(events.filter((e) => e.kind === 'resumed').length).toBeGreaterThanOrEqual(1)

    // The read child's own sweep saw history_first gone: cleared now, in the store.
    const after = new Database(join(dataDir, HISTORY_FILE), { readonly: true })
    try {
      expect(after.pragma('integrity_check', { simple: true })).toBe('ok')
      const cleared = after
        .prepare("SELECT cleared_at FROM episodes WHERE rule = 'pg.missing-primary-key' AND subject = ?")
        .get(`public.${historyFirst}`) as { cleared_at: number | null }
      expect(cleared.cleared_at).toBeGreaterThanOrEqual(readStart)
    } finally {
      after.close()
    }
  }, 120_000)
})
