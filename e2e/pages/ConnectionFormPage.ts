import type { Locator, Page } from '@playwright/test'

export interface ProfileFields {
  engine?: 'PostgreSQL' | 'Redis' | 'MongoDB'
  name: string
  environment?: 'development' | 'staging' | 'production'
}

/** The add/edit connection form. */
export class ConnectionFormPage {
  readonly root: Locator

  constructor(readonly page: Page) {
    this.root = page.locator('form.form')
  }

  field(label: string): Locator {
    return this.root.getByLabel(label, { exact: true })
  }

  get testResult(): Locator {
    return this.root.getByTestId('test-result')
  }

  get alerts(): Locator {
    return this.root.getByRole('alert')
  }

  async fillCommon({
    engine = 'PostgreSQL',
    name,
    environment = 'development'
  }: ProfileFields): Promise<void> {
    await this.field('Engine').selectOption({ label: engine })
    await this.field('Name').fill(name)
    await this.field('Environment').selectOption(environment)
  }

  /** Fills the connection by URL; the password goes in its own (masked) field. */
  async fillUrl(url: string, password?: string): Promise<void> {
    await this.root.getByRole('button', { name: 'URL', exact: true }).click()
    await this.field('URL').fill(url)
    if (password !== undefined) await this.field('Password').fill(password)
  }

  async fillFields(fields: {
    host?: string
    port?: string
    user?: string
    password?: string
    database?: string
    cluster?: boolean
  }): Promise<void> {
    await this.root.getByRole('button', { name: 'Fields', exact: true }).click()
    if (fields.host !== undefined) await this.root.getByLabel(/^Host(\(s\))?$/).fill(fields.host)
    if (fields.port !== undefined) await this.field('Port').fill(fields.port)
    if (fields.user !== undefined) await this.field('User').fill(fields.user)
    if (fields.password !== undefined) await this.field('Password').fill(fields.password)
    if (fields.database !== undefined)
      await this.root.getByLabel(/^(Database|DB index)$/).fill(fields.database)
    if (fields.cluster !== undefined) await this.root.getByLabel('Cluster').setChecked(fields.cluster)
  }

  async test(): Promise<void> {
    await this.root.getByRole('button', { name: 'Test', exact: true }).click()
  }

  async save(): Promise<void> {
    await this.root.getByRole('button', { name: 'Save', exact: true }).click()
    await this.root.getByRole('status').filter({ hasText: 'Saved.' }).waitFor()
  }
}
