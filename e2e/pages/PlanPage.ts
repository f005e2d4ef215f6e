import type { Locator, Page } from '@playwright/test'

/** One plan viewer: tree, flame graph, findings and the selected node's details. */
export class PlanViewerPart {
  readonly tree: Locator
  readonly flame: Locator
  readonly findings: Locator
  readonly details: Locator
  readonly summary: Locator

  constructor(
    readonly page: Page,
    root: Locator
  ) {
    this.tree = root.getByRole('tree', { name: 'Plan nodes' })
    this.flame = root.getByTestId('plan-flame')
    this.findings = root.getByRole('list', { name: 'Plan findings' })
    this.details = root.getByRole('region', { name: 'Node details' })
    this.summary = root.getByRole('region', { name: 'Plan summary' })
  }

  row(id: number): Locator {
    return this.tree.locator(`[role='treeitem'][data-node-id='${id}']`)
  }

  /** The heading of the details panel: "#3 Merge Join". */
  detailsTitle(): Locator {
    return this.details.getByRole('heading').first()
  }

  selectedRow(): Locator {
    return this.tree.locator("[role='treeitem'][aria-selected='true']")
  }

  async showFlame(): Promise<void> {
    await this.page
      .getByRole('group', { name: 'Plan display' })
      .getByRole('button', { name: 'Flame graph' })
      .click()
  }
}

/** The "Analyze a plan" view and the connection's live EXPLAIN tab. */
export class PlanPage {
  readonly viewer: PlanViewerPart

  constructor(readonly page: Page) {
    this.viewer = new PlanViewerPart(page, page.locator('main'))
  }

  async open(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Connections and views' })
      .getByRole('button', { name: 'Analyze a plan' })
      .click()
    await this.page.getByRole('heading', { name: 'Analyze a plan' }).waitFor()
  }

  input(label: string): Locator {
    return this.page.getByRole('group', { name: label, exact: true })
  }

  /** Types through Monaco's own input, the way a paste arrives. */
  async paste(text: string, label = 'Plan'): Promise<void> {
    await this.input(label).locator('.monaco-editor .view-lines').click()
    await this.page.keyboard.insertText(text)
  }

  /** Opens a "file" through the input's own <input type=file>. */
  async openFile(name: string, text: string, label = 'Plan'): Promise<void> {
    await this.input(label)
      .locator('input[type=file]')
      .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) })
  }

  async analyze(label = 'Plan'): Promise<void> {
    await this.input(label).getByRole('button', { name: 'Analyze', exact: true }).click()
  }

  async compareMode(): Promise<void> {
    await this.page
      .getByRole('group', { name: 'Plan mode' })
      .getByRole('button', { name: 'Compare two' })
      .click()
  }

  /** Live EXPLAIN: replaces the statement in the SQL editor. */
  async typeStatement(sql: string): Promise<void> {
    await this.page.getByTestId('explain-editor').locator('.view-lines').click()
    await this.page.keyboard.press('Control+a')
    await this.page.keyboard.press('Delete')
    await this.page.keyboard.insertText(sql)
  }
}
