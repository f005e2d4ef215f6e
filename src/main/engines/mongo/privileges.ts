/**
 * Whether the action connection's MongoDB user holds the privilege an action needs, read before any
 * typing from `connectionStatus` with `showPrivileges` (the user's privileges, roles already expanded).
 * Resources match the way the manual's "Resource Document" describes: an exact { db, collection }; an
 * empty collection for every non-system collection of a database; an empty db for that collection in
 * every database; both empty for every non-system collection; { cluster: true }; { anyResource: true }.
 * A connection with no authenticated user whose preview commands were answered runs without access
 * control: everything is allowed.
 */
import type { ActionPermission } from '../../../shared/actions'
import { denied, permitted } from '../action-kit'

type Doc = Record<string, unknown>

/** What an action needs: an action name (as in the manual's "Privilege Actions") on a resource. */
export interface MongoNeed {
  action: string
  resource: { cluster: true } | { db: string; collection: string }
}

interface Privilege {
  resource: Doc
  actions: string[]
}

const covers = (granted: Doc, need: MongoNeed['resource']): boolean => {
  if (granted.anyResource === true) return true
  if ('cluster' in need) return granted.cluster === true
  if (typeof granted.db !== 'string' || typeof granted.collection !== 'string') return false
  const system = need.collection.startsWith('system.')
  const dbOk = granted.db === need.db || (granted.db === '' && !system)
  const collOk = granted.collection === need.collection || (granted.collection === '' && !system)
  return dbOk && collOk
}

const describeResource = (r: MongoNeed['resource']): string =>
  'cluster' in r ? 'the cluster' : r.collection ? `${r.db}.${r.collection}` : `the database ${r.db}`

const users = (authInfo: Doc): string[] =>
  (Array.isArray(authInfo.authenticatedUsers) ? (authInfo.authenticatedUsers as Doc[]) : []).map(
    (u) => `${String(u.user)}@${String(u.db)}`
  )

/**
 * The server's decision for this need, from a connectionStatus reply. `ownedBy` (user@db of the target
 * operation's effectiveUsers) lets a user kill its own operation without the killop privilege.
 */
export const mongoVerdict = (status: Doc, need: MongoNeed, ownedBy: string[] = []): ActionPermission => {
  const authInfo = (status.authInfo ?? {}) as Doc
  const who = users(authInfo)
  if (who.length === 0)
    return permitted('No user is authenticated and the server answered the preview: access control is off.')
  const privileges = Array.isArray(authInfo.authenticatedUserPrivileges)
    ? (authInfo.authenticatedUserPrivileges as Privilege[])
    : []
  const grant = privileges.find(
    (p) => Array.isArray(p.actions) && p.actions.includes(need.action) && covers(p.resource, need.resource)
  )
  const where = describeResource(need.resource)
  if (grant) return permitted(`${who.join(', ')} holds ${need.action} on ${where}.`)
  const own = who.find((u) => ownedBy.includes(u))
  if (own) return permitted(`The operation is ${own}'s own: a user may kill its own operations.`)
  const roles = (
    Array.isArray(authInfo.authenticatedUserRoles) ? (authInfo.authenticatedUserRoles as Doc[]) : []
  )
    .map((r) => `${String(r.role)}@${String(r.db)}`)
    .join(', ')
  return denied(
    `${who.join(', ')} (roles: ${roles || 'none'}) lacks the ${need.action} privilege on ${where}.`,
    `Connect as a user whose roles grant ${need.action} on ${where}${'cluster' in need.resource ? ' (e.g. clusterAdmin, or hostManager for killop)' : ' (e.g. dbAdmin of that database)'}.`
  )
}

export const mongoPermission = async (
  probe: (db: string, command: Doc) => Promise<Doc>,
  need: MongoNeed,
  ownedBy: string[] = []
): Promise<ActionPermission> =>
  mongoVerdict(await probe('admin', { connectionStatus: 1, showPrivileges: true }), need, ownedBy)

/** user@db of each of an operation's effectiveUsers (currentOp). */
export const operationUsers = (op: Doc | null): string[] =>
  (Array.isArray(op?.effectiveUsers) ? (op.effectiveUsers as Doc[]) : []).map(
    (u) => `${String(u.user)}@${String(u.db)}`
  )
