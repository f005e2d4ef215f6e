import { test, expect } from './fixtures'
import { bodyBackground } from './pages/dom'
import { rpc } from './pages/rpc'

test('the token leaves the visible URL and the shell works from the keyboard', async ({ app, ui }) => {
  expect(ui.url()).not.toContain('token')
  await expect(app.sidebar).toBeVisible()

  // Ctrl+K lists views; Enter opens the selected one.
  const palette = await app.openPalette()
  await palette.getByRole('combobox').fill('paste')
  await ui.keyboard.press('Enter')
  await expect(palette).toBeHidden()
  await expect(ui.getByRole('heading', { name: 'Paste output' })).toBeVisible()
  await expect(app.paste.editor.locator('.view-lines')).toBeVisible() // Monaco takes focus when it mounts

  // Arrow keys move through the sidebar.
  await app.sidebar.getByRole('button', { name: 'Paste output' }).focus()
  await ui.keyboard.press('ArrowDown')
  // The next tool after "Paste output" (new tools are listed under it).
  await expect(app.sidebar.getByRole('button', { name: 'Analyze a plan' })).toBeFocused()
})

test('light and dark themes switch', async ({ app, ui }) => {
  const toggle = app.sidebar.getByRole('button', { name: /^Theme:/ })
  const bg = () => bodyBackground(ui)
  await toggle.click() // system -> light
  await expect(ui.locator('html')).toHaveAttribute('data-theme', 'light')
  const light = await bg()
  await toggle.click() // light -> dark
  await expect(ui.locator('html')).toHaveAttribute('data-theme', 'dark')
  const dark = await bg()
  expect(dark).not.toBe(light)
  await toggle.click() // back to system: the OS preference decides
  await expect(ui.locator('html')).not.toHaveAttribute('data-theme', /./)
  await ui.emulateMedia({ colorScheme: 'dark' })
  expect(await bg()).toBe(dark)
  await ui.emulateMedia({ colorScheme: 'light' })
  expect(await bg()).toBe(light)
})

test('a status change pushed by the host (server-sent events) shows without a reload', async ({
  app,
  ui,
  request
}, testInfo) => {
  test.skip(testInfo.project.name === 'electron', 'drives the serve host directly')
  const name = `pushed-${Date.now().toString(36)}`
  const { id } = await rpc<{ id: string }>(request, 'connections.save', {
    name,
    engine: 'redis',
    url: 'redis://127.0.0.1:56379',
    environment: 'development'
  })
  await ui.reload()
  const dot = app.connectionItem(name).locator('.state-dot')
  await expect(dot).toHaveAttribute('data-state', 'disconnected')
  await rpc(request, 'connections.connect', { id })
  await expect(dot).toHaveAttribute('data-state', 'connected')
  await rpc(request, 'connections.disconnect', { id })
  await expect(dot).toHaveAttribute('data-state', 'disconnected')
})
