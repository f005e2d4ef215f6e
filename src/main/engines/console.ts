import type { ConsoleResult } from '../../shared/console'
import { runMongoConsole } from './mongo/console'
import { runPostgresConsole } from './postgres/console'
import { runRedisConsole } from './redis/console'
import type { EngineSession } from './types'

/**
 * The console's one entry: read-only statements run at once on the diagnostics session (read-only on the
 * server too); anything else comes back as 'confirmation-required' for the guard's dialog.
 */
export const runConsole = (
  session: EngineSession,
  text: string,
  maxRows: number,
  mongoDatabase: string
): Promise<ConsoleResult> => {
  switch (session.engine) {
    case 'postgres':
      return runPostgresConsole(session, text, maxRows)
    case 'redis':
      return runRedisConsole(session, text, maxRows)
    case 'mongo':
      return runMongoConsole(session, text, mongoDatabase, maxRows)
  }
}
