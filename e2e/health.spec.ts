import pg from 'pg'
import { test, expect, uniqueName } from './fixtures'
import { EnginePage } from './pages/EnginePage'
import { rpc } from './pages/rpc'

const PRIMARY = 'postgres://dbconsole_app:app-secret-Sentinel-7f3a@127.0.0.1:55432/app'
// Superuser with trust auth: only for setting up the conditions the page must show.
const SUPERUSER = 'postgres://postgres@127.0.0.1:55432/app'
const TABLE = 'e2e_health_dead'
const INDEX = 'e2e_health_unused_idx'
const IDLE_APP = 'e2e-idle-in-tx'

let idle: pg.Client | null = null

test.beforeAll(async () => {
  const admin = new pg.Client({ connectionString: SUPERUSER })
  await admin.connect()
  try {
    await admin.query(`drop table if exists ${TABLE}`)
    await admin.query(
      `create table ${TABLE} (id int primary key, val int, pad text) with (autovacuum_enabled = off)`
    )
    await admin.query(`insert into ${TABLE} select g, g, repeat('x', 80) from generate_series(1, 20000) g`)
    await admin.query(`create index ${INDEX} on ${TABLE} (val)`)
    // 80 % of the rows updated with autovacuum off: 16,000 dead tuples stay behind.
    await admin.query(`update ${TABLE} set pad = repeat('y', 80) where id % 5 <> 0`)
  } finally {
    await admin.end()
  }
  // A session left idle in a transaction, as a forgotten BEGIN in an app would.
  idle = new pg.Client({ connectionString: SUPERUSER, application_name: IDLE_APP })
  idle.on('error', () => undefined)
  await idle.connect()
  await idle.query('set idle_in_transaction_session_timeout = 0')
  await idle.query('begin')
  await idle.query(`select count(*) from ${TABLE} where id = 1`)
})

test.afterAll(async () => {
  await idle?.query('rollback').catch(() => undefined)
  await idle?.end().catch(() => undefined)
  const admin = new pg.Client({ connectionString: SUPERUSER })
  await admin.connect()
  await admin.query(`drop table if exists ${TABLE}`).finally(() => admin.end())
})

test('the PostgreSQL Health page shows dead tuples, the unused index, the idle transaction and a moving lag chart', async ({
  app,
  ui,
  request
}) => {
  test.setTimeout(90_000)
  const name = uniqueName('pg-health')
  await rpc(request, 'connections.save', {
    name,
    engine: 'postgres',
    url: PRIMARY,
    environment: 'development'
  })
  // The idle-in-transaction rule starts at 10 s of idleness.
  await ui.waitForTimeout(11_000)
  const page = new EnginePage(ui)
  await page.open(app, name, 'Health')

  await expect(page.findings).toContainText('pg.dead-tuples')
  await expect(page.findings).toContainText('pg.unused-index')
  await expect(page.findings).toContainText('pg.idle-in-transaction')
  await expect(page.findings).toContainText(TABLE)
  // Findings that suggest a guarded action carry its button; this profile is read-only, so the dialog
  // answers READ_ONLY_PROFILE and nothing runs.
  const drop = page.findings.getByRole('button', { name: `Drop index public.${INDEX}…` })
  await expect(drop).toBeVisible()
  await drop.click()
  const dialog = ui.getByRole('dialog')
  await expect(dialog).toContainText('READ_ONLY_PROFILE')
  await ui.keyboard.press('Escape')
  await expect(dialog).toHaveCount(0)

  const tables = page.rows('Tables')
  const dead = tables.filter({ hasText: `public.${TABLE}` })
  await expect(dead).toHaveCount(1)
  await expect(dead).toContainText('16,000')
  await expect(dead).toContainText('OFF')
  // The row's Inspect button: pgstattuple_approx of that table (scripts/pg-up.sh installs pgstattuple
  // in this database), shown as text below the table; the click does not open the row's fields.
  await dead.getByRole('button', { name: `Inspect public.${TABLE}` }).click()
  const inspection = ui.getByRole('region', { name: 'Inspection' })
  await expect(inspection).toContainText(`public.${TABLE}: pgstattuple_approx of the`)
  await expect(inspection).toContainText(/Dead tuples \d+(\.\d)? % of the table \([\d,]+ tuples\), exact\./)
  await expect(inspection).toContainText('Free space')
  await expect(ui.getByRole('region', { name: 'Row details' })).toHaveCount(0)

  await expect(page.rows('Index problems').filter({ hasText: INDEX })).toContainText('unused')

  const activity = page.rows('Activity').filter({ hasText: IDLE_APP })
  await expect(activity).toContainText('idle in transaction')
  // A row opens every field of the record.
  await activity.first().click()
  await expect(ui.getByRole('region', { name: 'Row details' })).toContainText('backend_xmin_age')

  // The server views: the archiver (off on this server), the settings changed from their defaults with
  // who set them, every database's size, and the lock table (the idle session holds its table's lock).
  await expect(page.rows('WAL archiver')).toContainText('off')
  await expect(page.rows('Non-default settings').filter({ hasText: 'port' }).first()).toContainText(
    'configuration file'
  )
  await expect(page.rows('Database sizes').first()).toContainText(/\d(\.\d+)? (KiB|MiB|GiB)/)
  await expect(page.table('Locks')).toBeVisible()
  await expect(page.section('Maintenance in progress')).toBeVisible()
  await expect(page.section('Connection encryption')).toBeVisible()

  // Two samples 5 s apart: the lag chart has at least two points.
  const lag = page.chart('chart-lag-bytes')
  await expect(lag).toBeVisible()
  await expect
    .poll(async () => Number(await lag.getAttribute('data-points')), { timeout: 20_000 })
    .toBeGreaterThanOrEqual(2)
  await expect(lag.locator('canvas')).toHaveCount(1)
  await expect(page.chart('chart-tps')).toHaveAttribute('data-points', /^[2-9]|\d\d+$/)
  // The y axis's label and tick values are drawn, in a colour the canvas understood (it cannot parse the
  // theme's light-dark() variables, and then drew the axis text invisibly): opaque pixels left of the plot.
  // (Structural types: the e2e project is typechecked without the DOM library.)
  type Canvas = {
    width: number
    height: number
    getContext(
      kind: '2d'
    ): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null
  }
  const axisInk = await lag.locator('canvas').evaluate((element) => {
    const canvas = element as unknown as Canvas
    const ctx = canvas.getContext('2d')
    if (ctx === null) return 0
    const { data } = ctx.getImageData(0, 0, Math.round(canvas.width * 0.1), canvas.height)
    let ink = 0
    for (let i = 3; i < data.length; i += 4) if ((data[i] ?? 0) > 128) ink++
    return ink
  })
  expect(axisInk, 'opaque pixels in the y axis area').toBeGreaterThan(100)

  await ui.getByRole('region', { name: 'Findings', exact: true }).scrollIntoViewIfNeeded()
  await ui.screenshot({ path: 'docs/screenshots/health.png' })
})
