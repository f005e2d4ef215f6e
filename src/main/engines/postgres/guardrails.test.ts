import { describe, expect, it } from 'vitest'
import { sessionSettings, startupOptions } from './guardrails'

describe('startupOptions', () => {
  it('makes diagnostics sessions read-only with the default timeouts and standard strings', () => {
    expect(startupOptions(sessionSettings(true))).toBe(
      '-c default_transaction_read_only=on -c statement_timeout=30000 -c lock_timeout=1000 ' +
        '-c idle_in_transaction_session_timeout=10000 -c standard_conforming_strings=on'
    )
  })

  it('leaves action sessions writable, with their own timeouts and still standard strings', () => {
    expect(startupOptions(sessionSettings(false, { statementMs: 600_000, lockMs: 10_000 }))).toBe(
      '-c statement_timeout=600000 -c lock_timeout=10000 ' +
        '-c idle_in_transaction_session_timeout=10000 -c standard_conforming_strings=on'
    )
  })
})
