import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { mongoVerdict, operationUsers } from './privileges'

const dir = join(dirname(fileURLToPath(import.meta.url)), 'fixtures')
const status = (name: string): Record<string, unknown> =>
  JSON.parse(readFileSync(join(dir, `connectionstatus--${name}--mongo7.0.json`), 'utf8')) as Record<
    string,
    unknown
  >

const shopOrders = { db: 'shop', collection: 'orders' }

describe('mongoVerdict (connectionStatus showPrivileges, hand-written replies)', () => {
  it('readWrite on shop may drop an index there but not hide one, kill others\u2019 operations or profile', () => {
    const rw = status('readwrite-shop')
    expect(mongoVerdict(rw, { action: 'dropIndex', resource: shopOrders })).toEqual({
      verdict: 'permitted',
      basis: 'shopApp@shop holds dropIndex on shop.orders.'
    })
    expect(
      mongoVerdict(rw, { action: 'dropIndex', resource: { db: 'billing', collection: 'orders' } }).verdict
    ).toBe('denied')
    expect(mongoVerdict(rw, { action: 'collMod', resource: shopOrders })).toEqual({
      verdict: 'denied',
      reason: 'shopApp@shop (roles: readWrite@shop) lacks the collMod privilege on shop.orders.',
      nextStep: 'Connect as a user whose roles grant collMod on shop.orders (e.g. dbAdmin of that database).'
    })
    expect(mongoVerdict(rw, { action: 'killop', resource: { cluster: true } }).verdict).toBe('denied')
    expect(
      mongoVerdict(rw, { action: 'enableProfiler', resource: { db: 'shop', collection: '' } }).verdict
    ).toBe('denied')
  })

  it('a user may kill its own operation without killop', () => {
    const op = { opid: 12, effectiveUsers: [{ user: 'shopApp', db: 'shop' }] }
    expect(
      mongoVerdict(
        status('readwrite-shop'),
        { action: 'killop', resource: { cluster: true } },
        operationUsers(op)
      )
    ).toEqual({
      verdict: 'permitted',
      basis: "The operation is shopApp@shop's own: a user may kill its own operations."
    })
    expect(operationUsers(null)).toEqual([])
  })

  it('read on shop may not drop an index', () => {
    expect(mongoVerdict(status('read-shop'), { action: 'dropIndex', resource: shopOrders }).verdict).toBe(
      'denied'
    )
  })

  it('dbAdminAnyDatabase and hostManager cover every database and killop on the cluster, not system collections', () => {
    const oncall = status('oncall-dbadmin-hostmanager')
    expect(mongoVerdict(oncall, { action: 'killop', resource: { cluster: true } }).verdict).toBe('permitted')
    expect(mongoVerdict(oncall, { action: 'collMod', resource: shopOrders }).verdict).toBe('permitted')
    expect(
      mongoVerdict(oncall, { action: 'enableProfiler', resource: { db: 'shop', collection: '' } }).verdict
    ).toBe('permitted')
    expect(
      mongoVerdict(oncall, { action: 'dropIndex', resource: { db: 'shop', collection: 'system.js' } }).verdict
    ).toBe('denied')
  })

  it('a server without access control allows everything', () => {
    expect(
      mongoVerdict(status('no-access-control'), { action: 'killop', resource: { cluster: true } }).verdict
    ).toBe('permitted')
  })
})
