import { CONSOLE_LIMITS, type ConsoleResult } from '../../../shared/console'
import { AppFailure } from '../../../shared/errors'
import { cappedRows } from '../console-result'
import type { RedisSession } from '../types'
import { planConsoleRead } from './console-reads'
import { checkReadOnlyCommand } from './read-only-commands'

/** redis-cli style words: spaces separate, double or single quotes group, backslash escapes in double quotes. */
export const splitCommandLine = (line: string): string[] => {
  const words: string[] = []
  let current = ''
  let quote: '"' | "'" | null = null
  let inWord = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] ?? ''
    if (quote) {
      if (ch === quote) quote = null
      else if (ch === '\\' && quote === '"' && i + 1 < line.length) current += line[++i] ?? ''
      else current += ch
    } else if (ch === '"' || ch === "'") {
      quote = ch
      inWord = true
    } else if (/\s/.test(ch)) {
      if (inWord) words.push(current)
      current = ''
      inWord = false
    } else {
      current += ch
      inWord = true
    }
  }
  if (quote) throw new AppFailure('INVALID_INPUT', `Unclosed ${quote} quote in the command.`)
  if (inWord) words.push(current)
  return words
}

export const runRedisConsole = async (
  session: RedisSession,
  text: string,
  maxRows: number
): Promise<ConsoleResult> => {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
  if (lines.length !== 1)
    throw new AppFailure('INVALID_INPUT', `Run one command at a time (got ${lines.length}).`)
  const [command, ...args] = splitCommandLine(lines[0] ?? '')
  if (!command) throw new AppFailure('INVALID_INPUT', 'Type a command first.')
  if (checkReadOnlyCommand(command, args, 'console') !== null) {
    return {
      kind: 'confirmation-required',
      reason: `${command.toUpperCase()} is not a read-only command, so it goes through the confirmation dialog.`,
      action: 'redis.consoleCommand',
      target: { command: [command, ...args] }
    }
  }
  const started = performance.now()
  const plan = await planConsoleRead(
    [command, ...args],
    { maxRows, maxValueBytes: CONSOLE_LIMITS.maxValueBytes },
    (name, ...rest) => session.command(name, ...rest)
  )
  const [sent = command, ...sentArgs] = plan.argv
  const reply = await session.command(sent, ...sentArgs)
  if (Array.isArray(reply))
    return cappedRows(
      ['#', 'value'],
      reply.map((item, i) => [i + 1, item]),
      maxRows,
      started
    )
  const result = cappedRows(['value'], [[reply]], maxRows, started)
  if (plan.cut && result.kind === 'rows') result.truncated = { reason: 'value', ...plan.cut }
  return result
}
