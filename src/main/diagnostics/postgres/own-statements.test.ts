import { describe, expect, it } from 'vitest'
import statementsSleep from './fixtures/pg_stat_statements--pg-sleep--pg15.json'
import { isOwnStatement, markedOwn, ownLeftOutNote, withoutOwnStatements } from './own-statements'
import { parseProbe } from './records'

describe("dbconsole's own statements", () => {
  it('marks a statement once, keeping a marker it already carries', () => {
    expect(markedOwn('select 1', 'diagnostics')).toBe('/* dbconsole:diagnostics */ select 1')
    const probe = '/* dbconsole:health pg_settings */ select 1'
    expect(markedOwn(probe, 'diagnostics')).toBe(probe)
    expect(isOwnStatement(markedOwn('select 1', 'action'))).toBe(true)
    // A user's own comment mentioning us is not our marker.
    expect(isOwnStatement('select 1 /* dbconsole: */')).toBe(false)
    expect(isOwnStatement(null)).toBe(false)
  })
  it('splits the recorded pg_stat_statements rows into the workload and the count of ours', () => {
    const parsed = parseProbe('pg_stat_statements', statementsSleep)
    if (!parsed.ok) throw new Error(parsed.message)
    const { rows, ownLeftOut } = withoutOwnStatements(parsed.value)
    expect(ownLeftOut).toBe(5)
    expect(rows).toHaveLength(parsed.value.length - 5)
    expect(rows.some((r) => r.query.includes('dbconsole:health'))).toBe(false)
    expect(rows.map((r) => r.query)).toContain('select pg_sleep($1)')
  })
  it('says how many were left out, and nothing when none were', () => {
    expect(ownLeftOutNote(5)).toBe("5 of dbconsole's own statements left out.")
    expect(ownLeftOutNote(1)).toBe("1 of dbconsole's own statements left out.")
    expect(ownLeftOutNote(0)).toBe('')
  })
})
