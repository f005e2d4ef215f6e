/**
 * The history store (issue 19, item 8): metric samples and finding episodes (when each finding was first
 * seen and when it cleared) in one SQLite file in the data dir, so a restart keeps them.
 *
 * Crash safety: WAL with synchronous=NORMAL. A commit is in the WAL before the call returns, so a killed
 * process (kill -9 included) loses nothing it committed; only a power cut can lose the last commits, never
 * consistency. That is the right trade for history, which is not acknowledged user data like the audit
 * log (that one fsyncs every record): a sample every 5 s per connection needs no fsync each.
 * Bounded: samples older than the retention and closed episodes older than it are deleted, and past the
 * size cap the oldest samples go first (then the oldest closed episodes); freed pages go back to the
 * file system (auto_vacuum=INCREMENTAL). Nothing secret is written: profile ids, node host:port, rule ids,
 * finding titles and metric numbers, never a URL's password; every text passes through redact().
 * A store that cannot be opened (not a database, unreadable, written by a newer dbconsole, the native
 * driver not built for this runtime) or that fails later is turned off with the reason, and the app runs
 * on without history: every method then does nothing or answers empty.
 */
import { closeSync, constants, openSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { reportNode, type AnalysisReport } from '../../shared/findings'
import {
  findingIdentity,
  MAX_TIMELINE_EVENTS,
  type HistoryStatus,
  type HistoryTimeline,
  type TimelineEvent
} from '../../shared/history'
import type { MetricsSample, NodeMetrics } from '../../shared/metrics'
import { redact } from '../../shared/redact'

export const HISTORY_FILE = 'history.sqlite'

export interface HistoryLimits {
  retentionMs: number
  /** Of the database file's used pages; the WAL is kept to WAL_LIMIT_BYTES on top. */
  maxBytes: number
}

/** A week answers "what changed since yesterday" with room; 64 MiB holds it for several connections. */
export const HISTORY_DEFAULTS: HistoryLimits = { retentionMs: 7 * 24 * 3_600_000, maxBytes: 64 * 1024 * 1024 }

const SCHEMA_VERSION = 1
const WAL_LIMIT_BYTES = 4 * 1024 * 1024
/** Retention and the cap are enforced on open and then at most this often, from the write path. */
const PRUNE_EVERY_MS = 60_000
/** Titles are for the timeline; a hostile or huge one is cut. */
const MAX_TITLE = 500

const SCHEMA = `
CREATE TABLE samples (
  id INTEGER PRIMARY KEY,
  connection_id TEXT NOT NULL,
  at INTEGER NOT NULL,
  nodes TEXT NOT NULL,
  gap_reason TEXT
);
CREATE INDEX samples_by_connection ON samples (connection_id, at);
CREATE INDEX samples_by_time ON samples (at);
CREATE INDEX samples_gaps ON samples (connection_id, at) WHERE gap_reason IS NOT NULL;
CREATE TABLE episodes (
  id INTEGER PRIMARY KEY,
  connection_id TEXT NOT NULL,
  identity TEXT NOT NULL,
  node TEXT NOT NULL,
  rule TEXT NOT NULL,
  severity TEXT NOT NULL,
  title TEXT NOT NULL,
  subject TEXT,
  first_seen INTEGER NOT NULL,
  last_seen INTEGER NOT NULL,
  cleared_at INTEGER
);
CREATE UNIQUE INDEX episodes_open ON episodes (connection_id, identity) WHERE cleared_at IS NULL;
CREATE INDEX episodes_by_connection ON episodes (connection_id, first_seen);
`

interface EpisodeRow {
  id: number
  identity: string
  node: string
  rule: string
  severity: 'info' | 'warning' | 'critical'
  title: string
  subject: string | null
  first_seen: number
  last_seen: number
  cleared_at: number | null
}

/** Every statement the store runs, prepared once per open database. */
const prepareStatements = (db: Database.Database) => {
  return {
    insertSample: db.prepare(
      'INSERT INTO samples (connection_id, at, nodes, gap_reason) VALUES (?, ?, ?, ?)'
    ),
    countSince: db.prepare('SELECT count(*) AS n FROM samples WHERE connection_id = ? AND at >= ?'),
    // Row numbers within the window, so the thinning is even whatever other connections wrote between.
    spreadSamples: db.prepare(
      `SELECT at, nodes FROM (
         SELECT at, nodes, gap_reason, row_number() OVER (ORDER BY at) AS n
         FROM samples WHERE connection_id = ? AND at >= ?)
       WHERE (n - 1) % ? = 0 OR gap_reason IS NOT NULL ORDER BY at`
    ),
    recentSamples: db.prepare(
      'SELECT at, nodes FROM samples WHERE connection_id = ? AND at >= ? ORDER BY at DESC LIMIT ?'
    ),
    openEpisodes: db.prepare('SELECT * FROM episodes WHERE connection_id = ? AND cleared_at IS NULL'),
    seenAgain: db.prepare('UPDATE episodes SET last_seen = ?, severity = ?, title = ? WHERE id = ?'),
    clear: db.prepare('UPDATE episodes SET cleared_at = ? WHERE id = ?'),
    openEpisode: db.prepare(
      `INSERT INTO episodes (connection_id, identity, node, rule, severity, title, subject, first_seen, last_seen)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`
    ),
    episodesSince: db.prepare(
      `SELECT * FROM episodes WHERE connection_id = ? AND (first_seen >= ? OR cleared_at >= ?)
       ORDER BY max(first_seen, coalesce(cleared_at, 0)) DESC LIMIT ?`
    ),
    gapsSince: db.prepare(
      `SELECT at, gap_reason FROM samples WHERE connection_id = ? AND at >= ? AND gap_reason IS NOT NULL
       ORDER BY at DESC LIMIT ?`
    ),
    resumedAfter: db.prepare(
      'SELECT min(at) AS at FROM samples WHERE connection_id = ? AND at > ? AND gap_reason IS NULL HAVING at IS NOT NULL'
    ),
    forgetSamples: db.prepare('DELETE FROM samples WHERE connection_id = ?'),
    forgetEpisodes: db.prepare('DELETE FROM episodes WHERE connection_id = ?'),
    expireSamples: db.prepare('DELETE FROM samples WHERE at < ?'),
    expireEpisodes: db.prepare('DELETE FROM episodes WHERE cleared_at IS NOT NULL AND cleared_at < ?'),
    countSamples: db.prepare('SELECT count(*) AS n FROM samples'),
    dropOldestSamples: db.prepare(
      'DELETE FROM samples WHERE id IN (SELECT id FROM samples ORDER BY id LIMIT ?)'
    ),
    dropOldestEpisodes: db.prepare(
      `DELETE FROM episodes WHERE id IN
         (SELECT id FROM episodes WHERE cleared_at IS NOT NULL ORDER BY cleared_at LIMIT ?)`
    ),
    closedEpisodes: db.prepare('SELECT count(*) AS n FROM episodes WHERE cleared_at IS NOT NULL')
  }
}

type Statements = ReturnType<typeof prepareStatements>

const pragmaNumber = (db: Database.Database, name: string): number =>
  db.pragma(name, { simple: true }) as number

/** Pages in use (the free list does not count: it is given back by incremental_vacuum). */
const usedBytes = (db: Database.Database): number =>
  (pragmaNumber(db, 'page_count') - pragmaNumber(db, 'freelist_count')) * pragmaNumber(db, 'page_size')

const fileBytes = (db: Database.Database): number =>
  pragmaNumber(db, 'page_count') * pragmaNumber(db, 'page_size')

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err))

/** The reason a DB could not be opened, with what the user can do about it. */
const openFailure = (path: string, err: unknown): string => {
  const why = message(err)
  if (/NODE_MODULE_VERSION|was compiled against a different Node/.test(why))
    return `History is off: the SQLite driver is not built for this runtime (${why.split('\n')[0]}). Rebuild it: npx electron-rebuild -f -w better-sqlite3.`
  if (/not a database|malformed/i.test(why))
    return `History is off: ${path} is not a readable SQLite database (${why}). Move it aside to start a new history.`
  return `History is off: ${path} could not be opened (${why}).`
}

export class HistoryStore {
  private db: Database.Database | null = null
  private failure: string | null = null
  private lastPrune = 0
  private stmts: Statements | null = null

  private constructor(
    readonly path: string,
    readonly limits: HistoryLimits,
    private readonly now: () => number
  ) {}

  /** Never throws: a store that cannot be opened is off, with the reason in `status()`. */
  static open(dataDir: string, limits: HistoryLimits = HISTORY_DEFAULTS, now = Date.now): HistoryStore {
    const store = new HistoryStore(join(dataDir, HISTORY_FILE), limits, now)
    try {
      store.db = store.openDb()
      store.stmts = prepareStatements(store.db)
      store.prune()
    } catch (err) {
      store.turnOff(openFailure(store.path, err))
    }
    return store
  }

  /** A store that keeps nothing (hosts without a data dir of their own, and tests). */
  static off(reason: string): HistoryStore {
    const store = new HistoryStore('', HISTORY_DEFAULTS, Date.now)
    store.failure = reason
    return store
  }

  status(): HistoryStatus {
    if (this.failure !== null || this.db === null)
      return { available: false, reason: this.failure ?? 'History is closed.' }
    return {
      available: true,
      retentionMs: this.limits.retentionMs,
      maxBytes: this.limits.maxBytes,
      bytes: this.safely(0, (_s, db) => fileBytes(db))
    }
  }

  appendSample(connectionId: string, sample: MetricsSample, gapReason: string | null): void {
    this.safely(undefined, (s) => {
      const reason = gapReason === null ? null : redact(gapReason).slice(0, MAX_TITLE)
      s.insertSample.run(connectionId, sample.at, JSON.stringify(sample.nodes), reason)
      if (this.now() - this.lastPrune >= PRUNE_EVERY_MS) this.prune()
    })
  }

  /** The connection's samples since `since`, oldest first, at most `limit` (the most recent ones). */
  samples(connectionId: string, since: number, limit: number): MetricsSample[] {
    return this.safely([], (s) =>
      (s.recentSamples.all(connectionId, since, limit) as { at: number; nodes: string }[])
        .reverse()
        .map((r) => ({ at: r.at, nodes: parseNodes(r.nodes) }))
    )
  }

  /**
   * The connection's samples since `since`, oldest first, thinned to about `points` evenly spaced ones
   * (every gap marker kept): hours of counters for their deltas without sending every 5 s sample.
   */
  spread(connectionId: string, since: number, points: number): MetricsSample[] {
    return this.safely([], (s) => {
      const n = (s.countSince.get(connectionId, since) as { n: number }).n
      const every = Math.max(1, Math.ceil(n / points))
      return (s.spreadSamples.all(connectionId, since, every) as { at: number; nodes: string }[]).map(
        (r) => ({
          at: r.at,
          nodes: parseNodes(r.nodes)
        })
      )
    })
  }

  /**
   * One sweep's findings: a finding not open yet opens an episode (first seen now), an open one is seen
   * again, and an open one the sweep no longer reports is cleared, except on a node whose report failed
   * (that node said nothing, so nothing about it cleared).
   */
  observe(connectionId: string, at: number, reports: readonly AnalysisReport[]): void {
    this.safely(undefined, (s, db) => {
      const present = new Map<
        string,
        { node: string; rule: string; severity: string; title: string; subject: string | null }
      >()
      const silentNodes = new Set<string>()
      for (const report of reports) {
        const node = redact(reportNode(report))
        if (!report.ok) silentNodes.add(node)
        for (const f of report.findings) {
          const subject = f.subject?.name ?? f.target
          present.set(redact(findingIdentity(reportNode(report), f)), {
            node,
            rule: f.rule,
            severity: f.severity,
            title: redact(f.title).slice(0, MAX_TITLE),
            subject: subject === null ? null : redact(subject).slice(0, MAX_TITLE)
          })
        }
      }
      db.transaction(() => {
        const open = s.openEpisodes.all(connectionId) as EpisodeRow[]
        const openIds = new Set(open.map((e) => e.identity))
        for (const episode of open) {
          const now = present.get(episode.identity)
          if (now) s.seenAgain.run(at, now.severity, now.title, episode.id)
          else if (!silentNodes.has(episode.node)) s.clear.run(at, episode.id)
        }
        for (const [identity, f] of present)
          if (!openIds.has(identity))
            s.openEpisode.run(connectionId, identity, f.node, f.rule, f.severity, f.title, f.subject, at, at)
      })()
    })
  }

  /** When each finding open now was first seen, by its identity (findingIdentity). */
  firstSeen(connectionId: string): Record<string, number> {
    return this.safely({}, (s) =>
      Object.fromEntries(
        (s.openEpisodes.all(connectionId) as EpisodeRow[]).map((e) => [e.identity, e.first_seen])
      )
    )
  }

  /** What happened on a connection since `since`: findings appearing and clearing, sampling gaps. */
  timeline(connectionId: string, since: number): HistoryTimeline {
    const events = this.safely<TimelineEvent[]>([], (s) => {
      const out: TimelineEvent[] = []
      for (const e of s.episodesSince.all(
        connectionId,
        since,
        since,
        MAX_TIMELINE_EVENTS + 1
      ) as EpisodeRow[]) {
        const base = { node: e.node, rule: e.rule, severity: e.severity, title: e.title, subject: e.subject }
        if (e.first_seen >= since) out.push({ kind: 'appeared', at: e.first_seen, ...base, lastSeen: null })
        if (e.cleared_at !== null && e.cleared_at >= since)
          out.push({ kind: 'cleared', at: e.cleared_at, ...base, lastSeen: e.last_seen })
      }
      for (const g of s.gapsSince.all(connectionId, since, MAX_TIMELINE_EVENTS + 1) as {
        at: number
        gap_reason: string
      }[]) {
        out.push({ kind: 'gap', at: g.at, reason: g.gap_reason })
        const resumed = s.resumedAfter.get(connectionId, g.at) as { at: number } | undefined
        if (resumed) out.push({ kind: 'resumed', at: resumed.at })
      }
      return out
    })
    events.sort((a, b) => a.at - b.at)
    const truncated = events.length > MAX_TIMELINE_EVENTS
    return {
      history: this.status(),
      since,
      events: truncated ? events.slice(-MAX_TIMELINE_EVENTS) : events,
      truncated
    }
  }

  /** A removed profile's history goes with it. */
  forget(connectionId: string): void {
    this.safely(undefined, (s, db) =>
      db.transaction(() => {
        s.forgetSamples.run(connectionId)
        s.forgetEpisodes.run(connectionId)
      })()
    )
  }

  /** Retention, then the size cap (oldest samples first, then the oldest closed episodes). */
  prune(): void {
    this.safely(undefined, (s, db) => {
      const now = this.now()
      this.lastPrune = now
      const cutoff = now - this.limits.retentionMs
      s.expireSamples.run(cutoff)
      s.expireEpisodes.run(cutoff)
      for (let round = 0; round < 50 && usedBytes(db) > this.limits.maxBytes; round++) {
        const samples = (s.countSamples.get() as { n: number }).n
        if (samples > 0) s.dropOldestSamples.run(Math.max(1, Math.ceil(samples / 10)))
        else if (
          s.dropOldestEpisodes.run(Math.max(1, Math.ceil((s.closedEpisodes.get() as { n: number }).n / 10)))
            .changes === 0
        )
          break
      }
      db.pragma('incremental_vacuum')
    })
  }

  close(): void {
    const db = this.db
    this.db = null
    this.stmts = null
    if (this.failure === null) this.failure = 'History is closed.'
    try {
      db?.close()
    } catch {
      // Closing after a failure: nothing left to keep.
    }
  }

  private openDb(): Database.Database {
    // Created private (0600) before SQLite sees it; its -wal and -shm files take the same mode. A symlink
    // planted in its place is refused (O_NOFOLLOW), as for every data dir file.
    closeSync(openSync(this.path, constants.O_CREAT | constants.O_WRONLY | constants.O_NOFOLLOW, 0o600))
    const db = new Database(this.path, { timeout: 2_000 })
    try {
      const version = db.pragma('user_version', { simple: true }) as number
      if (version > SCHEMA_VERSION)
        throw new Error(
          `it was written by a newer dbconsole (schema ${version}, this one knows up to ${SCHEMA_VERSION})`
        )
      if (version === 0) db.pragma('auto_vacuum = INCREMENTAL')
      if (db.pragma('journal_mode = WAL', { simple: true }) !== 'wal')
        throw new Error('the file system does not allow WAL mode')
      db.pragma('synchronous = NORMAL')
      db.pragma(`journal_size_limit = ${WAL_LIMIT_BYTES}`)
      db.pragma('cache_size = -2000')
      if (version === 0)
        db.transaction(() => {
          db.exec(SCHEMA)
          db.pragma(`user_version = ${SCHEMA_VERSION}`)
        })()
      return db
    } catch (err) {
      db.close()
      throw err
    }
  }

  /** Runs `fn` on an open store; a store that is off answers `fallback`, and one that fails turns off. */
  private safely<T>(fallback: T, fn: (s: Statements, db: Database.Database) => T): T {
    if (this.db === null || this.stmts === null) return fallback
    try {
      return fn(this.stmts, this.db)
    } catch (err) {
      this.turnOff(`History is off: writing ${this.path} failed (${message(err)}).`)
      return fallback
    }
  }

  private turnOff(reason: string): void {
    this.failure = reason
    console.error(`dbconsole: ${reason}`)
    const db = this.db
    this.db = null
    this.stmts = null
    try {
      db?.close()
    } catch {
      // Already failing: the reason above is what the user needs.
    }
  }
}

/** Rows are written by this module only; anything else in the column reads as no nodes (a gap). */
const parseNodes = (text: string): NodeMetrics[] => {
  const value: unknown = JSON.parse(text)
  return Array.isArray(value) ? (value as NodeMetrics[]) : []
}
