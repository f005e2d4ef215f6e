import type { Locator, Page } from '@playwright/test'

/** A connection's Console tab: Monaco, the result grid, the history. */
export class ConsolePage {
  readonly editor: Locator
  readonly result: Locator
  readonly grid: Locator
  readonly rowCount: Locator
  readonly truncated: Locator
  readonly history: Locator

  constructor(readonly page: Page) {
    this.editor = page.getByTestId('console-editor').locator('.monaco-editor')
    this.result = page.getByLabel('Console result')
    this.grid = page.getByRole('table', { name: 'Result rows' })
    this.rowCount = page.getByTestId('row-count')
    this.truncated = page.getByTestId('truncated')
    this.history = page.getByRole('list', { name: 'History' })
  }

  async open(): Promise<void> {
    await this.page.getByRole('tab', { name: 'Console' }).click()
    await this.editor.waitFor()
  }

  /** Replaces the editor's text through Monaco's own input, then runs it with Ctrl+Enter. */
  async run(text: string): Promise<void> {
    await this.editor.locator('.view-lines').click()
    await this.page.keyboard.press('Control+a')
    await this.page.keyboard.press('Delete')
    await this.page.keyboard.insertText(text)
    await this.page.keyboard.press('Control+Enter')
  }
}
