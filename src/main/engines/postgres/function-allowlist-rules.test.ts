import { describe, expect, it } from 'vitest'
import {
  buildAllowlist,
  familyOf,
  renderAllowlistModule,
  VOLATILE_READS,
  type CatalogueFunction
} from './function-allowlist-rules'

const fn = (proname: string, provolatile = 'i', prokind = 'f'): CatalogueFunction => ({
  proname,
  provolatile,
  prokind
})
// Every volatile read must exist in the catalogue handed to buildAllowlist.
const volatileReads = [...VOLATILE_READS].map((n) => fn(n, 'v'))

describe('buildAllowlist', () => {
  it('keeps immutable, stable and the named volatile reads; drops volatile, procedures and families', () => {
    const { names, excluded } = buildAllowlist([
      ...volatileReads,
      fn('lower'),
      fn('now', 's'),
      fn('count', 'i', 'a'),
      fn('gen_random_uuid', 'v'),
      fn('some_proc', 's', 'p'),
      fn('table_to_xml', 's'),
      fn('txid_current', 's'),
      fn('ts_rewrite', 'i'),
      fn('ts_rewrite', 'v')
    ])
    expect(names).toContain('lower')
    expect(names).toContain('now')
    expect(names).toContain('count')
    expect(names).toContain('pg_relation_size')
    for (const gone of ['gen_random_uuid', 'some_proc', 'table_to_xml', 'txid_current', 'ts_rewrite'])
      expect(names).not.toContain(gone)
    expect(excluded.find((f) => f.family === 'runs-sql')).toEqual({
      family: 'runs-sql',
      total: 3,
      stableOrImmutable: 2
    })
  })

  it('drops a name when one overload is volatile (names cannot tell overloads apart)', () => {
    const { names } = buildAllowlist([...volatileReads, fn('mixed', 'i'), fn('mixed', 'v')])
    expect(names).not.toContain('mixed')
  })

  it('fails when a named volatile read is missing from the catalogue', () => {
    expect(() => buildAllowlist(volatileReads.slice(1))).toThrow(/clock_timestamp is not a built-in/)
  })

  it('renders a module that lists every name once', () => {
    const text = renderAllowlistModule({ names: ['abs', 'lower'], excluded: [] }, '15.18')
    expect(text).toContain("PG_ALLOWLIST_SERVER_VERSION = '15.18'")
    expect(text).toMatch(/`\nabs lower\n`/)
  })
})

describe('familyOf', () => {
  it.each([
    ['query_to_xml', 'runs-sql'],
    ['cursor_to_xmlschema', 'runs-sql'],
    ['lo_export', 'large-objects'],
    ['pg_logical_slot_get_changes', 'slots-replication'],
    ['pg_backup_start', 'wal-backup'],
    ['pg_read_binary_file', 'files'],
    ['pg_try_advisory_xact_lock_shared', 'locks'],
    ['set_config', 'settings'],
    ['pg_terminate_backend', 'backends']
  ])('%s is in %s', (name, family) => {
    expect(familyOf(name)?.family).toBe(family)
  })

  it('leaves plain reads alone', () => {
    expect(familyOf('pg_get_replication_slots')).toBeUndefined()
    expect(familyOf('pg_size_pretty')).toBeUndefined()
  })
})
