import Redis from 'ioredis'
import { test, expect, uniqueName } from './fixtures'
import { splitHidden } from '../src/shared/hidden-chars'
import { ConsolePage } from './pages/ConsolePage'
import { BASE_PAYLOADS, LONG_PAYLOAD, payloads, quoteIdent } from './pages/hostile'
import { IncidentPage } from './pages/IncidentPage'
import { rpc } from './pages/rpc'
import {
  holdRowLock,
  OwnRedis,
  PG_APP_URL,
  PG_SUPER_URL,
  pgClient,
  prepareLockTable,
  type HeldLock
} from './pages/servers'

const redis = new OwnRedis(46990)
let lock: HeldLock | null = null
// application_name keeps printable ASCII only (PostgreSQL turns the rest into '?'), at most 63 bytes.
const APP_NAME = '<img src=x onerror=alert(1)>'
const BIG_KEY = '<script>alert("big")</script>\u202Ekey'
/** The text a cell shows for server text: hidden characters as their U+XXXX tokens. */
const asShown = (text: string): string =>
  splitHidden(text)
    .map((p) => p.text)
    .join('')

test.beforeAll(async () => {
  const pgValues = payloads(210, false)
  const su = await pgClient(PG_SUPER_URL, 'dbconsole e2e hostile setup')
  try {
    await su.query('drop schema if exists hostile cascade')
    await su.query('create schema hostile')
    await su.query('create table hostile.vals (id serial primary key, v text not null)')
    for (const v of pgValues) await su.query('insert into hostile.vals (v) values ($1)', [v])
    // Table names: the first 40 payloads (identifiers are cut at 63 bytes by the server).
    for (const name of pgValues.slice(0, 40))
      await su.query(`create table hostile.${quoteIdent(name)} (id int)`)
    await su.query('grant usage on schema hostile to dbconsole_app')
    await su.query('grant select on all tables in schema hostile to dbconsole_app')
  } finally {
    await su.end()
  }
  await prepareLockTable()
  lock = await holdRowLock(4, 1, APP_NAME)

  redis.stop()
  redis.start()
  const client = new Redis({ port: 46990, lazyConnect: true })
  await client.connect()
  try {
    for (const p of payloads(210, true)) await client.set(p, `value:${p}`)
    await client.set(BIG_KEY, 'x'.repeat(2 * 1024 * 1024))
  } finally {
    client.disconnect()
  }
})

test.afterAll(async () => {
  await lock?.release()
  redis.stop()
})

test('hostile names, values and application names render as inert text everywhere', async ({
  app,
  ui,
  request
}) => {
  test.setTimeout(90_000)
  const dialogs: string[] = []
  ui.on('dialog', (d) => {
    dialogs.push(d.message())
    void d.dismiss()
  })
  const pgName = uniqueName('hostile-pg')
  const redisName = uniqueName('hostile-redis')
  const pg = await rpc<{ id: string }>(request, 'connections.save', {
    name: pgName,
    engine: 'postgres',
    url: PG_APP_URL,
    environment: 'development'
  })
  const rd = await rpc<{ id: string }>(request, 'connections.save', {
    name: redisName,
    engine: 'redis',
    url: 'redis://127.0.0.1:46990',
    environment: 'development'
  })
  await rpc(request, 'connections.connect', { id: pg.id })
  await rpc(request, 'connections.connect', { id: rd.id })
  await ui.reload()

  // 1. The incident overview: the blocker's application_name is in its finding, as text.
  const incident = new IncidentPage(ui)
  await incident.open()
  await expect(incident.finding(pgName, 'pg.blocking-lock', APP_NAME)).toBeVisible({ timeout: 20_000 })

  // 2. The console: stored values and table names come back verbatim in the grid.
  await app.openConnection(pgName)
  const console = new ConsolePage(ui)
  await console.open()
  await console.run('select v from hostile.vals order by id')
  await expect(console.rowCount).toHaveText('211 rows')
  for (const i of [0, 1, 3, 5, 9, 15]) {
    await expect(
      console.grid.getByRole('cell', { name: `${i}:${BASE_PAYLOADS[i]}`, exact: true })
    ).toHaveCount(1)
  }
  // Bidi overrides and control characters are shown as U+XXXX tokens, not applied (Trojan Source).
  const cells = await console.grid.getByRole('cell').allTextContents()
  expect(cells).toContain(asShown(`6:${BASE_PAYLOADS[6]}`))
  expect(cells).toContain(asShown(`8:${BASE_PAYLOADS[8]}`))
  const override = console.grid.getByRole('cell', { name: asShown(`6:${BASE_PAYLOADS[6]}`), exact: true })
  await expect(override.locator('.hidden-char')).toHaveText('U+202E')
  await console.grid.evaluate((el) => {
    el.scrollTop = el.scrollHeight
  })
  await expect(console.grid.getByRole('cell', { name: LONG_PAYLOAD, exact: true })).toHaveCount(1)
  // The 10,000-char cell stays inside its column.
  const width = await console.grid
    .getByRole('cell', { name: LONG_PAYLOAD, exact: true })
    .evaluate((el) => el.getBoundingClientRect().width)
  expect(width).toBeLessThanOrEqual(200)

  await console.run(
    "select relname from pg_class where relnamespace = 'hostile'::regnamespace and relkind = 'r' order by relname"
  )
  await expect(console.grid.getByRole('cell', { name: `1:${BASE_PAYLOADS[1]}`, exact: true })).toHaveCount(1)

  // 3. Redis: keys and values through the console, and the big key through diagnostics.
  await app.openConnection(redisName)
  await console.open()
  await console.run(`GET "1:${BASE_PAYLOADS[1]}"`)
  await expect(
    console.grid.getByRole('cell', { name: `value:1:${BASE_PAYLOADS[1]}`, exact: true })
  ).toHaveCount(1)
  await console.run('SCAN 0 COUNT 1000')
  await expect(console.result).toContainText(`0:${BASE_PAYLOADS[0]}`)

  await ui.getByRole('tab', { name: 'Overview' }).click()
  await app.overview.runDiagnostics()
  await expect(app.overview.diagnostics).toContainText('<script>alert(\\"big\\")</script>', {
    timeout: 30_000
  })
  // Every other view that lists them, where present (built by other engineers).
  for (const tab of ['Redis', 'Health']) {
    const t = ui.getByRole('tab', { name: tab })
    if ((await t.count()) > 0) await t.click()
  }
  await app.openConnection(pgName)
  const health = ui.getByRole('tab', { name: 'Health' })
  if ((await health.count()) > 0) {
    await health.click()
    await ui.waitForTimeout(1_500)
  }

  // Nothing ran: no dialog, no injected element, the CSP guard (fixtures) saw no violation.
  expect(dialogs).toEqual([])
  // Monaco adds its own <style> elements, so markup is checked by the payloads' own shapes.
  const injected = await ui
    .locator('img[onerror], svg[onload], iframe, [onmouseover], math, a[href^="javascript"]')
    .count()
  expect(injected).toBe(0)
  await expect(ui.locator('body')).toBeVisible()
})
