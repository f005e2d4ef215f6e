import { describe, expect, it } from 'vitest'
import { AppFailure } from '../../../shared/errors'
import { mapDriverError } from '../map-error'
import { sessionSettings } from './guardrails'
import { guardedBegin, isStartupOptionsRefused } from './transaction-guardrails'

describe('guardedBegin', () => {
  it('opens READ ONLY and sets every diagnostics guardrail locally, overrides winning', () => {
    expect(guardedBegin(sessionSettings(true), { statement_timeout: '300' })).toBe(
      "BEGIN READ ONLY; SET LOCAL default_transaction_read_only = 'on'; SET LOCAL statement_timeout = '300'; " +
        "SET LOCAL lock_timeout = '1000'; SET LOCAL idle_in_transaction_session_timeout = '10000'; " +
        "SET LOCAL standard_conforming_strings = 'on'"
    )
  })

  it('refuses a name that is not a plain setting name instead of splicing it in', () => {
    expect(() => guardedBegin({ 'x = 1; drop table t; --': 'on' })).toThrow(AppFailure)
  })

  it('quotes values as literals', () => {
    expect(guardedBegin({ application_name: "it's" })).toBe(
      "BEGIN READ ONLY; SET LOCAL application_name = 'it''s'"
    )
  })
})

describe('isStartupOptionsRefused', () => {
  it("recognises PgBouncer's refusal, also after mapDriverError, and nothing else", () => {
    const bouncer = Object.assign(new Error('unsupported startup parameter: options'), { code: '08P01' })
    expect(isStartupOptionsRefused(bouncer)).toBe(true)
    expect(isStartupOptionsRefused(mapDriverError(bouncer, 'PostgreSQL h:6432'))).toBe(true)
    expect(isStartupOptionsRefused(new Error('unsupported startup parameter: search_path'))).toBe(false)
    expect(isStartupOptionsRefused(new Error('password authentication failed'))).toBe(false)
  })
})
