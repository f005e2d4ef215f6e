import type { Locator, Page } from '@playwright/test'
import { ConnectionFormPage } from './ConnectionFormPage'
import { OverviewPage } from './OverviewPage'
import { PastePage } from './PastePage'

/** The shell: sidebar, command palette, and the way into each view. */
export class AppPage {
  readonly sidebar: Locator
  readonly connectionList: Locator
  readonly form: ConnectionFormPage
  readonly overview: OverviewPage
  readonly paste: PastePage

  constructor(readonly page: Page) {
    this.sidebar = page.getByRole('navigation', { name: 'Connections and views' })
    this.connectionList = this.sidebar.getByRole('list', { name: 'Connections' })
    this.form = new ConnectionFormPage(page)
    this.overview = new OverviewPage(page)
    this.paste = new PastePage(page)
  }

  connectionItem(name: string): Locator {
    return this.connectionList
      .getByRole('button')
      .filter({ has: this.page.locator('.name', { hasText: name }) })
  }

  async addConnection(): Promise<ConnectionFormPage> {
    await this.sidebar.getByRole('button', { name: 'Add connection' }).click()
    await this.form.root.waitFor()
    return this.form
  }

  async openConnection(name: string): Promise<OverviewPage> {
    await this.connectionItem(name).click()
    await this.overview.header.waitFor()
    return this.overview
  }

  async openPaste(): Promise<PastePage> {
    await this.sidebar.getByRole('button', { name: 'Paste output' }).click()
    return this.paste
  }

  async openPalette(): Promise<Locator> {
    await this.page.keyboard.press('Control+k')
    const palette = this.page.getByRole('dialog', { name: 'Command palette' })
    await palette.waitFor()
    return palette
  }
}
