/**
 * The targets file of `dbconsole check --targets` and `dbconsole exporter`: YAML or JSON, a list of
 * targets (or `{ defaults, targets }`). Passwords never sit in the file: a target names the environment
 * variable or the file that holds its password, so the file can live in git and its copies in logs.
 */
import { readFile } from 'node:fs/promises'
import { dirname, isAbsolute, resolve } from 'node:path'
import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { ENVIRONMENTS, type Environment } from '../../shared/engines'
import { AppFailure } from '../../shared/errors'
import { parseConnectionUrl, splitPassword } from '../support/connection-url'
import { engineOfUrl } from '../engines/check-url'

const targetSchema = z
  .object({
    name: z.string().min(1).max(200),
    url: z.string().min(1).max(4096),
    environment: z.enum(ENVIRONMENTS).optional(),
    tags: z.array(z.string().min(1).max(100)).max(50).optional(),
    timeoutMs: z.number().int().min(100).max(600_000).optional(),
    passwordEnv: z
      .string()
      .regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be an environment variable name')
      .optional(),
    passwordFile: z.string().min(1).max(4096).optional()
  })
  .strict()
  .refine((t) => !(t.passwordEnv && t.passwordFile), 'give passwordEnv or passwordFile, not both')

const defaultsSchema = z
  .object({
    environment: z.enum(ENVIRONMENTS).optional(),
    timeoutMs: z.number().int().min(100).max(600_000).optional()
  })
  .strict()

const fileSchema = z.union([
  z.array(targetSchema).min(1),
  z.object({ defaults: defaultsSchema.optional(), targets: z.array(targetSchema).min(1) }).strict()
])

export interface FleetTarget {
  name: string
  /** Without its password: safe to print. */
  url: string
  environment: Environment
  tags: string[]
  timeoutMs: number
  /** Where the password comes from, read when the target is checked. */
  password: { env: string; optional?: boolean } | { file: string } | null
}

export const DEFAULT_TARGET_TIMEOUT_MS = 10_000

const issuePath = (issue: z.core.$ZodIssue): string =>
  issue.path.length === 0
    ? 'the file'
    : issue.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('')

export const parseTargets = (text: string, where: string): FleetTarget[] => {
  let raw: unknown
  try {
    raw = parseYaml(text, { maxAliasCount: 100 })
  } catch (err) {
    throw new AppFailure('INVALID_INPUT', `${where}: not YAML or JSON: ${(err as Error).message}`)
  }
  const parsed = fileSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new AppFailure(
      'INVALID_INPUT',
      `${where}: ${issue ? `${issuePath(issue)}: ${issue.message}` : 'not a list of targets'}`
    )
  }
  const { defaults = {}, targets } = Array.isArray(parsed.data) ? { targets: parsed.data } : parsed.data
  const seen = new Set<string>()
  return targets.map((t, i) => {
    if (seen.has(t.name))
      throw new AppFailure('INVALID_INPUT', `${where}: [${i}].name "${t.name}" is used twice`)
    seen.add(t.name)
    let inlinePassword: string | null
    try {
      inlinePassword = splitPassword(parseConnectionUrl(engineOfUrl(t.url), t.url)).password
    } catch (err) {
      throw new AppFailure('INVALID_INPUT', `${where}: [${i}] "${t.name}": ${(err as Error).message}`)
    }
    if (inlinePassword !== null)
      throw new AppFailure(
        'INVALID_INPUT',
        `${where}: [${i}] "${t.name}" has a password in its URL: name it with passwordEnv or passwordFile instead`
      )
    const base = dirname(where)
    return {
      name: t.name,
      url: t.url,
      environment: t.environment ?? defaults.environment ?? 'production',
      tags: t.tags ?? [],
      timeoutMs: t.timeoutMs ?? defaults.timeoutMs ?? DEFAULT_TARGET_TIMEOUT_MS,
      password: t.passwordEnv
        ? { env: t.passwordEnv }
        : t.passwordFile
          ? { file: isAbsolute(t.passwordFile) ? t.passwordFile : resolve(base, t.passwordFile) }
          : null
    }
  })
}

export const readTargets = async (path: string): Promise<FleetTarget[]> => {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (err) {
    throw new AppFailure('NOT_FOUND', `Cannot read the targets file ${path}: ${(err as Error).message}`)
  }
  return parseTargets(text, path)
}

/** The target's password, or null; a named source that is missing is an error, not an empty password. */
export const targetPassword = async (target: FleetTarget): Promise<string | null> => {
  if (!target.password) return null
  if ('env' in target.password) {
    const value = process.env[target.password.env]
    if (value === undefined && target.password.optional) return null
    if (value === undefined)
      throw new AppFailure(
        'SECRET_UNAVAILABLE',
        `${target.name}: the environment variable ${target.password.env} is not set`
      )
    return value
  }
  try {
    return (await readFile(target.password.file, 'utf8')).replace(/\r?\n$/, '')
  } catch (err) {
    throw new AppFailure(
      'SECRET_UNAVAILABLE',
      `${target.name}: cannot read the password file ${target.password.file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`
    )
  }
}
