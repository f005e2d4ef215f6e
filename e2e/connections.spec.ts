import { mkdirSync } from 'node:fs'
import { test, expect, uniqueName } from './fixtures'
import { backgroundOf } from './pages/dom'

const PG_PASSWORD = 'app-secret-Sentinel-7f3a'
const PG_URL = 'postgres://dbconsole_app@127.0.0.1:55432/app'

test.describe('connections (issue 3)', () => {
  test('a PostgreSQL primary shows version 15.x, role primary and its replica', async ({ app, ui }) => {
    const name = uniqueName('pg-primary')
    const form = await app.addConnection()
    await form.fillCommon({ engine: 'PostgreSQL', name })
    await form.fillUrl(PG_URL, PG_PASSWORD)
    await form.test()
    await expect(form.testResult).toContainText(/PostgreSQL 15\.\d+/)
    await expect(form.testResult).toContainText('role primary')
    await form.save()

    // After saving, the password is never shown back: the field is empty and says it is saved.
    await expect(form.field('Password')).toHaveValue('')
    await expect(form.root).toContainText('password saved')
    await expect(ui.locator('body')).not.toContainText(PG_PASSWORD)

    const overview = await app.openConnection(name)
    await expect(overview.header).toContainText(name)
    await overview.connect()
    await expect(overview.state).toHaveText('connected')
    await expect(overview.fact('Version')).toHaveText(/^15\.\d+/)
    await expect(overview.fact('Role')).toHaveText('primary')
    const replica = overview.topologyRows().filter({ has: ui.locator('td', { hasText: /^replica$/ }) })
    await expect(replica).toHaveCount(1)
    await expect(replica).toContainText('streaming')

    await overview.runDiagnostics()
    await expect(overview.diagnostics.locator('.report').first()).toBeVisible({ timeout: 30_000 })
    await expect(ui.locator('body')).not.toContainText(PG_PASSWORD)

    mkdirSync('docs/screenshots', { recursive: true })
    await ui.screenshot({ path: 'docs/screenshots/overview.png' })
  })

  test('a Redis Cluster shows its 3 masters and their slot ranges', async ({ app, ui }) => {
    const name = uniqueName('redis-cluster')
    const form = await app.addConnection()
    await form.fillCommon({ engine: 'Redis', name, environment: 'staging' })
    await form.fillFields({ host: '127.0.0.1', port: '47001', cluster: true })
    await form.save()

    const overview = await app.openConnection(name)
    await overview.connect()
    await expect(overview.state).toHaveText('connected')
    const masters = overview.topologyRows().filter({ has: ui.locator('td', { hasText: /^cluster-master$/ }) })
    await expect(masters).toHaveCount(3)
    const slots = overview.topology.locator('td[data-cell="slots"]')
    await expect(slots).toHaveText(
      ['0-5460', '5461-10922', '10923-16383'].map((s) => new RegExp(s)),
      { useInnerText: true }
    )
  })

  test('a wrong password gives a clear message that does not contain the password', async ({ app, ui }) => {
    const wrong = 'Wrong-Pass-Zebra-9431'
    const name = uniqueName('pg-wrong')
    const form = await app.addConnection()
    await form.fillCommon({ engine: 'PostgreSQL', name })
    await form.fillFields({
      host: '127.0.0.1',
      port: '55432',
      user: 'dbconsole_app',
      password: wrong,
      database: 'app'
    })
    await form.test()
    const alert = form.alerts.first()
    await expect(alert).toContainText('AUTH_FAILED')
    await expect(alert).toContainText(/authentication failed/i)
    await expect(alert).not.toContainText(wrong)

    await form.save()
    const overview = await app.openConnection(name)
    await overview.connect()
    await expect(overview.state).toHaveText('failed')
    await expect(overview.status.getByRole('alert')).toContainText(/authentication failed/i)
    await expect(ui.locator('body')).not.toContainText(wrong)
  })

  test('TLS client certificate fields: checked together, the insecure mode warns, the passphrase never comes back', async ({
    app,
    ui
  }) => {
    const passphrase = 'Tls-Key-Pass-Heron-5521'
    const name = uniqueName('redis-tls')
    const form = await app.addConnection()
    await form.fillCommon({ engine: 'Redis', name })
    await form.fillFields({ host: '127.0.0.1', port: '56379' })
    await form.root.getByLabel('Use TLS').check()
    await form.field('Client certificate').fill('/etc/db/client.crt')
    await form.root.getByRole('button', { name: 'Save', exact: true }).click()
    await expect(form.root).toContainText('A client certificate needs its key.')

    await form.field('Client key').fill('/etc/db/client.key')
    await form.field('Client key passphrase').fill(passphrase)
    await form.field('Minimum TLS version').selectOption('TLSv1.3')
    await form.root.getByLabel(/^INSECURE/).check()
    await expect(form.alerts.filter({ hasText: 'can read and change this traffic' })).toBeVisible()
    await form.save()

    await expect(form.field('Client key passphrase')).toHaveValue('')
    await expect(form.root).toContainText('passphrase saved')
    await expect(form.field('Client key')).toHaveValue('/etc/db/client.key')
    await expect(form.field('Minimum TLS version')).toHaveValue('TLSv1.3')
    await expect(form.root.getByLabel(/^INSECURE/)).toBeChecked()
    await expect(ui.locator('body')).not.toContainText(passphrase)
  })

  test('a production profile shows the production colour in the sidebar and the header', async ({
    app,
    ui
  }) => {
    const name = uniqueName('prod-redis')
    const form = await app.addConnection()
    await form.fillCommon({ engine: 'Redis', name, environment: 'production' })
    await form.fillFields({ host: '127.0.0.1', port: '56379' })
    await form.save()

    const sidebarChip = app.connectionItem(name).locator('.env-chip')
    await expect(sidebarChip).toHaveAttribute('data-environment', 'production')
    await expect(sidebarChip).toHaveText('PROD')
    const red = await backgroundOf(sidebarChip)
    expect(red).toMatch(/^rgb\((19[0-9]|2[0-4][0-9]), (\d{1,2}), (\d{1,2})\)$/)

    const overview = await app.openConnection(name)
    const headerChip = overview.header.locator('.env-chip')
    await expect(headerChip).toHaveAttribute('data-environment', 'production')
    expect(await backgroundOf(headerChip)).toBe(red)
    await expect(overview.header).toHaveAttribute('data-environment', 'production')

    // And in the command palette.
    const palette = await app.openPalette()
    await palette.getByRole('combobox').fill(name)
    await expect(palette.getByRole('option').first().locator('.env-chip')).toHaveAttribute(
      'data-environment',
      'production'
    )
    await ui.keyboard.press('Escape')
  })
})
