import { describe, expect, it } from 'vitest'
import { AppFailure } from '../../../shared/errors'
import { aclPermission } from './acl-permission'

/**
 * Replies as Redis 7.0.15 gave them (redis-cli against the sandbox): DRYRUN answers OK or a refusal
 * string; a user without acl|dryrun gets a NOPERM error, which the probe maps to SERVER_ERROR.
 */
const probeAnswering =
  (dryrun: () => unknown, whoami: () => unknown = () => 'oncall') =>
  async (...argv: string[]): Promise<unknown> => {
    if (argv[1] === 'WHOAMI') return whoami()
    if (argv[1] === 'DRYRUN') return dryrun()
    throw new Error(`unexpected ${argv.join(' ')}`)
  }

describe('aclPermission (ACL WHOAMI + ACL DRYRUN)', () => {
  it('asks DRYRUN for the connection user and the exact argv', async () => {
    const asked: string[][] = []
    const probe = async (...argv: string[]) => {
      asked.push(argv)
      return argv[1] === 'WHOAMI' ? 'oncall' : 'OK'
    }
    expect(await aclPermission({ probe }, ['FLUSHDB', 'ASYNC'])).toEqual({
      verdict: 'permitted',
      basis: 'ACL DRYRUN: user oncall may run FLUSHDB with these arguments.'
    })
    expect(asked).toEqual([
      ['ACL', 'WHOAMI'],
      ['ACL', 'DRYRUN', 'oncall', 'FLUSHDB', 'ASYNC']
    ])
  })

  it('denies what DRYRUN refuses, with its reason and the grant to ask for', async () => {
    const refusal = "This user has no permissions to run the 'flushdb' command"
    expect(await aclPermission({ probe: probeAnswering(() => refusal) }, ['FLUSHDB', 'ASYNC'])).toEqual({
      verdict: 'denied',
      reason: `User oncall cannot run FLUSHDB: ${refusal}`,
      nextStep:
        'Connect as a Redis user whose ACL allows FLUSHDB here, or have an administrator grant it (ACL SETUSER oncall +flushdb).'
    })
    const key = await aclPermission(
      { probe: probeAnswering(() => "This user has no permissions to access the 'other:1' key") },
      ['UNLINK', 'other:1']
    )
    expect(key.verdict).toBe('denied')
    expect(key.verdict === 'denied' && key.reason).toContain("access the 'other:1' key")
  })

  it('says unchecked when the user may not run DRYRUN or the server has none', async () => {
    const noperm = probeAnswering(() => {
      throw new AppFailure(
        'SERVER_ERROR',
        "Redis 127.0.0.1:6379: NOPERM this user has no permissions to run the 'acl|dryrun' command"
      )
    })
    expect(await aclPermission({ probe: noperm }, ['CLIENT', 'KILL', 'ID', '7'])).toEqual({
      verdict: 'unchecked',
      reason:
        'User oncall may not run ACL DRYRUN, so whether it may run CLIENT KILL cannot be asked in advance (grant +acl|dryrun to check it).'
    })
    const old = probeAnswering(() => {
      throw new AppFailure('SERVER_ERROR', "ERR unknown subcommand 'DRYRUN'. Try ACL HELP.")
    })
    expect((await aclPermission({ probe: old }, ['FLUSHDB', 'ASYNC'])).verdict).toBe('unchecked')
    const noAcl = probeAnswering(
      () => 'OK',
      () => {
        throw new AppFailure('SERVER_ERROR', "ERR unknown command 'ACL'")
      }
    )
    const verdict = await aclPermission({ probe: noAcl }, ['FLUSHDB', 'ASYNC'])
    expect(verdict).toEqual({
      verdict: 'unchecked',
      reason: "The server could not name the connection's user (ACL WHOAMI: ERR unknown command 'ACL')."
    })
  })
})
