/** One sentence per guard refusal: what happened and what to do next. */
const HELP: Record<string, string> = {
  IDENTITY_CHANGED:
    'The server behind this connection changed since the preview (a failover or a different host): nothing was sent. Check the topology, then prepare the action again against the server you mean.',
  TICKET_EXPIRED:
    'The confirmation took too long and the ticket expired: nothing was sent. Prepare it again.',
  TICKET_USED:
    'This ticket was already used: an action is sent at most once. Check the audit log before trying again.',
  READ_ONLY_PROFILE:
    'This connection profile is read-only. Edit the profile and allow writes if you really mean to change this server.',
  CONFIRMATION_MISMATCH:
    'The typed text did not match the challenge exactly: nothing was sent. Type it again.',
  TIER_DISABLED:
    'This action is catastrophic (tier 4) and the profile does not enable that tier. Edit the profile if it must run.',
  NOT_CONNECTED: 'The connection is not open. Connect it, then prepare the action again.',
  UNREACHABLE:
    'The server could not be reached. The outcome may be unknown: check the audit log and the server before retrying.',
  TIMEOUT: 'The server did not answer in time. Check the audit log and the server state before retrying.',
  AUTH_FAILED: 'The server refused the credentials. Fix the profile password, then try again.',
  NOT_FOUND: 'The target no longer exists (the backend ended, the key or index is gone). Refresh the view.',
  INVALID_INPUT: 'The target was refused as invalid. Refresh the view: the finding may be out of date.',
  REFUSED: 'The guard refused this action. The message says why.',
  UNSAFE_SESSION:
    'The new session did not hold its safety settings (read-only, timeouts) and was closed unused. Check the role and database settings on the server.',
  DISK_FULL:
    'A file could not be written because its disk is full (the message names the path): free space, then try again.',
  BUSY: 'This connection already runs as many calls as its budget allows. Wait for one to finish, then try again.',
  SERVER_ERROR:
    'The server returned an error; its message is above. Check the audit log for the recorded outcome.'
}

export const errorHelp = (code: string): string =>
  HELP[code] ?? 'Check the audit log for what was recorded before trying again.'

/** Tier names as in docs/architecture.md "Safety". */
export const TIER_NAMES = ['read', 'reversible', 'disruptive', 'destructive', 'catastrophic'] as const

export const tierName = (tier: number): string => TIER_NAMES[tier] ?? `tier ${tier}`
