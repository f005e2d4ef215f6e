/**
 * The PgBouncer sections of the health page on the recorded console output: main's check (over a console
 * that answers with the fixtures' rows) decides the findings, the page tints the pool and database rows
 * by their subjects and shows the console's text as text.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it, vi } from 'vitest'
import type { NodeDetail, TopicCollector } from '../shared/detail'
import { PGBOUNCER_PROBE_IDS, type PgBouncerProbeId } from '../main/diagnostics/pgbouncer/records'
import { checkPgBouncer } from '../main/engines/postgres/pgbouncer/check'
import { toWire } from '../main/support/wire'
import type { PgBouncerConsole } from '../main/engines/types'
import { isPgBouncerNode, PgBouncerSections } from '../renderer/src/features/health/PgBouncerSections'

// The page frame's module reaches the host's client at import; these sections make no call.
vi.mock('../renderer/src/api/client', () => ({ api: {} }))

const FIXTURES = join(import.meta.dirname, '../main/diagnostics/pgbouncer/fixtures')
const rowsOf = (probe: PgBouncerProbeId, scenario: string): unknown[] =>
  JSON.parse(readFileSync(join(FIXTURES, `${probe}--${scenario}--pgbouncer1.18.json`), 'utf8')) as unknown[]

const recordedConsole = (scenario: string): PgBouncerConsole => ({
  address: '127.0.0.1:59200',
  show: (probe) => Promise.resolve(rowsOf(probe, scenario)),
  version: () => Promise.resolve('PgBouncer 1.18.0'),
  close: () => Promise.resolve()
})

/** A node whose topics fill as a check collects them, over the wire as the page receives them. */
const collectedNode = (address: string): { node: NodeDetail; collect: TopicCollector } => {
  const topics: Record<string, unknown> = {}
  const node: NodeDetail = { node: address, topics: topics as NodeDetail['topics'] }
  return { node, collect: (_, topic, table) => (topics[topic] = toWire(table)) }
}

const page = async (scenario: string) => {
  const { node, collect } = collectedNode('127.0.0.1:59200')
  const report = await checkPgBouncer(() => Promise.resolve(recordedConsole(scenario)), 'test', collect)
  const html = renderToStaticMarkup(<PgBouncerSections node={node} findings={report.findings} />)
  return { node, report, html }
}

/** The data-tone of the table row whose text starts with `first`. */
const toneOfRow = (html: string, first: string): string | null => {
  const rows = html.split('role="row"').slice(1)
  const row = rows.find((r) => r.includes(`>${first}<`))
  if (!row) throw new Error(`no row ${first}`)
  return /data-tone="(\w+)"/.exec(row)?.[1] ?? null
}

describe('PgBouncer sections', () => {
  it('tint the saturated pool by main findings and leave the others plain', async () => {
    const { node, report, html } = await page('saturated')
    expect(isPgBouncerNode(node)).toBe(true)
    const waiting = report.findings.find((f) => f.rule === 'pgbouncer.clients-waiting')
    const pool = waiting?.subject?.name.split('/')[0]
    if (!pool) throw new Error('no waiting pool found by main')
    expect(toneOfRow(html, pool)).toBe('warn')
    expect(toneOfRow(html, 'dbc_session')).toBeNull()
    // Statement pooling is main's warning about the database dbc_stmt: its row in the databases table.
    const databases = html.split('role="table" aria-label="PgBouncer databases"')[1]?.split('role="table"')[0]
    expect(databases).toContain('data-tone="warn"')
    expect(html).toContain('query_wait_timeout')
  })

  it('say which console command failed instead of an empty table', async () => {
    const failing: PgBouncerConsole = {
      ...recordedConsole('rest'),
      show: (probe) =>
        probe === 'servers'
          ? Promise.reject(new Error('permission denied'))
          : Promise.resolve(rowsOf(probe, 'rest'))
    }
    const { node, collect } = collectedNode(failing.address)
    await checkPgBouncer(() => Promise.resolve(failing), 'test', collect)
    expect(Object.keys(node.topics).sort()).toEqual(PGBOUNCER_PROBE_IDS.map((p) => `pgbouncer_${p}`).sort())
    const html = renderToStaticMarkup(<PgBouncerSections node={node} findings={[]} />)
    expect(html).toContain('pgbouncer_servers: PgBouncer 127.0.0.1:59200: permission denied')
  })
})
