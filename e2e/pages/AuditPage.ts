import type { Locator, Page } from '@playwright/test'

/** The audit log view. */
export class AuditPage {
  readonly table: Locator

  constructor(readonly page: Page) {
    this.table = page.getByRole('table', { name: 'Audit records' })
  }

  async open(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Connections and views' })
      .getByRole('button', { name: 'Audit log' })
      .click()
    await this.page.getByRole('heading', { name: 'Audit log' }).waitFor()
  }
}
