import { test, expect } from './fixtures'
import { rpc } from './pages/rpc'

test('server and profile data render as text, never as markup', async ({ app, ui, request }, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'sets up through the serve host')
  const hostile = `<img src=/x-pwned onerror="window.__pwned=1">${Date.now()}`
  await rpc(request, 'connections.save', {
    name: hostile,
    engine: 'redis',
    url: 'redis://127.0.0.1:56379',
    environment: 'production'
  })
  await ui.reload()
  const item = app.connectionItem(hostile)
  await expect(item).toContainText('<img src=/x-pwned')
  await item.click()
  await expect(app.overview.header).toContainText('<img src=/x-pwned')
  expect(await ui.locator('img').count()).toBe(0)
  expect(await ui.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined()
})

test('the page carries the strict CSP and loads everything from its own origin', async ({
  app,
  ui,
  guard
}) => {
  await expect(ui.locator('meta[http-equiv="Content-Security-Policy"]')).toHaveAttribute(
    'content',
    /script-src 'self';/
  )
  // Visit every view, Monaco included (its workers are same-origin files, not a CDN).
  const paste = await app.openPaste()
  await expect(paste.editor.locator('.view-lines')).toBeVisible()
  await app.addConnection()
  expect(guard.foreignRequests).toEqual([])
  expect(await guard.cspViolations()).toEqual([])
})
