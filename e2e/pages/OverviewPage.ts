import type { Locator, Page } from '@playwright/test'

/** A connection's Overview tab: header, status, server facts, topology, diagnostics. */
export class OverviewPage {
  readonly header: Locator
  readonly status: Locator
  readonly server: Locator
  readonly topology: Locator
  readonly diagnostics: Locator

  constructor(readonly page: Page) {
    this.header = page.locator('header.pane-head')
    this.status = page.getByRole('region', { name: 'Status', exact: true })
    this.server = page.getByRole('region', { name: 'Server', exact: true })
    this.topology = page.getByRole('table', { name: 'Topology' })
    this.diagnostics = page.getByRole('region', { name: 'Diagnostics', exact: true })
  }

  get state(): Locator {
    return this.status.getByTestId('connection-state')
  }

  /** The value next to a fact's name ("Version", "Role", ...). */
  fact(name: string): Locator {
    return this.server
      .locator('dt', { hasText: new RegExp(`^${name}$`) })
      .locator('xpath=following-sibling::dd[1]')
  }

  topologyRows(): Locator {
    return this.topology.locator('tbody tr')
  }

  async connect(): Promise<void> {
    await this.status.getByRole('button', { name: 'Connect' }).click()
  }

  async runDiagnostics(): Promise<void> {
    await this.diagnostics.getByRole('button', { name: 'Run diagnostics' }).click()
  }
}
