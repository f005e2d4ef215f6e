import { test as base, expect, _electron, type Page, type Request } from '@playwright/test'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AppPage } from './pages/AppPage'
import { cspViolations } from './pages/dom'

// E2E_PORT: several engineers run the suite side by side, each against their own serve host.
const APP_ORIGIN = `http://127.0.0.1:${process.env.E2E_PORT ?? 4173}`

/** Records Content-Security-Policy violations before any page script runs. */
const CSP_RECORDER = `
  window.__cspViolations = [];
  document.addEventListener('securitypolicyviolation', (e) => {
    window.__cspViolations.push({ directive: e.violatedDirective, blocked: e.blockedURI, source: e.sourceFile, line: e.lineNumber });
  });
`

interface Guard {
  /** Every request the page made that did not go to the app's own origin. */
  foreignRequests: string[]
  cspViolations(): Promise<unknown[]>
}

const isOwn = (url: string, electron: boolean): boolean => {
  if (url.startsWith('data:') || url.startsWith('blob:')) return true
  if (electron) return url.startsWith('file:') || url.startsWith('devtools:')
  return new URL(url).origin === APP_ORIGIN
}

const launchElectron = async (binary: string): Promise<{ page: Page; close: () => Promise<void> }> => {
  const userData = mkdtempSync(join(tmpdir(), 'dbconsole-e2e-electron-'))
  const app = await _electron.launch({
    executablePath: binary,
    args: ['out/main/index.js', `--user-data-dir=${userData}`]
  })
  const page = await app.firstWindow()
  return { page, close: () => app.close() }
}

/**
 * `ui`: the app's page in either host, already open, with two guards checked after every test:
 * no request leaves the app's origin and no CSP violation is reported.
 */
export const test = base.extend<{ ui: Page; app: AppPage; guard: Guard }>({
  ui: async ({ page, baseURL }, use, testInfo) => {
    const electron = testInfo.project.name === 'electron'
    if (electron) {
      const meta = testInfo.project.metadata as { electronBinary: string; available: boolean }
      test.skip(!meta.available, 'No Electron binary on this machine (it cannot be downloaded here).')
      const launched = await launchElectron(meta.electronBinary)
      await launched.page.addInitScript(CSP_RECORDER)
      await launched.page.reload()
      await use(launched.page)
      await launched.close()
      return
    }
    await page.addInitScript(CSP_RECORDER)
    await page.goto(baseURL ?? '/')
    await use(page)
  },
  guard: [
    async ({ ui }, use, testInfo) => {
      const electron = testInfo.project.name === 'electron'
      const foreignRequests: string[] = []
      const onRequest = (request: Request) => {
        if (!isOwn(request.url(), electron)) foreignRequests.push(request.url())
      }
      ui.on('request', onRequest)
      const guard: Guard = {
        foreignRequests,
        cspViolations: () => cspViolations(ui)
      }
      await use(guard)
      ui.off('request', onRequest)
      expect(foreignRequests, 'every request stays on the app origin').toEqual([])
      expect(await guard.cspViolations(), 'no CSP violation').toEqual([])
    },
    { auto: true }
  ],
  app: async ({ ui }, use) => {
    await use(new AppPage(ui))
  }
})

export { expect }

/** A name no other test uses, so specs do not depend on each other's profiles. */
export const uniqueName = (base: string): string =>
  `${base}-${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}`
