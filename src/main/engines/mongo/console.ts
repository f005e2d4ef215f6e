import { EJSON } from 'bson'
import type { ConsoleResult } from '../../../shared/console'
import { AppFailure } from '../../../shared/errors'
import { cappedRows } from '../console-result'
import type { MongoSession } from '../types'

/** Commands that only read. Anything else goes through the guard's confirmation. */
const READ_ONLY_COMMANDS = new Set([
  'find',
  'aggregate',
  'count',
  'distinct',
  'listCollections',
  'listIndexes',
  'listDatabases',
  'collStats',
  'dbStats',
  'serverStatus',
  'hello',
  'isMaster',
  'buildInfo',
  'replSetGetStatus',
  'currentOp',
  'getLog',
  'explain',
  'ping',
  'hostInfo',
  'getParameter'
])

const WRITING_STAGES = ['$out', '$merge']

type Doc = Record<string, unknown>

const parseCommand = (text: string): Doc => {
  let value: unknown
  try {
    value = EJSON.parse(text, { relaxed: true })
  } catch (err) {
    throw new AppFailure(
      'INVALID_INPUT',
      `Write the command as a JSON document, e.g. {"find": "orders", "filter": {"status": "new"}}: ${(err as Error).message}`
    )
  }
  if (!value || typeof value !== 'object' || Array.isArray(value))
    throw new AppFailure('INVALID_INPUT', 'The command must be one JSON object.')
  return value as Doc
}

const writesData = (name: string, command: Doc): boolean =>
  !READ_ONLY_COMMANDS.has(name) ||
  (name === 'aggregate' &&
    Array.isArray(command.pipeline) &&
    command.pipeline.some((s) => s && typeof s === 'object' && WRITING_STAGES.some((w) => w in s)))

const documentsOf = (reply: Doc): Doc[] => {
  const cursor = reply.cursor as { firstBatch?: unknown } | undefined
  if (cursor && Array.isArray(cursor.firstBatch)) return cursor.firstBatch as Doc[]
  return [reply]
}

/** One column per top-level field, in first-seen order, capped so a wide document stays readable. */
const MAX_COLUMNS = 64

export const runMongoConsole = async (
  session: MongoSession,
  text: string,
  database: string,
  maxRows: number
): Promise<ConsoleResult> => {
  const command = parseCommand(text)
  const name = Object.keys(command)[0]
  if (!name) throw new AppFailure('INVALID_INPUT', 'The command document is empty.')
  if (writesData(name, command)) {
    // No guarded console path for Mongo writes yet (no mongod to prove it on): the dedicated actions
    // (killOp, hideIndex, dropIndex, setProfilingLevel) cover the operations a DBA needs in an incident.
    throw new AppFailure(
      'REFUSED',
      `${name} may change data; the console runs read-only Mongo commands only. Use the dedicated actions for killOp and index changes.`
    )
  }
  const bounded: Doc = { ...command }
  if (name === 'find')
    Object.assign(bounded, {
      limit: Math.min(Number(command.limit) || Infinity, maxRows + 1),
      batchSize: maxRows + 1
    })
  if (name === 'aggregate') bounded.cursor = { batchSize: maxRows + 1 }
  const started = performance.now()
  const docs = documentsOf(await session.command(database, bounded))
  const columns: string[] = []
  for (const doc of docs)
    for (const key of Object.keys(doc))
      if (columns.length < MAX_COLUMNS && !columns.includes(key)) columns.push(key)
  return cappedRows(
    columns,
    docs.map((d) => columns.map((c) => d[c])),
    maxRows,
    started
  )
}
