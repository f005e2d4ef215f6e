import { mkdirSync } from 'node:fs'
import { test, expect, uniqueName } from './fixtures'
import { AuditPage } from './pages/AuditPage'
import { ConfirmDialogPage } from './pages/ConfirmDialogPage'
import { backgroundOf } from './pages/dom'
import { IncidentPage } from './pages/IncidentPage'
import { rpc } from './pages/rpc'
import { backendAlive, holdRowLock, PG_APP_URL, prepareLockTable, type HeldLock } from './pages/servers'

let lock: HeldLock | null = null

test.beforeAll(async () => {
  await prepareLockTable()
})

test.afterAll(async () => {
  await lock?.release()
})

test('kills the blocker from its finding through the production confirm dialog', async ({ ui, request }) => {
  lock = await holdRowLock(2, 1)
  const name = uniqueName('prod-pg')
  const { id } = await rpc<{ id: string }>(request, 'connections.save', {
    name,
    engine: 'postgres',
    url: PG_APP_URL,
    environment: 'production',
    allowWrites: true
  })
  await rpc(request, 'connections.connect', { id })
  await ui.reload()
  const incident = new IncidentPage(ui)
  await incident.open()

  const pid = lock.blockerPid
  const row = incident.row(name, 'pg.blocking-lock', `pid ${pid}`)
  await expect(row).toBeVisible({ timeout: 20_000 })
  await row.getByRole('button', { name: `Terminate pid ${pid}…` }).click()

  const dialog = new ConfirmDialogPage(ui)
  await expect(dialog.root).toBeVisible()
  await expect(dialog.environment).toContainText('PRODUCTION')
  expect(await backgroundOf(dialog.environment)).toBe(
    await backgroundOf(ui.locator('.env-chip[data-environment="production"]').first())
  )
  await expect(dialog.statement).toHaveText(`SELECT pg_terminate_backend(${pid})`)
  await expect(dialog.challenge).toHaveText(`production ${pid}`)
  await expect(dialog.root).toContainText('primary')

  // Wrong text keeps Confirm disabled; the right text enables it only after the production countdown.
  await dialog.input.fill(`${pid}`)
  await expect(dialog.confirm).toBeDisabled()
  await dialog.input.fill(`production ${pid}`)
  await expect(dialog.confirm).toBeEnabled({ timeout: 4_000 })
  mkdirSync('docs/screenshots', { recursive: true })
  await ui.screenshot({ path: 'docs/screenshots/confirm.png' })
  await dialog.confirm.click()
  await expect(dialog.result).toContainText('Done', { timeout: 15_000 })
  await expect.poll(() => backendAlive(pid), { timeout: 10_000 }).toBe(false)
  await ui.keyboard.press('Escape')
  await expect(dialog.root).toHaveCount(0)

  const audit = new AuditPage(ui)
  await audit.open()
  const records = audit.table.locator('tbody tr', { hasText: `pg_terminate_backend(${pid})` })
  await expect(records.and(ui.locator('[data-phase="intent"]'))).toHaveCount(1)
  await expect(records.and(ui.locator('[data-phase="outcome"]'))).toContainText('done')
  await expect(records.first()).toContainText('postgres.terminateBackend')
  await expect(records.first()).toContainText(name)
})

test('Escape cancels and nothing is sent; a read-only profile is refused with what to do', async ({
  ui,
  request
}) => {
  const held = await holdRowLock(3, 1, 'dbconsole e2e ro blocker')
  try {
    const name = uniqueName('ro-pg')
    const { id } = await rpc<{ id: string }>(request, 'connections.save', {
      name,
      engine: 'postgres',
      url: PG_APP_URL,
      environment: 'staging'
    })
    await rpc(request, 'connections.connect', { id })
    await ui.reload()
    const incident = new IncidentPage(ui)
    await incident.open()
    const row = incident.row(name, 'pg.blocking-lock', `pid ${held.blockerPid}`)
    await expect(row).toBeVisible({ timeout: 20_000 })
    await row.getByRole('button', { name: /^Terminate pid/ }).click()
    const dialog = new ConfirmDialogPage(ui)
    await expect(dialog.root).toContainText('READ_ONLY_PROFILE')
    await expect(dialog.root).toContainText('allow writes')
    await dialog.cancel()
    expect(await backendAlive(held.blockerPid)).toBe(true)
  } finally {
    await held.release()
  }
})
