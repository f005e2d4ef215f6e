/**
 * The docs stay inside the repository and true to it: every relative link of README.md and of each
 * Markdown file under docs/ resolves to a file or folder of the repository (and its #anchor to a heading of
 * that file), and every repository path the docs name in inline code (`src/...`, `scripts/...`, `e2e/...`)
 * exists. A file moved by a refactoring fails here, instead of sending a newcomer to a path that is gone.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '..')

/** Top-level folders whose paths the docs name in inline code; a named path must exist. */
const REPO_DIRS = ['src', 'scripts', 'e2e', 'bench', 'resources', 'docs', 'bin', '.ci']
const REPO_PATH = new RegExp(`^(?:${REPO_DIRS.map((d) => d.replace('.', '\\.')).join('|')})/[\\w./@-]*$`)
/** Templates and globs (`<engine>`, `*.ts`, `{a,b}`) name no single file. */
const PLACEHOLDER = /[<>*{}]/

const markdownFiles = (): string[] => {
  const walk = (dir: string): string[] =>
    readdirSync(dir).flatMap((name) => {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) return walk(path)
      return name.endsWith('.md') ? [path] : []
    })
  return [join(ROOT, 'README.md'), ...walk(join(ROOT, 'docs'))]
}

/** Fenced code blocks hold commands and trees, not links. */
const withoutFences = (text: string): string => text.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '')

/** GitHub's heading anchors: lower case, punctuation dropped, spaces as hyphens, repeats numbered. */
const anchorsOf = (text: string): Set<string> => {
  const seen = new Map<string, number>()
  const anchors = new Set<string>()
  for (const [, heading] of withoutFences(text).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = (heading ?? '')
      .replace(/`/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-')
    const count = seen.get(base) ?? 0
    seen.set(base, count + 1)
    anchors.add(count === 0 ? base : `${base}-${count}`)
  }
  return anchors
}

const insideRepo = (path: string): boolean => path === ROOT || path.startsWith(ROOT + sep)

/** Every broken link or missing path of one Markdown file, as `file: what` lines. */
const problemsOf = (file: string, text: string): string[] => {
  const where = relative(ROOT, file)
  const problems: string[] = []
  const prose = withoutFences(text)
  for (const [, target] of prose.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
    if (target === undefined || /^[a-z][a-z+.-]*:/i.test(target)) continue
    const [pathPart = '', anchor] = target.split('#', 2)
    if (pathPart === '') {
      if (anchor && !anchorsOf(text).has(anchor)) problems.push(`${where}: #${anchor} names no heading here`)
      continue
    }
    const path = resolve(dirname(file), decodeURI(pathPart))
    if (!insideRepo(path)) problems.push(`${where}: ${target} points outside the repository`)
    else if (!existsSync(path)) problems.push(`${where}: ${target} does not exist`)
    else if (anchor && path.endsWith('.md') && !anchorsOf(readFileSync(path, 'utf8')).has(anchor))
      problems.push(`${where}: ${target} names no heading of ${relative(ROOT, path)}`)
  }
  for (const [, code] of prose.matchAll(/`([^`\n]+)`/g)) {
    for (const token of (code ?? '').split(/\s+/)) {
      const path = token.replace(/[),;:.]+$/, '')
      if (path.startsWith('../') && !insideRepo(resolve(dirname(file), path)))
        problems.push(`${where}: \`${path}\` points outside the repository`)
      if (!REPO_PATH.test(path) || PLACEHOLDER.test(path)) continue
      if (!existsSync(join(ROOT, path))) problems.push(`${where}: \`${path}\` does not exist`)
    }
  }
  return problems
}

describe('the checker', () => {
  const file = join(ROOT, 'docs', 'example.md')

  it('accepts links, anchors and named paths that exist', () => {
    const text = [
      '# A heading, with `code`',
      'See [the readme](../README.md), [here](#a-heading-with-code) and `src/main/cli.ts`.',
      '`npx tsx scripts/record-fixtures/postgres.ts` and `src/main/engines/<engine>/check.ts` (a template).'
    ].join('\n')
    expect(problemsOf(file, text)).toEqual([])
  })

  it('reports a missing file, missing headings, an escape from the repository and a missing path', () => {
    const text = [
      '[gone](gone.md) [no such section](../README.md#no-such-section) [outside](../../elsewhere/x.md)',
      '[nowhere here](#nowhere)',
      'Read `src/main/no-such-file.ts` and `../../elsewhere/ARCH.md`.'
    ].join('\n')
    expect(problemsOf(file, text)).toEqual([
      'docs/example.md: gone.md does not exist',
      'docs/example.md: ../README.md#no-such-section names no heading of README.md',
      'docs/example.md: ../../elsewhere/x.md points outside the repository',
      'docs/example.md: #nowhere names no heading here',
      'docs/example.md: `src/main/no-such-file.ts` does not exist',
      'docs/example.md: `../../elsewhere/ARCH.md` points outside the repository'
    ])
  })

  it('ignores links and paths inside fenced code blocks', () => {
    expect(problemsOf(file, '```\n[gone](gone.md) `src/nope.ts`\n```\n')).toEqual([])
  })
})

describe('README.md and docs/', () => {
  const files = markdownFiles()

  it('include the architecture, the specs and the how-to pages', () => {
    const names = files.map((f) => relative(ROOT, f))
    for (const page of [
      'docs/architecture.md',
      'docs/spec/analysis-report.md',
      'docs/spec/rpc.md',
      'docs/adding-a-check.md',
      'docs/adding-an-action.md',
      'docs/adding-an-engine.md'
    ])
      expect(names).toContain(page)
  })

  it.each(files.map((f) => [relative(ROOT, f), f]))(
    '%s: every relative link and every named path resolves inside the repository',
    (_name, file) => {
      expect(problemsOf(file, readFileSync(file, 'utf8'))).toEqual([])
    }
  )
})
