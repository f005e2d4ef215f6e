/** The messages the log analysis understands, as PostgreSQL 15 words them (src/backend/..., English lc_messages). */
export const DURATION =
  /^duration: (\d+(?:\.\d+)?) ms(?: {2}(statement|execute|parse|bind|plan|fastpath function call)([^:]*)?:[ \n]?([\s\S]*))?$/
export const LOCK_WAIT =
  /^process (\d+) (still waiting|acquired|avoided deadlock|detected deadlock while waiting)(?: for)? (\S+) on ([\s\S]+?) after (\d+(?:\.\d+)?) ms/
export const LOCK_HOLDERS = /^Process(?:es)? holding the lock: ([\d, ]+)\./
export const DEADLOCK_PROCESS = /^Process (\d+): ([\s\S]*)$/
export const TEMP_FILE = /^temporary file: path "([^"]*)", size (\d+)/
export const CHECKPOINT_START = /^(checkpoint|restartpoint) starting:\s*(.*)$/
export const CHECKPOINT_DONE =
  /^(?:checkpoint|restartpoint) complete: wrote (\d+) buffers[\s\S]*?write=(\d+(?:\.\d+)?) s, sync=(\d+(?:\.\d+)?) s, total=(\d+(?:\.\d+)?) s/
export const AUTOVACUUM =
  /^automatic (aggressive )?(vacuum|analyze) (?:to prevent wraparound )?of table "([^"]+)"/
export const TUPLES_REMOVED = /tuples: (\d+) removed/
export const ELAPSED = /elapsed: (\d+(?:\.\d+)?) s/
export const CONNECTION_RECEIVED = /^connection received: /
export const CONNECTION_AUTHORIZED = /^(?:replication )?connection authorized: /
export const DISCONNECTION = /^disconnection: session time: (\d+):(\d+):(\d+(?:\.\d+)?)/
export const PARAMETERS = /^parameters: ([\s\S]*)$/
export const DEADLOCK_STATE = '40P01'
export const ERROR_SEVERITIES = new Set(['ERROR', 'FATAL', 'PANIC'])
