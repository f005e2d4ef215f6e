/**
 * PostgreSQL guarded actions: the table of definitions the guard runs, one module per job beside it
 * (the action connection, the identity re-check, sending once, each family's preview and its actions).
 * Only core/guard.ts imports this module (checked by core/guard-boundary.test.ts).
 */
import { engineActions } from '../../action-kit'
import { cancelBackend, terminateBackend } from './backend-signals'
import { openPgAction, type PgActionHandle } from './connection'
import { consoleStatement } from './console-statement'
import { explainAnalyzeWrite } from './explain-write'
import { dropIndex, reindex } from './index-maintenance'
import { analyze, vacuum, vacuumFull } from './table-maintenance'

export { openPgAction, type PgActionHandle } from './connection'
export { explainableWrite } from './explain-write'

/** The definitions, exported for this module's tests (which pass a fake opener). */
export const POSTGRES_DEFINITIONS = [
  cancelBackend,
  terminateBackend,
  vacuum,
  analyze,
  vacuumFull,
  dropIndex,
  reindex,
  explainAnalyzeWrite,
  consoleStatement
]

export const postgresActions = engineActions<PgActionHandle>(openPgAction, POSTGRES_DEFINITIONS)
