import { test, expect, uniqueName } from './fixtures'

// The replica set is the wire-protocol fake that playwright.config.ts starts on 57117 (57119 is down).
test('a Mongo replica set shows every member with its state and health', async ({ app, ui }) => {
  const name = uniqueName('mongo-rs')
  const form = await app.addConnection()
  await form.fillCommon({ engine: 'MongoDB', name })
  await form.fillFields({ host: '127.0.0.1', port: '57117' })
  await form.root.getByLabel('Replica set', { exact: true }).fill('rs0')
  await form.save()

  const overview = await app.openConnection(name)
  await overview.connect()
  await expect(overview.state).toHaveText('connected')
  await expect(overview.fact('Identity')).toHaveText('rs0')
  const rows = overview.topologyRows()
  await expect(rows).toHaveCount(3)
  await expect(rows.filter({ hasText: 'PRIMARY' })).toHaveCount(1)
  await expect(rows.filter({ hasText: 'SECONDARY' })).toHaveCount(1)
  const down = ui.locator('tr[data-healthy="false"]')
  await expect(down).toHaveCount(1)
  await expect(down).toContainText('unhealthy')
})
