import { describe, expect, it } from 'vitest'
import { relationVerdict, signalVerdict, type RelationRow, type SignalRow } from './privileges'

const signal = (over: Partial<SignalRow> = {}): SignalRow => ({
  me: 'oncall',
  me_super: false,
  signal_member: false,
  autovacuum_member: false,
  backend_type: 'client backend',
  target_role: 'app',
  target_super: false,
  member_of_target: false,
  version_num: 150018,
  ...over
})

describe('signalVerdict (pg_cancel_backend / pg_terminate_backend rules)', () => {
  it('refuses a superuser backend to a non-superuser, even a member of pg_signal_backend', () => {
    const verdict = signalVerdict(
      signal({ signal_member: true, target_role: 'postgres', target_super: true }),
      4242,
      'terminate'
    )
    expect(verdict).toEqual({
      verdict: 'denied',
      reason:
        "Cannot terminate with this role (oncall): backend 4242 belongs to the superuser postgres, and only a superuser may terminate a superuser's backend (pg_signal_backend does not cover it).",
      nextStep: "Connect as a superuser to terminate it, or have the session's owner (postgres) end it."
    })
  })

  it('permits a superuser, the backend role or its members, and pg_signal_backend members', () => {
    expect(signalVerdict(signal({ me_super: true, target_super: true }), 1, 'cancel').verdict).toBe(
      'permitted'
    )
    expect(signalVerdict(signal({ member_of_target: true }), 1, 'cancel')).toEqual({
      verdict: 'permitted',
      basis: "oncall has the privileges of app, the backend's role."
    })
    expect(signalVerdict(signal({ signal_member: true }), 1, 'terminate')).toEqual({
      verdict: 'permitted',
      basis: 'oncall has the privileges of pg_signal_backend.'
    })
  })

  it("denies another role's backend without pg_signal_backend and names the grant", () => {
    const verdict = signalVerdict(signal(), 9, 'cancel')
    expect(verdict.verdict).toBe('denied')
    expect(verdict.verdict === 'denied' && verdict.reason).toMatch(/^Cannot cancel with this role \(oncall\)/)
    expect(verdict.verdict === 'denied' && verdict.nextStep).toContain('GRANT pg_signal_backend TO oncall')
  })

  it('an autovacuum worker (no role) takes pg_signal_backend before 18, pg_signal_autovacuum_worker from 18', () => {
    const worker = { backend_type: 'autovacuum worker', target_role: null }
    expect(signalVerdict(signal({ ...worker, signal_member: true }), 3, 'cancel').verdict).toBe('permitted')
    expect(
      signalVerdict(signal({ ...worker, signal_member: true, version_num: 180001 }), 3, 'cancel').verdict
    ).toBe('denied')
    expect(
      signalVerdict(signal({ ...worker, autovacuum_member: true, version_num: 180001 }), 3, 'cancel').verdict
    ).toBe('permitted')
  })
})

const relation = (over: Partial<RelationRow> = {}): RelationRow => ({
  me: 'oncall',
  me_super: false,
  table: 'public.orders',
  owner: 'app',
  owns: false,
  schema_owner: 'pg_database_owner',
  owns_schema: false,
  owns_database: false,
  database_owner: 'postgres',
  schema: 'public',
  schema_usage: true,
  schema_create: false,
  maintain: null,
  version_num: 150018,
  ...over
})

describe('relationVerdict (ownership, schema CREATE, MAINTAIN)', () => {
  it('refuses to drop an index the role does not own, naming the owner', () => {
    expect(relationVerdict(relation(), 'dropIndex', 'the index public.orders_note_idx')).toEqual({
      verdict: 'denied',
      reason:
        "You do not own the index public.orders_note_idx: the owner is app, and oncall is neither that role, a member of it, nor the schema's owner, so DROP INDEX fails.",
      nextStep: 'Connect as app (the owner), a member of it, or a superuser.'
    })
    expect(relationVerdict(relation({ owns_schema: true }), 'dropIndex', 'x').verdict).toBe('permitted')
    expect(relationVerdict(relation({ owns: true }), 'dropIndex', 'x').verdict).toBe('permitted')
  })

  it('without USAGE on the schema nothing can be named, even by the owner', () => {
    const verdict = relationVerdict(relation({ owns: true, schema_usage: false }), 'vacuum', 'public.orders')
    expect(verdict).toEqual({
      verdict: 'denied',
      reason:
        'oncall has no USAGE privilege on the schema public, so VACUUM cannot even look public.orders up.',
      nextStep: "Have the schema's owner run GRANT USAGE ON SCHEMA public TO oncall, or connect as app."
    })
  })

  it('CREATE INDEX needs the table owner and CREATE on the schema', () => {
    expect(relationVerdict(relation(), 'createIndex', 'public.orders').verdict).toBe('denied')
    const noCreate = relationVerdict(relation({ owns: true }), 'createIndex', 'public.orders')
    expect(noCreate.verdict === 'denied' && noCreate.nextStep).toContain(
      'GRANT CREATE ON SCHEMA public TO oncall'
    )
    expect(relationVerdict(relation({ owns: true, schema_create: true }), 'createIndex', 'x').verdict).toBe(
      'permitted'
    )
  })

  it('VACUUM and ANALYZE before 17 also allow the database owner, REINDEX only the table owner', () => {
    const dbOwner = relation({ owns_database: true })
    expect(relationVerdict(dbOwner, 'vacuum', 'public.orders').verdict).toBe('permitted')
    expect(relationVerdict(dbOwner, 'reindex', 'public.orders').verdict).toBe('denied')
    const none = relationVerdict(relation(), 'analyze', 'public.orders')
    expect(none.verdict === 'denied' && none.reason).toContain('would only warn and skip the table')
  })

  it('from 17 on, REINDEX, VACUUM and ANALYZE follow the MAINTAIN privilege', () => {
    const v17 = { version_num: 170002 }
    expect(relationVerdict(relation({ ...v17, maintain: true }), 'reindex', 'x').verdict).toBe('permitted')
    const no = relationVerdict(relation({ ...v17, owns: true, maintain: false }), 'vacuum', 'x')
    expect(no.verdict === 'denied' && no.nextStep).toContain('GRANT MAINTAIN ON public.orders TO oncall')
  })
})
