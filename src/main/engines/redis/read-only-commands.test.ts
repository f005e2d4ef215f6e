import { describe, expect, it } from 'vitest'
import { actionTier } from '../../../shared/actions'
import { checkReadOnlyCommand, redactReply, REDACTED, SCAN_MAX_COUNT } from './read-only-commands'

describe('SCAN family options are read the way Redis reads them', () => {
  it.each([
    ['SCAN', ['0', 'COUNT', '10', 'COUNT', '1000000']],
    ['scan', ['0', 'count', '1000000', 'MATCH', 'a*']],
    ['HSCAN', ['h', '0', 'COUNT', '5000']],
    ['SSCAN', ['s', '0', 'COUNT', '10', 'COUNT', '99999']],
    ['ZSCAN', ['z', '0', 'COUNT', '1e9']],
    ['SCAN', ['0', 'COUNT', '-1']],
    ['SCAN', ['0', 'COUNT', '0x10']],
    ['SCAN', ['0', 'COUNT']]
  ])('%s %j is refused', (command, args) => {
    expect(checkReadOnlyCommand(command, args, 'console')).toMatch(/COUNT/)
  })

  it.each([
    ['SCAN', ['0', 'BOGUS', '1']],
    ['HSCAN', ['h', '0', 'TYPE', 'string']],
    ['SSCAN', ['s', '0', 'NOVALUES']]
  ])('%s %j: an option Redis would read differently is refused', (command, args) => {
    expect(checkReadOnlyCommand(command, args, 'console')).toMatch(/not accepted/)
  })

  it.each([
    ['SCAN', ['0']],
    ['SCAN', ['0', 'MATCH', 'COUNT', 'COUNT', String(SCAN_MAX_COUNT), 'TYPE', 'hash']],
    ['HSCAN', ['h', '0', 'NOVALUES', 'COUNT', '100']],
    ['ZSCAN', ['z', '0', 'MATCH', '*']]
  ])('%s %j is a bounded read', (command, args) => {
    expect(checkReadOnlyCommand(command, args, 'console')).toBeNull()
  })
})

describe('secret CONFIG values never leave the engine', () => {
  it('replaces requirepass and masterauth in a RESP2 pair list', () => {
    const reply = ['requirepass', 'hunter2', 'maxmemory', '0', 'masterauth', 'pw', 'tls-key-file-pass', 'k']
    expect(redactReply(['config', 'get', '*'], reply)).toEqual([
      'requirepass',
      REDACTED,
      'maxmemory',
      '0',
      'masterauth',
      REDACTED,
      'tls-key-file-pass',
      REDACTED
    ])
  })

  it('replaces them in a RESP3 map, and leaves an unset secret visibly empty', () => {
    const reply = new Map([
      ['requirepass', 'hunter2'],
      ['masterauth', '']
    ])
    expect(redactReply(['CONFIG', 'GET', 'requirepass', 'masterauth'], reply)).toEqual(
      new Map([
        ['requirepass', REDACTED],
        ['masterauth', '']
      ])
    )
  })

  it('does not touch other commands whose values look like names', () => {
    expect(redactReply(['HGETALL', 'h'], ['requirepass', 'x'])).toEqual(['requirepass', 'x'])
  })
})

describe('console scripts are catastrophic', () => {
  it.each(['EVAL', 'evalsha', 'EVAL_RO', 'EVALSHA_RO', 'FCALL', 'fcall_ro', 'FUNCTION'])(
    '%s is tier 4',
    (name) => {
      expect(actionTier('redis.consoleCommand', { command: [name, 'return 1', '0'] })).toBe(4)
    }
  )

  it('other console commands keep the catalogue tier', () => {
    expect(actionTier('redis.consoleCommand', { command: ['SET', 'k', 'v'] })).toBe(3)
    expect(actionTier('redis.unlink', { keys: ['k'] })).toBe(2)
  })
})
