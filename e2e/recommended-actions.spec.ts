import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import { test, expect, uniqueName } from './fixtures'
import { ConfirmDialogPage } from './pages/ConfirmDialogPage'
import { EnginePage } from './pages/EnginePage'
import { rpc } from './pages/rpc'
import { backendAlive, backendPid, PG_APP_URL, PG_SUPER_URL, pgClient } from './pages/servers'

const STANDALONE = 'redis://127.0.0.1:56379'
// A scratch database: a statement sleeping in the shared one would hold back others' CONCURRENTLY builds.
const SCRATCH = `h_actions_e2e_${randomBytes(4).toString('hex')}`
const scratchUrl = (url: string) => url.replace(/\/app$/, `/${SCRATCH}`)

test.beforeAll(async () => {
  const su = await pgClient(PG_SUPER_URL)
  await su.query(`create database ${SCRATCH}`)
  await su.end()
})

test.afterAll(async () => {
  const su = await pgClient(PG_SUPER_URL)
  await su.query(`drop database if exists ${SCRATCH} with (force)`)
  await su.end()
})

test('an Activity row cancels its running statement: the session stays', async ({ app, ui, request }) => {
  test.setTimeout(60_000)
  const sleeper = await pgClient(scratchUrl(PG_APP_URL), 'dbconsole e2e sleeper')
  const pid = await backendPid(sleeper)
  const sleeping = sleeper.query('select pg_sleep(60)').then(
    () => 'finished',
    (err: Error) => err.message
  )
  try {
    const name = uniqueName('cancel-pg')
    await rpc(request, 'connections.save', {
      name,
      engine: 'postgres',
      url: scratchUrl(PG_APP_URL),
      environment: 'development',
      allowWrites: true
    })
    const page = new EnginePage(ui)
    await page.open(app, name, 'Health')
    const row = page.rows('Activity').filter({ hasText: 'dbconsole e2e sleeper' })
    await expect(row.getByRole('button', { name: 'Terminate…' })).toBeVisible({ timeout: 20_000 })
    await row.getByRole('button', { name: 'Cancel…' }).click()

    const dialog = new ConfirmDialogPage(ui)
    await expect(dialog.statement).toHaveText(`SELECT pg_cancel_backend(${pid})`)
    await expect(dialog.root).toContainText('select pg_sleep(60)')
    await dialog.input.fill(String(pid))
    await dialog.confirm.click()
    await expect(dialog.result).toContainText('Done', { timeout: 15_000 })
    expect(await sleeping).toBe('canceling statement due to user request')
    expect(await backendAlive(pid)).toBe(true)
  } finally {
    const su = await pgClient(PG_SUPER_URL)
    await su.query('select pg_terminate_backend($1)', [pid])
    await su.end()
    await sleeper.end().catch(() => undefined)
  }
})

test('the Redis page: SLOWLOG settings validated before the dialog, the client list, the doctors as text', async ({
  app,
  ui,
  request
}) => {
  test.setTimeout(60_000)
  const admin = new Redis(STANDALONE, { lazyConnect: true, maxRetriesPerRequest: 1 })
  await admin.connect()
  const before = ((await admin.call('CONFIG', 'GET', 'slowlog-max-len')) as string[])[1]
  const name = uniqueName('redis-actions')
  await rpc(request, 'connections.save', {
    name,
    engine: 'redis',
    url: STANDALONE,
    environment: 'development',
    allowWrites: true
  })
  const page = new EnginePage(ui)
  await page.open(app, name, 'Redis')

  const settings = ui.getByTestId('slowlog-settings')
  const maxLen = settings.locator('[data-parameter="slowlog-max-len"]')
  await expect(maxLen).toContainText(String(before))
  await maxLen.getByRole('textbox').fill('-3')
  await expect(maxLen).toContainText('Not accepted: a whole number, 0 or more.')
  await expect(maxLen.getByRole('button', { name: 'Change…' })).toBeDisabled()
  await maxLen.getByRole('textbox').fill('200')
  await maxLen.getByRole('button', { name: 'Change…' }).click()
  const dialog = new ConfirmDialogPage(ui)
  await expect(dialog.statement).toHaveText('CONFIG SET slowlog-max-len 200')
  await expect(dialog.root).toContainText(`Set slowlog-max-len from ${before} to 200.`)
  await dialog.cancel()
  // Escape sent nothing.
  expect(((await admin.call('CONFIG', 'GET', 'slowlog-max-len')) as string[])[1]).toBe(before)
  admin.disconnect()

  await ui.getByRole('button', { name: 'Read CLIENT LIST' }).click()
  const own = page.rows('Clients of 127.0.0.1:56379').filter({ hasText: 'dbconsole:diagnostics' })
  await expect(own.first()).toContainText('dbconsole (this app)')
  await expect(own.first().getByRole('button')).toHaveCount(0)

  await ui.getByRole('button', { name: 'Ask LATENCY DOCTOR and MEMORY DOCTOR' }).click()
  const doctor = ui.getByTestId('redis-doctor')
  await expect(doctor).toContainText('Dave')
  await expect(doctor).toContainText('Sam')
})
