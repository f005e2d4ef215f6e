import type { Locator, Page } from '@playwright/test'
import type { AppPage } from './AppPage'

/** An engine page (Health / Redis / Mongo tab): findings, titled sections, tables, charts. */
export class EnginePage {
  readonly findings: Locator

  constructor(readonly page: Page) {
    this.findings = page.getByRole('region', { name: 'Findings', exact: true })
  }

  /** Profiles saved over RPC appear after a reload; then open the connection's tab. */
  async open(app: AppPage, name: string, tab: 'Health' | 'Redis' | 'Mongo'): Promise<void> {
    await this.page.reload()
    await app.connectionItem(name).click()
    await this.page.getByRole('tab', { name: tab, exact: true }).click()
    await this.findings.waitFor({ timeout: 20_000 })
  }

  section(name: string): Locator {
    return this.page.getByRole('region', { name, exact: true })
  }

  table(label: string): Locator {
    return this.page.getByRole('table', { name: label, exact: true })
  }

  rows(label: string): Locator {
    return this.table(label).locator('[role=rowgroup] + [role=rowgroup] [role=row]')
  }

  chart(testId: string): Locator {
    return this.page.getByTestId(testId)
  }

  async refresh(): Promise<void> {
    await this.page.getByRole('button', { name: 'Refresh', exact: true }).click()
  }
}
