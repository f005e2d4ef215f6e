import type { Locator, Page } from '@playwright/test'

// The e2e tsconfig has no DOM lib (it is a Node project): page-side globals are typed by hand here.
interface PageGlobals {
  getComputedStyle(element: unknown): { backgroundColor: string }
  document: { body: unknown }
  __cspViolations?: unknown[]
}

export const backgroundOf = (locator: Locator): Promise<string> =>
  locator.evaluate((el) => (globalThis as unknown as PageGlobals).getComputedStyle(el).backgroundColor)

export const bodyBackground = (page: Page): Promise<string> =>
  page.evaluate(() => {
    const g = globalThis as unknown as PageGlobals
    return g.getComputedStyle(g.document.body).backgroundColor
  })

export const cspViolations = (page: Page): Promise<unknown[]> =>
  page.evaluate(() => (globalThis as unknown as PageGlobals).__cspViolations ?? [])
