/**
 * The confirm dialog says what the guard found about the connection's privileges before any typing: a
 * denied action shows its reason and next step above the statement and offers no challenge to type.
 */
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import type { ActionPermission, PreparedAction } from '../shared/actions'
import { PreparedBody } from '../renderer/src/features/confirm/PreparedBody'

const prepared = (permission: ActionPermission): PreparedAction => ({
  ticketId: 't',
  action: 'postgres.terminateBackend',
  title: 'Terminate a backend (its transaction rolls back)',
  tier: 2,
  environment: 'staging',
  preview: { summary: 'Terminate backend 4242.', facts: { pid: 4242 }, warnings: [], permission },
  exactStatement: 'SELECT pg_terminate_backend(4242)',
  challenge: '4242',
  expiresAt: Date.now() + 60_000,
  serverIdentity: {
    engine: 'postgres',
    id: '1',
    role: 'primary',
    address: 'h:5432',
    summary: 'PostgreSQL 1'
  },
  confirm: { cooldownMs: 0, enterConfirms: true }
})

const render = (permission: ActionPermission): string =>
  renderToStaticMarkup(
    <PreparedBody
      prepared={prepared(permission)}
      sending={false}
      onConfirm={() => undefined}
      onPrepareAgain={() => undefined}
    />
  )

const challengeInput = (html: string): string =>
  /<input[^>]*aria-label="Confirmation text"[^>]*>/.exec(html)?.[0] ?? ''

describe('the confirm dialog and the preview permission', () => {
  it('a denied action shows the reason and next step before the statement and disables the challenge', () => {
    const html = render({
      verdict: 'denied',
      reason: 'Cannot terminate with this role (app): backend 4242 belongs to the superuser postgres.',
      nextStep: 'Connect as a superuser to terminate it.'
    })
    expect(html).toContain('role="alert"')
    expect(html).toContain('Cannot terminate with this role (app)')
    expect(html).toContain('Connect as a superuser to terminate it.')
    expect(html.indexOf('Cannot terminate with this role')).toBeLessThan(html.indexOf('Exact statement'))
    expect(challengeInput(html)).toMatch(/ disabled=""/)
    expect(challengeInput(html)).toContain('placeholder="Not offered')
  })

  it('a permitted action keeps the challenge open and says why it is allowed', () => {
    const html = render({ verdict: 'permitted', basis: 'app has the privileges of pg_signal_backend.' })
    expect(html).toContain('app has the privileges of pg_signal_backend.')
    expect(html).not.toContain('role="alert"')
    expect(challengeInput(html)).not.toMatch(/ disabled=""/)
  })

  it('an unchecked action says why it could not be asked and keeps the challenge open', () => {
    const html = render({ verdict: 'unchecked', reason: 'User app may not run ACL DRYRUN.' })
    expect(html).toContain('Privileges not checked in advance')
    expect(html).toContain('User app may not run ACL DRYRUN.')
    expect(challengeInput(html)).not.toMatch(/ disabled=""/)
  })
})
