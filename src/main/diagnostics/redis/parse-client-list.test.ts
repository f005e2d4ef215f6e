import { describe, expect, it } from 'vitest'
import { isReplicationLink, parseClientList } from './parse-client-list'

// Two lines as Redis 7.0.15 wrote them on the test server (a replica's link and a plain client).
const LIST =
  'id=3 addr=127.0.0.1:48004 laddr=127.0.0.1:56379 fd=7 name= age=719 idle=1 flags=S db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=0 qbuf-free=20474 argv-mem=0 multi-mem=0 rbs=1024 rbp=0 obl=0 oll=1 omem=20504 tot-mem=42776 events=r cmd=replconf user=default redir=-1 resp=2\n' +
  'id=7 addr=127.0.0.1:60928 laddr=127.0.0.1:56379 fd=8 name=worker age=0 idle=0 flags=N db=0 sub=0 psub=0 ssub=0 multi=-1 qbuf=26 qbuf-free=20448 argv-mem=10 multi-mem=0 rbs=16384 rbp=16384 obl=0 oll=0 omem=0 tot-mem=37658 events=r cmd=client|list user=default redir=-1 resp=2\n'

describe('CLIENT LIST', () => {
  it('reads every line into its fields', () => {
    const r = parseClientList(LIST)
    expect(r.ok && r.value.map((c) => [c.id, c.name, c.flags, c.cmd])).toEqual([
      ['3', '', 'S', 'replconf'],
      ['7', 'worker', 'N', 'client|list']
    ])
    expect(r.ok && [isReplicationLink(r.value[0]?.flags ?? ''), isReplicationLink('N')]).toEqual([
      true,
      false
    ])
  })
  it('says which line is not a client line (a cut or foreign copy)', () => {
    expect(parseClientList(`${LIST}addr=127.0.0.1:5 fd=9 na`)).toEqual({
      ok: false,
      code: 'MALFORMED',
      message: 'CLIENT LIST line 3 has no numeric id=.',
      line: 3
    })
  })
  it('an empty reply is no clients', () => {
    expect(parseClientList('')).toEqual({ ok: true, value: [] })
  })
})
