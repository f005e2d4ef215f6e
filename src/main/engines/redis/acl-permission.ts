/**
 * Whether the action connection's Redis user may send a command, asked before any typing: ACL WHOAMI
 * names the user and ACL DRYRUN (Redis 7) answers for that exact argv, keys included, without running it.
 * DRYRUN itself needs the acl|dryrun permission; a user without it, and a server before 7.0, cannot be
 * asked, which is said as `unchecked` rather than guessed.
 */
import type { ActionPermission } from '../../../shared/actions'
import { denied, errorText, permitted, unchecked } from '../action-kit'
import { renderCommand } from './render-command'

/** The part of the action handle this check uses. */
interface AclProbe {
  probe(...argv: string[]): Promise<unknown>
}

/** Commands whose first argument is a subcommand (CLIENT KILL, CONFIG SET): named with it. */
const CONTAINERS = new Set([
  'ACL',
  'CLIENT',
  'CLUSTER',
  'COMMAND',
  'CONFIG',
  'FUNCTION',
  'MEMORY',
  'OBJECT',
  'SCRIPT',
  'XGROUP',
  'XINFO'
])

/** The command as a person names it: UNLINK, FLUSHDB, CLIENT KILL. */
const commandName = (argv: readonly string[]): string => {
  const name = (argv[0] ?? '').toUpperCase()
  return CONTAINERS.has(name) && argv[1] !== undefined
    ? renderCommand([name, argv[1].toUpperCase()])
    : renderCommand([name])
}

export const aclPermission = async (h: AclProbe, argv: readonly string[]): Promise<ActionPermission> => {
  const command = commandName(argv)
  let user: string
  try {
    user = String(await h.probe('ACL', 'WHOAMI'))
  } catch (err) {
    return unchecked(`The server could not name the connection's user (ACL WHOAMI: ${errorText(err)}).`)
  }
  let reply: unknown
  try {
    reply = await h.probe('ACL', 'DRYRUN', user, ...argv)
  } catch (err) {
    const text = errorText(err)
    if (/NOPERM/i.test(text))
      return unchecked(
        `User ${user} may not run ACL DRYRUN, so whether it may run ${command} cannot be asked in advance (grant +acl|dryrun to check it).`
      )
    if (/unknown (sub)?command/i.test(text))
      return unchecked(
        `This server has no ACL DRYRUN (Redis 7.0 or later): ${command} is checked when it runs.`
      )
    return unchecked(`ACL DRYRUN failed: ${text}`)
  }
  if (String(reply) === 'OK')
    return permitted(`ACL DRYRUN: user ${user} may run ${command} with these arguments.`)
  return denied(
    `User ${user} cannot run ${command}: ${String(reply)}`,
    `Connect as a Redis user whose ACL allows ${command} here, or have an administrator grant it (ACL SETUSER ${user} +${(argv[0] ?? '').toLowerCase()}).`
  )
}
