/**
 * The guard is the only path to destructive effects: no module but core/guard.ts may import an engine's
 * actions module (where the perform functions live) or the action kit's session opener, and every action
 * of the catalogue must be implemented by its engine. A source scan, so it also covers dynamic imports.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ACTION_CATALOG, ACTION_IDS } from '../../shared/actions'
import { mongoActions } from '../engines/mongo/actions'
import { postgresActions } from '../engines/postgres/actions'
import { redisActions } from '../engines/redis/actions'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../../..')
const SRC = join(ROOT, 'src')

const walk = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : walk(path)
    return /\.(ts|tsx|mts|cts)$/.test(name) ? [path] : []
  })

const SPECIFIER =
  /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\s*\(\s*['"]([^'"]+)['"]\s*\)/g

/** An engine's actions module, or one of the job modules of an actions folder (engines/postgres/actions/). */
const ACTIONS_MODULE = /^src\/main\/engines\/(postgres|redis|mongo)\/actions(?:\/[^/]+)?$/

/**
 * Files allowed to import an actions module: the guard, each module's own tests beside it, and the job
 * modules of an actions folder importing one another.
 */
const allowed = (file: string, target: string): boolean =>
  file === 'src/main/core/guard.ts' ||
  file === 'src/main/core/guard-boundary.test.ts' ||
  (/\.(int\.)?test\.ts$/.test(file) && dirname(file) === dirname(target)) ||
  (ACTIONS_MODULE.test(dirname(file)) && dirname(file) === dirname(target))

const importViolations = (files: string[]): string[] => {
  const violations: string[] = []
  for (const abs of files) {
    const file = relative(ROOT, abs).split('\\').join('/')
    const text = readFileSync(abs, 'utf8')
    for (const m of text.matchAll(SPECIFIER)) {
      const spec = m[1] ?? m[2] ?? m[3] ?? ''
      if (!spec.startsWith('.')) continue
      const target = relative(ROOT, resolve(dirname(abs), spec))
        .split('\\')
        .join('/')
        .replace(/\.(ts|js)$/, '')
      if (ACTIONS_MODULE.test(target) && !allowed(file, target)) violations.push(`${file} imports ${spec}`)
    }
  }
  return violations
}

describe('guard boundary', () => {
  it('no module but core/guard.ts imports an engine actions module', () => {
    expect(importViolations(walk(SRC))).toEqual([])
  })

  it('the scan itself catches static, re-exported and dynamic imports', () => {
    const fake = join(SRC, 'main', 'core', '__not_a_real_file__.ts')
    const scan = (text: string): string[] => {
      const violations: string[] = []
      for (const m of text.matchAll(SPECIFIER)) {
        const spec = m[1] ?? m[2] ?? m[3] ?? ''
        const target = relative(ROOT, resolve(dirname(fake), spec))
          .split('\\')
          .join('/')
        if (ACTIONS_MODULE.test(target)) violations.push(spec)
      }
      return violations
    }
    expect(scan(`import { postgresActions } from '../engines/postgres/actions'`)).toEqual([
      '../engines/postgres/actions'
    ])
    expect(scan(`export { redisActions } from '../engines/redis/actions'`)).toHaveLength(1)
    expect(scan(`const m = await import('../engines/mongo/actions')`)).toHaveLength(1)
    expect(scan(`import { sendOnce } from '../engines/postgres/actions/send-once'`)).toHaveLength(1)
    expect(scan(`import { x } from '../engines/postgres/adapter'`)).toEqual([])
  })

  it('every catalogued action is implemented by its engine, and nothing else is', () => {
    const engines = { postgres: postgresActions, redis: redisActions, mongo: mongoActions }
    for (const id of ACTION_IDS) {
      const info = ACTION_CATALOG[id]
      expect(info.action).toBe(id)
      expect(id.startsWith(`${info.engine}.`)).toBe(true)
      for (const [engine, actions] of Object.entries(engines)) {
        expect(actions.has(id), `${engine} has ${id}`).toBe(engine === info.engine)
      }
    }
  })
})
