/**
 * The Health page's server views (WAL archiver, locks, maintenance in progress, database sizes, settings)
 * render the recorded rows as text, tinted only by what the rules decided about them: the findings come
 * from evaluatePgHealth over the same fixtures, nothing is judged by the components.
 */
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it, vi } from 'vitest'
import { topicRowsOf, type NodeDetail } from '../shared/detail'
import type { Finding } from '../shared/findings'
import { evaluatePgHealth } from '../main/diagnostics/postgres/health'
import type { PgProbeResults } from '../main/diagnostics/postgres/health-input'
import { parseProbe } from '../main/diagnostics/postgres/records'
import type { PgProbeId } from '../shared/records/postgres'
import { toWire } from '../main/support/wire'
import archiverFailing from '../main/diagnostics/postgres/fixtures/pg_stat_archiver--failing--pg15.json'
import archiverClean from '../main/diagnostics/postgres/fixtures/pg_stat_archiver--clean--pg15.json'
import changedPending from '../main/diagnostics/postgres/fixtures/changed_settings--pending-restart--pg15.json'
import locksBlocked from '../main/diagnostics/postgres/fixtures/pg_locks--blocked-idle-tx--pg15.json'
import progressCic from '../main/diagnostics/postgres/fixtures/progress--cic-waiting--pg15.json'
import progressVacuum from '../main/diagnostics/postgres/fixtures/progress--vacuum--pg15.json'
import sizesClean from '../main/diagnostics/postgres/fixtures/database_sizes--clean--pg15.json'
import { PgArchiver } from '../renderer/src/features/health/PgArchiver'
import { PgChangedSettings } from '../renderer/src/features/health/PgChangedSettings'
import { PgDatabaseSizes } from '../renderer/src/features/health/PgDatabaseSizes'
import { PgLocks } from '../renderer/src/features/health/PgLocks'
import { PgProgress } from '../renderer/src/features/health/PgProgress'
import { PgSslConnections } from '../renderer/src/features/health/PgSslConnections'
import sslRemote from '../main/diagnostics/postgres/fixtures/pg_stat_ssl--remote-clear--pg15.json'

// TopicUnavailable lives beside the page frame, which imports the host client; nothing here calls it.
vi.mock('../renderer/src/api/client', () => ({ api: {} }))

const NODE = '127.0.0.1:59400'

const sweep = (rows: Partial<Record<PgProbeId, unknown>>): { node: NodeDetail; findings: Finding[] } => {
  const probes: Record<string, unknown> = {}
  const topics: Record<string, unknown> = {}
  for (const [id, raw] of Object.entries(rows)) {
    const parsed = parseProbe(id as PgProbeId, raw)
    if (!parsed.ok) throw new Error(parsed.message)
    probes[id] = { ok: true, value: parsed.value }
    topics[id] = { ok: true, rows: toWire(topicRowsOf<unknown>(parsed.value)) }
  }
  const { findings } = evaluatePgHealth({ probes: probes as PgProbeResults, node: NODE })
  return { node: { node: NODE, topics: topics as NodeDetail['topics'] }, findings }
}

/** The tone and the text of each rendered table row. */
const rowsOf = (html: string): { tone: string | null; text: string }[] =>
  html
    .split('<div role="row"')
    .slice(2) // before the header row, the header row
    .map((row) => ({
      tone: /^[^>]*data-tone="(\w+)"/.exec(row)?.[1] ?? null,
      text: row.replace(/<[^>]+>/g, ' ')
    }))

describe('PostgreSQL server views', () => {
  it('the failing archiver is shown with its failed segment, in the tone of pg.archiver-failing', () => {
    const failing = sweep({ pg_stat_archiver: archiverFailing })
    expect(failing.findings.filter((f) => f.rule === 'pg.archiver-failing').map((f) => f.severity)).toEqual([
      'critical'
    ])
    const html = renderToStaticMarkup(<PgArchiver {...failing} />)
    expect(html).toContain('000000010000000000000003')
    expect(html).toContain('data-tone="bad"')
    const clean = renderToStaticMarkup(<PgArchiver {...sweep({ pg_stat_archiver: archiverClean })} />)
    expect(clean).not.toContain('data-tone=')
    expect(clean).toContain('off')
  })

  it('the setting pending a restart is marked and tinted; the others are not', () => {
    const html = renderToStaticMarkup(<PgChangedSettings {...sweep({ changed_settings: changedPending })} />)
    const rows = rowsOf(html)
    const tinted = rows.filter((r) => r.tone !== null)
    expect(tinted).toHaveLength(1)
    expect(tinted[0]?.tone).toBe('warn')
    expect(tinted[0]?.text).toContain('max_connections')
    expect(tinted[0]?.text).toContain('YES')
    expect(rows.length).toBeGreaterThan(20)
  })

  it('locks: the waiter first, its mode and the relation of the holder; a cut list says so', () => {
    const html = renderToStaticMarkup(<PgLocks {...sweep({ pg_locks: locksBlocked })} />)
    expect(html).toContain('WAITING')
    expect(html).toContain('ShareLock')
    expect(html).toContain('public.lock_t')
    expect(html).not.toContain('data-testid="locks-cut"')
    const cut = (locksBlocked as Record<string, unknown>[]).map((l) => ({ ...l, total_locks: 900 }))
    const said = renderToStaticMarkup(<PgLocks {...sweep({ pg_locks: cut })} />)
    expect(said).toContain(`Showing the first ${cut.length} of 900 locks`)
  })

  it('progress: the share done and what it counts; the build held long enough is tinted by its finding', () => {
    const vacuum = renderToStaticMarkup(<PgProgress {...sweep({ progress: progressVacuum })} />)
    const [row] = progressVacuum as { done: number; total: number }[]
    expect(vacuum).toContain(`${((100 * (row?.done ?? 0)) / (row?.total ?? 1)).toFixed(1)} %`)
    expect(vacuum).toContain(`${row?.done ?? '?'} / ${(row?.total ?? 0).toLocaleString('en-US')} blocks`)
    expect(vacuum).not.toContain('data-tone=')
    const held = (progressCic as Record<string, unknown>[]).map((p) => ({ ...p, elapsed_s: 45 }))
    const cic = renderToStaticMarkup(<PgProgress {...sweep({ progress: held })} />)
    expect(cic).toContain('waiting for old snapshots')
    expect(cic).toContain('data-tone="warn"')
  })

  it('connection encryption: only the client in clear from another host is tinted', () => {
    const rows = rowsOf(renderToStaticMarkup(<PgSslConnections {...sweep({ pg_stat_ssl: sslRemote })} />))
    expect(rows).toHaveLength(3)
    expect(rows.filter((r) => r.tone === 'warn').map((r) => r.text.includes('192.0.2.2'))).toEqual([true])
    expect(rows.every((r) => r.text.includes('NO'))).toBe(true)
  })

  it('database sizes: every database with its size', () => {
    const html = renderToStaticMarkup(<PgDatabaseSizes {...sweep({ database_sizes: sizesClean })} />)
    for (const d of sizesClean as { datname: string }[]) expect(html).toContain(d.datname)
    expect(html).toMatch(/\d+(\.\d+)? MiB/)
  })
})
