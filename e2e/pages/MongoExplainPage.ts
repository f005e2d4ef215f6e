import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Locator, Page } from '@playwright/test'

const FIXTURES = join(import.meta.dirname, '..', '..', 'src', 'main', 'diagnostics', 'mongo', 'fixtures')

/** A recorded explain fixture, as a person would paste it. */
export const mongoFixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8')

// The e2e tsconfig has no DOM lib (a Node project): the page-side globals used here, typed by hand.
interface PasteTarget {
  dispatchEvent(event: unknown): boolean
}
interface PasteGlobals {
  DataTransfer: new () => { setData(type: string, value: string): void }
  ClipboardEvent: new (
    type: string,
    init: { clipboardData: unknown; bubbles: boolean; cancelable: boolean }
  ) => unknown
  document: { activeElement: PasteTarget | null; body: PasteTarget }
}

/**
 * A clipboard paste into the focused Monaco editor, as Ctrl+V delivers it. Typing a large JSON
 * document instead lets the Paste view's editor auto-indent and auto-close brackets into it.
 */
export const pasteIntoFocused = async (page: Page, text: string): Promise<void> => {
  await page.evaluate((value) => {
    const g = globalThis as unknown as PasteGlobals
    const data = new g.DataTransfer()
    data.setData('text/plain', value)
    const target = g.document.activeElement ?? g.document.body
    target.dispatchEvent(
      new g.ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true })
    )
  }, text)
}

/** One explain viewer (in its own view or inside Paste output): summary, stage tree, findings, details. */
export class ExplainViewerPart {
  readonly tree: Locator
  readonly findings: Locator
  readonly details: Locator
  readonly summary: Locator
  readonly rejected: Locator

  constructor(root: Locator) {
    this.tree = root.getByRole('tree', { name: 'Explain stages' })
    this.findings = root.getByRole('list', { name: 'Explain findings' })
    this.details = root.getByRole('region', { name: 'Stage details' })
    this.summary = root.getByRole('region', { name: 'Explain summary' })
    this.rejected = root.getByRole('region', { name: 'Rejected plans' })
  }

  /** Rows of one stage name (COLLSCAN, IXSCAN...). */
  stage(name: string): Locator {
    return this.tree.locator(`[role='treeitem'][data-stage='${name}']`)
  }

  shardGroup(shard: string): Locator {
    return this.tree.getByRole('group', { name: `Shard ${shard}` })
  }

  selectedRow(): Locator {
    return this.tree.locator("[role='treeitem'][aria-selected='true']")
  }

  finding(rule: string): Locator {
    return this.findings.locator(`li[data-rule='${rule}']`)
  }
}

/** The "Analyze a Mongo explain" view. */
export class MongoExplainPage {
  readonly viewer: ExplainViewerPart
  readonly input: Locator

  constructor(readonly page: Page) {
    this.viewer = new ExplainViewerPart(page.locator('main'))
    this.input = page.getByRole('group', { name: 'Explain', exact: true })
  }

  async open(): Promise<void> {
    await this.page
      .getByRole('navigation', { name: 'Connections and views' })
      .getByRole('button', { name: 'Analyze a Mongo explain' })
      .click()
    await this.page.getByRole('heading', { name: 'Analyze a Mongo explain' }).waitFor()
  }

  /** Types through Monaco's own input, the way a paste arrives. */
  async paste(text: string): Promise<void> {
    await this.input.locator('.monaco-editor .view-lines').click()
    await this.page.keyboard.insertText(text)
  }

  /** Opens a "file" through the view's own <input type=file>. */
  async openFile(name: string, text: string): Promise<void> {
    await this.input
      .locator('input[type=file]')
      .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) })
  }

  async analyze(): Promise<void> {
    await this.input.getByRole('button', { name: 'Analyze', exact: true }).click()
  }
}
