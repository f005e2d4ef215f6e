import type { Locator, Page } from '@playwright/test'

/** Home: the incident overview across every open connection. */
export class IncidentPage {
  readonly heading: Locator
  readonly interval: Locator

  constructor(readonly page: Page) {
    this.heading = page.getByRole('heading', { name: 'Incident overview' })
    this.interval = page.getByLabel('Refresh interval')
  }

  async open(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Connections and views' })
      .getByRole('button', { name: 'Incident overview' })
      .click()
    await this.heading.waitFor()
  }

  connection(name: string): Locator {
    return this.page.getByRole('region', { name: `Connection ${name}`, exact: true })
  }

  state(name: string): Locator {
    return this.connection(name).getByTestId('connection-state')
  }

  /** Every finding's open button, in screen order (the ranking). */
  findings(): Locator {
    return this.page.locator('[data-finding-open]')
  }

  /** A finding of one rule on one connection, narrowed by its text. */
  finding(connection: string, rule: string, text: string | RegExp = ''): Locator {
    return this.connection(connection).locator(`[data-finding-open][data-rule="${rule}"]`, { hasText: text })
  }

  /** The row (open button and suggested action) of a finding. */
  row(connection: string, rule: string, text: string | RegExp = ''): Locator {
    return this.connection(connection)
      .locator('li.incident-finding')
      .filter({ has: this.page.locator(`[data-finding-open][data-rule="${rule}"]`, { hasText: text }) })
  }
}
