// Tests read fixture files; the code under test stays pure.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { analyzePlan, type PlanAnalysis } from './analyze-plan'

/**
 * Issue 17, the copy-shape property: every text plan fixture (recorded from the server, and the hand-made
 * ones of versions we cannot run), re-shaped the ways people copy plans, gives the same tree, times and
 * findings as the fixture itself. The shapes imitate terminals, e-mail clients, editors, psql and DBeaver
 * (made here from the fixture, NOT captured from those programs; real psql captures are fixtures).
 */
const dir = join(import.meta.dirname, 'fixtures')
const manifest = JSON.parse(readFileSync(join(dir, 'manifest--pg15.json'), 'utf8')) as {
  file: string
  shape: string
}[]
const copies = new Set(manifest.filter((m) => m.shape !== 'server').map((m) => m.file))
const FIXTURES = readdirSync(dir)
  .filter((f) => f.startsWith('explain-text--') && !copies.has(f))
  .sort()
  .map((file) => ({ file, text: readFileSync(join(dir, file), 'utf8').replace(/\n$/, '') }))
  // The hand-made 9.x samples are psql copies already (header, footer): framing them again is no copy.
  .filter((f) => !/^\s*QUERY PLAN|^\(\d+ rows?\)$/m.test(f.text))

const lines = (t: string): string[] => t.split('\n')

/** A terminal hard-wraps every line at `width` columns, wherever that falls. */
const hardWrap =
  (width: number) =>
  (t: string): string =>
    lines(t)
      .flatMap((l) => {
        const parts: string[] = []
        for (let i = 0; i < l.length || i === 0; i += width) parts.push(l.slice(i, i + width))
        return parts
      })
      .join('\n')

/** An e-mail client breaks lines longer than `width` at the last space that fits (the space is lost). */
const wordWrap =
  (width: number) =>
  (t: string): string =>
    lines(t)
      .flatMap((l) => {
        const out: string[] = []
        let rest = l
        while (rest.length > width) {
          const at = rest.lastIndexOf(' ', width)
          if (at <= rest.search(/\S/)) break
          out.push(rest.slice(0, at))
          rest = rest.slice(at + 1)
        }
        return [...out, rest]
      })
      .join('\n')

/** psql's aligned output: centred header, dashes, a one-space pad, the (N rows) footer. */
const psqlFrame = (t: string): string => {
  const body = lines(t)
  const width = Math.max(10, ...body.map((l) => l.length + 1))
  const title = 'QUERY PLAN'
  const left = Math.floor((width - title.length) / 2)
  return [
    `${' '.repeat(left)}${title}`,
    '-'.repeat(width),
    ...body.map((l) => ` ${l}`),
    `(${body.length} ${body.length === 1 ? 'row' : 'rows'})`,
    ''
  ].join('\n')
}

/** psql's `\pset format wrapped` at `width` columns: `.` in the pads where a line was wrapped. */
const psqlWrapped =
  (width: number) =>
  (t: string): string => {
    const rows = lines(t)
    const size = width - 2
    const body = rows.flatMap((l) => {
      const pieces: string[] = []
      for (let i = 0; i < l.length || i === 0; i += size) pieces.push(l.slice(i, i + size))
      // The left pad of a continuation and the right pad of a wrapped line carry the mark.
      return pieces.map((p, i) => `${i === 0 ? ' ' : '.'}${p}${i < pieces.length - 1 ? '.' : ''}`)
    })
    const w = Math.max(...body.map((l) => l.length))
    return [
      `${' '.repeat(Math.max(0, Math.floor((w - 10) / 2)))}QUERY PLAN`,
      '-'.repeat(w),
      ...body,
      `(${rows.length} ${rows.length === 1 ? 'row' : 'rows'})`,
      ''
    ].join('\n')
  }

/** Leading blanks as tabs of `size` columns (an editor's "convert indentation"), the rest left as spaces. */
const tabs =
  (size: number) =>
  (t: string): string =>
    lines(t)
      .map((l) => {
        const lead = /^ */.exec(l)?.[0].length ?? 0
        return '\t'.repeat(Math.floor(lead / size)) + ' '.repeat(lead % size) + l.slice(lead)
      })
      .join('\n')

/** DBeaver's grid copy: `|` on both sides, a dashed rule under the header. */
const dbeaverGrid = (t: string): string => {
  const body = ['QUERY PLAN', ...lines(t)]
  const width = Math.max(...body.map((l) => l.length))
  const framed = body.map((l) => `|${l.padEnd(width)}|`)
  return [framed[0], `|${'-'.repeat(width)}|`, ...framed.slice(1)].join('\n')
}

/** DBeaver's advanced copy: cells padded and closed by a trailing `|`, the rule ends in `+`. */
const dbeaverAdvanced = (t: string): string => {
  const body = ['QUERY PLAN', ...lines(t)]
  const width = Math.max(...body.map((l) => l.length))
  const framed = body.map((l) => `${l.padEnd(width)}|`)
  return [framed[0], `${'-'.repeat(width)}+`, ...framed.slice(1)].join('\n')
}

export const SHAPES: Record<string, (t: string) => string> = {
  wrap72: hardWrap(72),
  wrap80: hardWrap(80),
  wrap120: hardWrap(120),
  email72: wordWrap(72),
  'psql-frame': psqlFrame,
  'psql-frame-wrap80': (t) => hardWrap(80)(psqlFrame(t)),
  'psql-wrapped80': psqlWrapped(80),
  'psql-frame-first-line-unpadded': (t) => psqlFrame(t).replace(/\n /, '\n'),
  'first-line-indented': (t) => `    ${t}`,
  tabs8: tabs(8),
  tabs4: tabs(4),
  'single-quoted': (t) =>
    lines(t)
      .map((l) => `'${l}'`)
      .join('\n'),
  'stray-quote': (t) => `${t}"`,
  'dbeaver-grid': dbeaverGrid,
  'dbeaver-advanced': dbeaverAdvanced,
  'trailing-comments': (t) => `${t}\n\n-- from the 03:00 run, see ticket OPS-1234\n-- (slow again)`,
  indented4: (t) =>
    lines(t)
      .map((l) => `    ${l}`)
      .join('\n'),
  crlf: (t) => t.replaceAll('\n', '\r\n')
}

/** Everything a reader of the analysis sees: the tree, every time, the summary and the findings. */
const view = (p: PlanAnalysis): unknown => ({
  nodes: p.nodes.map((a) => ({ ...a, node: { ...a.node, children: a.node.children.length } })),
  summary: p.summary,
  findings: p.findings,
  document: { ...p.document, root: null }
})

type Outcome = { ok: true; view: string } | { ok: false; why: string }
const outcome = (text: string): Outcome => {
  const r = analyzePlan(text)
  return r.ok
    ? { ok: true, view: JSON.stringify(view(r.value)) }
    : { ok: false, why: `${r.code} ${r.message}` }
}

describe('copy shapes of every text plan fixture read the same as the fixture (issue 17)', () => {
  it('covers the recorded families', () => {
    expect(FIXTURES.length).toBeGreaterThanOrEqual(45)
  })

  it('every fixture x shape gives the same tree, times and findings', () => {
    const failed: string[] = []
    let pairs = 0
    for (const f of FIXTURES) {
      const whole = outcome(f.text)
      if (!whole.ok) throw new Error(`${f.file}: ${whole.why}`)
      for (const [shape, make] of Object.entries(SHAPES)) {
        pairs++
        const copy = outcome(make(f.text))
        if (!copy.ok) failed.push(`${f.file} ${shape}: ${copy.why.slice(0, 160)}`)
        else if (copy.view !== whole.view) failed.push(`${f.file} ${shape}: read differently`)
      }
    }
    // The before/after count of issue 17's note comes from here.
    const byShape = new Map<string, string[]>()
    for (const x of failed) {
      const shape = x.split(' ')[1] ?? ''
      byShape.set(shape, [...(byShape.get(shape) ?? []), x])
    }
    console.log(
      `copy shapes: ${failed.length} of ${pairs} fixture x shape pairs differ\n` +
        [...byShape].map(([k, v]) => `  ${k}: ${v.length}, e.g. ${v[0] ?? ''}`).join('\n')
    )
    expect(failed).toEqual([])
  }, 120_000)
})
