import type { Locator, Page } from '@playwright/test'

/** The "Paste output" view: Monaco on the left, the report on the right. */
export class PastePage {
  readonly editor: Locator
  readonly result: Locator

  constructor(readonly page: Page) {
    this.editor = page.getByTestId('paste-editor').locator('.monaco-editor')
    this.result = page.getByLabel('Analysis result')
  }

  /** Types through Monaco's own input, the way a paste arrives. */
  async paste(text: string): Promise<void> {
    await this.editor.locator('.view-lines').click()
    await this.page.keyboard.insertText(text)
  }

  async analyze(): Promise<void> {
    await this.page.getByRole('button', { name: 'Analyze', exact: true }).click()
  }
}
