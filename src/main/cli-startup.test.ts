/**
 * `dbconsole analyze` must start in the time of a bare Node process (issue 23; bench/cli-startup.bench.ts
 * times it): nothing cli.ts imports statically, however indirectly, may reach a driver, the SQL parser,
 * zod or the core. The graph is read from the sources as the build sees them: `import type` is erased,
 * every other import and re-export is loaded (verbatimModuleSyntax), and import() is not followed.
 */
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '..', '..')
const SLOW_PACKAGES = ['mongodb', 'ioredis', 'pg', 'pg-cursor', 'libpg-query', 'zod', 'yaml']
/** The core and what only live commands need: each loads drivers or zod behind it. */
const LIVE_ONLY = ['src/main/core/create-core.ts', 'src/main/engines/', 'src/main/fleet/']

const staticSpecifiers = (file: string): string[] => {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest)
  return source.statements.flatMap((s) => {
    if (ts.isImportDeclaration(s) && !s.importClause?.isTypeOnly && ts.isStringLiteral(s.moduleSpecifier))
      return [s.moduleSpecifier.text]
    if (
      ts.isExportDeclaration(s) &&
      !s.isTypeOnly &&
      s.moduleSpecifier &&
      ts.isStringLiteral(s.moduleSpecifier)
    )
      return [s.moduleSpecifier.text]
    return []
  })
}

const resolveRelative = (from: string, specifier: string): string => {
  const base = resolve(dirname(from), specifier)
  const found = [`${base}.ts`, `${base}.tsx`, join(base, 'index.ts'), base].find(
    (c) => /\.tsx?$/.test(c) && existsSync(c)
  )
  if (!found) throw new Error(`${relative(ROOT, from)}: cannot resolve ${specifier}`)
  return found
}

const packageName = (specifier: string): string =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/')

/** Every source file and package reached from `entry`, each with the chain of files that reaches it. */
const staticGraph = (entry: string) => {
  const files = new Map<string, string[]>()
  const packages = new Map<string, string[]>()
  const visit = (file: string, chain: string[]): void => {
    if (files.has(file)) return
    files.set(file, chain)
    for (const specifier of staticSpecifiers(file)) {
      if (specifier.startsWith('.')) {
        const next = resolveRelative(file, specifier)
        visit(next, [...chain, relative(ROOT, next)])
      } else if (!specifier.startsWith('node:') && !packages.has(packageName(specifier))) {
        packages.set(packageName(specifier), chain)
      }
    }
  }
  visit(join(ROOT, entry), [entry])
  return { files, packages }
}

const slowReached = (entry: string): string[] => {
  const { files, packages } = staticGraph(entry)
  return [
    ...SLOW_PACKAGES.filter((p) => packages.has(p)).map((p) => `${p} via ${packages.get(p)?.join(' > ')}`),
    ...[...files]
      .filter(([file]) => LIVE_ONLY.some((slow) => relative(ROOT, file).startsWith(slow)))
      .map(([, chain]) => chain.join(' > '))
  ]
}

describe('the start-up paths of analyze and serve', () => {
  it('reaches no driver, SQL parser, zod or core from cli.ts', () => {
    expect(slowReached('src/main/cli.ts')).toEqual([])
  })

  it('still reaches the analyzers (the walk follows the real graph)', () => {
    const { files } = staticGraph('src/main/cli.ts')
    expect(files.has(join(ROOT, 'src/main/diagnostics/plan/analyze-plan.ts'))).toBe(true)
  })

  it('reaches none of them from serve before it listens (serve.ts loads the core with import())', () => {
    expect(slowReached('src/main/cli-serve.ts')).toEqual([])
  })

  it('finds the drivers behind check and the SQL parser behind the core (the walk can see them)', () => {
    const check = slowReached('src/main/cli-check.ts').join('\n')
    for (const name of ['pg via', 'ioredis via', 'mongodb via', 'zod via']) expect(check).toContain(name)
    expect(slowReached('src/main/core/create-core.ts').join('\n')).toContain('libpg-query via')
  })
})
