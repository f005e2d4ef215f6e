import type { Locator, Page } from '@playwright/test'

/** The one confirm dialog of guarded actions. */
export class ConfirmDialogPage {
  readonly root: Locator
  readonly environment: Locator
  readonly challenge: Locator
  readonly input: Locator
  readonly confirm: Locator
  readonly statement: Locator
  readonly result: Locator

  constructor(readonly page: Page) {
    this.root = page.getByRole('dialog', { name: 'Confirm action' })
    this.environment = this.root.locator('.confirm-env')
    this.challenge = this.root.locator('.confirm-challenge-text')
    this.input = this.root.getByLabel('Confirmation text')
    this.confirm = this.root.getByRole('button', { name: /^Confirm/ })
    this.statement = this.root.getByTestId('exact-statement')
    this.result = this.root.getByRole('region', { name: 'Result' })
  }

  async cancel(): Promise<void> {
    await this.page.keyboard.press('Escape')
    await this.root.waitFor({ state: 'detached' })
  }
}
