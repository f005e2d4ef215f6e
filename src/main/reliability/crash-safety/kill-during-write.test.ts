/**
 * R9 / R10: 1,000 SIGKILLs at random points while a child process writes profiles (ProfileStore ->
 * profiles.json + secrets.json) and a document (writeFileAtomic -> plain.json) in a loop. After every kill
 * each file parses, is whole, and is the version before or a later complete one (never older, never a
 * mix); the profile and its secret still load; and the temp files a kill left are gone once the files'
 * owners start again. And a profile whose secret cannot be decrypted is kept and marked needsPassword.
 *
 * One more lane (sharing the same kill budget) runs children that append audit records (AuditLog,
 * intent + outcome pairs). After every kill: the new part of audit.jsonl parses line by line except at
 * most one torn LAST line; verify() passes with a torn tail reported in `torn`; every record the child
 * confirmed (printed after its fsync'd append resolved) is there; and a restart (a new AuditLog) appends
 * on the same chain and verify() still passes. SIGKILL rarely cuts a write of one record (the kernel may
 * stop a multi-page write between pages), so in about a third of the kills the lane also appends a cut
 * record itself, as a crash mid-write (power loss, short write) would leave it.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createHash } from 'node:crypto'
import { buildSync } from 'esbuild'
import { afterAll, describe, expect, it } from 'vitest'
import { removeStaleTemps } from '../../support/atomic-file'
import { AuditLog } from '../../core/audit'
import { ProfileStore } from '../../core/profiles'
import { EncryptedFileSecretStore, MemorySecretStore, type Encryptor } from '../../core/secrets'
import {
  auditDetail,
  auditIntent,
  crashEncryptor,
  initialProfiles,
  passwordFor,
  PROFILE_ID
} from '../../testing/crash-writer'

const KILLS = Number(process.env.RELIABILITY_KILLS ?? '1000')
const LANES = 4
const root = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'rel-crash-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

/** Deterministic kill points (mulberry32): the run is reproducible apart from OS scheduling. */
const rng = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}

const bundleChild = (): string => {
  const out = join(root, 'crash-writer.mjs')
  buildSync({
    entryPoints: [resolve(dirname(fileURLToPath(import.meta.url)), '../../testing/crash-writer.ts')],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: out,
    logLevel: 'error'
  })
  return out
}

/** Start a writer, wait for "ready", let it write for `ms`, SIGKILL it. Resolves how it ended. */
const runAndKill = (script: string, dir: string, start: number, ms: number): Promise<string> =>
  new Promise((done, fail) => {
    const child = spawn(process.execPath, [script, dir, String(start)], { stdio: ['ignore', 'pipe', 'pipe'] })
    let err = ''
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.stdout.once('data', () => setTimeout(() => child.kill('SIGKILL'), ms))
    child.on('error', fail)
    child.on('exit', (code, signal) =>
      signal === 'SIGKILL' ? done('killed') : fail(new Error(`exit ${code}: ${err}`))
    )
  })

/** Same for an audit writer; resolves what it printed (all of it: the pipe is read to its end). */
const runAuditAndKill = (script: string, dir: string, start: number, ms: number): Promise<string[]> =>
  new Promise((done, fail) => {
    const child = spawn(process.execPath, [script, dir, String(start), 'audit'], {
      stdio: ['ignore', 'pipe', 'pipe']
    })
    let out = ''
    let err = ''
    let signal: NodeJS.Signals | null = null
    let code: number | null = null
    child.stderr.on('data', (d: Buffer) => (err += d.toString()))
    child.stdout.on('data', (d: Buffer) => {
      if (out === '') setTimeout(() => child.kill('SIGKILL'), ms)
      out += d.toString()
    })
    child.on('error', fail)
    child.on('exit', (c, s) => {
      code = c
      signal = s
    })
    child.on('close', () =>
      signal === 'SIGKILL' ? done(out.split('\n')) : fail(new Error(`exit ${String(code)}: ${err}`))
    )
  })

interface AuditLaneState {
  /** audit.jsonl up to here was checked (ends after a whole line). */
  checked: number
  /** Pairs started so far (the next child numbers its records from here). */
  n: number
  records: number
  confirmed: Set<string>
  /** Torn lines in the file so far (each reported by verify()). */
  torn: number
  realTorn: number
  injectedTorn: number
  kills: number
}

/** Check audit.jsonl after a kill, then restart on it (one more pair) and check again. */
const verifyAudit = async (
  dir: string,
  printed: string[],
  state: AuditLaneState,
  random: () => number
): Promise<AuditLaneState> => {
  const path = join(dir, 'audit.jsonl')
  for (const line of printed) {
    const m = /^([IO]) (\S+)$/.exec(line)
    if (m) state.confirmed.add(`${m[1] === 'I' ? 'intent' : 'outcome'}:${m[2]}`)
  }
  // The part written since the last check: whole JSON lines, then at most one torn last line.
  const text = existsSync(path) ? readFileSync(path, 'utf8') : ''
  const parts = text.slice(state.checked).split('\n')
  const tail = parts.pop() ?? ''
  for (const line of parts) expect(() => JSON.parse(line) as unknown).not.toThrow()
  let tornTail = tail !== ''
  if (tornTail) {
    expect(() => JSON.parse(tail) as unknown).toThrow()
    state.realTorn++
  } else if (text.length > 0 && random() < 0.35) {
    // A write cut short: a prefix of the next record (at least its first byte, never the newline).
    const last = text.trimEnd().split('\n').pop() ?? ''
    writeFileSync(path, last.slice(0, 1 + Math.floor(random() * (last.length - 1))), { flag: 'a' })
    state.injectedTorn++
    tornTail = true
  }

  const expectChain = async (log: AuditLog, torn: number, tornAtEnd: boolean) => {
    const v = await log.verify()
    expect(v.problems).toEqual([])
    expect(v.ok).toBe(true)
    expect(v.torn ?? []).toHaveLength(torn)
    if (tornAtEnd) expect(v.torn?.at(-1)).toContain('at the end of the file')
    const records = await log.records()
    expect(records).toHaveLength(v.records)
    // Nothing lost or forked: seq 1..N, each record chained to the previous whole one.
    records.forEach((r, i) => {
      expect(r.seq).toBe(i + 1)
      expect(r.prevHash).toBe(i === 0 ? '0'.repeat(64) : records[i - 1]?.hash)
    })
    const onDisk = new Set(records.map((r) => `${r.phase}:${r.auditId}`))
    for (const c of state.confirmed) expect(onDisk.has(c), `confirmed ${c} is on disk`).toBe(true)
    return records
  }

  const afterKill = await expectChain(new AuditLog(dir), state.torn + (tornTail ? 1 : 0), tornTail)
  expect(afterKill.length).toBeGreaterThanOrEqual(state.records)
  // Restart: a new AuditLog on the same file continues the chain across the torn tail.
  const restarted = new AuditLog(dir)
  const n =
    Math.max(state.n, ...afterKill.map((r) => Number(/crash:(\d+)/.exec(r.exactStatement)?.[1] ?? 0))) + 1
  const input = auditIntent(n)
  const id = await restarted.intent(input)
  await restarted.outcome(id, input, { result: 'done', detail: auditDetail(n), postCheck: null })
  state.confirmed.add(`intent:${id}`).add(`outcome:${id}`)
  const torn = state.torn + (tornTail ? 1 : 0)
  const records = await expectChain(restarted, torn, false)
  expect(records.length).toBe(afterKill.length + 2)
  // At most one intent per killed child lacks its outcome.
  const unknown = (await restarted.list(Number.MAX_SAFE_INTEGER)).filter(
    (e) => e.result === 'outcome unknown'
  )
  expect(unknown.length).toBeLessThanOrEqual(state.kills)
  return {
    ...state,
    checked: readFileSync(path, 'utf8').length,
    n,
    records: records.length,
    torn
  }
}

interface LaneState {
  profileVersion: number
  plainVersion: number
}

const tempFiles = (dir: string): string[] => readdirSync(dir).filter((f) => f.endsWith('.tmp'))

/** Check every file of a lane after a kill; returns the versions now on disk. */
const verify = async (dir: string, before: LaneState): Promise<LaneState> => {
  // profiles.json: parses, passes the store's schema (no corrupt-aside), one profile, version monotone.
  const store = new ProfileStore(dir, new EncryptedFileSecretStore(dir, crashEncryptor))
  const [profile, ...rest] = await store.list()
  expect(store.problems).toEqual([])
  expect(rest).toEqual([])
  expect(profile?.id).toBe(PROFILE_ID)
  const profileVersion = Number(/^v(\d+)$/.exec(profile?.name ?? '')?.[1])
  expect(profileVersion).toBeGreaterThanOrEqual(before.profileVersion)
  expect(profile?.url).toBe(`postgres://app@db.example:5432/v${profileVersion}`)
  // secrets.json: parses; the secret decrypts and is the password of this version or the next one
  // (the secret is written just before the profile that refers to it).
  if (profileVersion > 0) {
    const url = await store.connectUrl(PROFILE_ID)
    const pw = /app:(pw-\d+)@/.exec(url)?.[1]
    expect([passwordFor(profileVersion), passwordFor(profileVersion + 1)]).toContain(pw)
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).not.toContain('pw-')
  }
  // plain.json: whole (digest matches) and never older than before.
  let plainVersion = before.plainVersion
  if (existsSync(join(dir, 'plain.json'))) {
    const doc = JSON.parse(readFileSync(join(dir, 'plain.json'), 'utf8')) as {
      version: number
      payload: string
      digest: string
    }
    expect(createHash('sha256').update(doc.payload).digest('hex')).toBe(doc.digest)
    expect(doc.version).toBeGreaterThanOrEqual(before.plainVersion)
    plainVersion = doc.version
  }
  // The stores removed their files' stale temps when they started; plain.json's owner does it by hand.
  await removeStaleTemps(join(dir, 'plain.json'))
  expect(tempFiles(dir)).toEqual([])
  return { profileVersion, plainVersion }
}

describe('crash safety: SIGKILL during writes', () => {
  it(`${KILLS} kills at random points leave every file whole, old or new`, async () => {
    const script = bundleChild()
    const random = rng(0xc0ffee)
    let kills = 0
    let leftovers = 0
    const lane = async (index: number): Promise<LaneState> => {
      const dir = join(root, `lane-${index}`)
      mkdirSync(dir, { recursive: true })
      writeFileSync(join(dir, 'profiles.json'), initialProfiles())
      let state: LaneState = { profileVersion: 0, plainVersion: 0 }
      while (kills < KILLS) {
        kills++
        await runAndKill(
          script,
          dir,
          Math.max(state.profileVersion, state.plainVersion),
          Math.floor(random() * 12)
        )
        leftovers += tempFiles(dir).length
        state = await verify(dir, state)
      }
      return state
    }
    const auditLane = async (): Promise<AuditLaneState> => {
      const dir = join(root, 'lane-audit')
      mkdirSync(dir, { recursive: true })
      const auditRandom = rng(0xa0d17)
      let state: AuditLaneState = {
        checked: 0,
        n: 0,
        records: 0,
        confirmed: new Set(),
        torn: 0,
        realTorn: 0,
        injectedTorn: 0,
        kills: 0
      }
      while (kills < KILLS) {
        kills++
        state.kills++
        const printed = await runAuditAndKill(script, dir, state.n, Math.floor(random() * 12))
        state = await verifyAudit(dir, printed, state, auditRandom)
      }
      return state
    }
    const [audit, ...finals] = await Promise.all([
      auditLane(),
      ...Array.from({ length: LANES }, (_, i) => lane(i))
    ])
    expect(kills).toBe(KILLS)
    // The kills landed while writing: the lanes made progress, and some kills hit mid-write (temp files,
    // each removed at the next start: verify() found none left).
    expect(finals.every((s) => s.profileVersion > 5)).toBe(true)
    expect(leftovers).toBeGreaterThan(0)
    // The audit children appended (and confirmed) records before their kills; torn tails were recovered.
    expect(audit?.kills).toBeGreaterThan(KILLS / (2 * (LANES + 1)))
    expect(audit?.confirmed.size).toBeGreaterThan(audit?.kills ?? 0)
    expect(audit?.torn).toBeGreaterThan(0)
    console.info(
      `[kill-during-write] audit lane: ${audit?.kills} kills, ${audit?.records} records, ${audit?.confirmed.size} confirmed, torn tails ${audit?.realTorn} by SIGKILL + ${audit?.injectedTorn} injected; ${leftovers} temp files left by kills, all removed at the next start`
    )
  }, 240_000)
})

describe('a secret that cannot be decrypted', () => {
  const broken: Encryptor = {
    ...crashEncryptor,
    decryptString: () => {
      throw new Error('key changed')
    }
  }

  it('keeps the profile, marks it needsPassword, refuses to connect with SECRET_UNAVAILABLE', async () => {
    const dir = join(root, 'undecryptable')
    mkdirSync(dir, { recursive: true })
    const first = new ProfileStore(dir, new EncryptedFileSecretStore(dir, crashEncryptor))
    const { id } = await first.save({
      name: 'prod',
      engine: 'redis',
      url: 'redis://:s3cret-pw@10.0.0.1:6379',
      environment: 'production'
    })
    const secretsBefore = readFileSync(join(dir, 'secrets.json'), 'utf8')

    // Next start: the OS key changed (safeStorage decrypt throws).
    const after = new ProfileStore(dir, new EncryptedFileSecretStore(dir, broken))
    const [profile] = await after.list()
    expect(profile).toMatchObject({
      id,
      name: 'prod',
      host: '10.0.0.1',
      hasPassword: true,
      needsPassword: true
    })
    await expect(after.connectUrl(id)).rejects.toMatchObject({ code: 'SECRET_UNAVAILABLE' })
    // Nothing was dropped or rewritten.
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).toBe(secretsBefore)
    // Encryption unavailable altogether: same outcome, still kept.
    const none = new ProfileStore(
      dir,
      new EncryptedFileSecretStore(dir, { ...crashEncryptor, isEncryptionAvailable: () => false })
    )
    expect((await none.list())[0]).toMatchObject({ id, needsPassword: true })
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).toBe(secretsBefore)
    // A memory-only store (serve host) knows no secret: no password, nothing needed from disk.
    expect((await new ProfileStore(dir, new MemorySecretStore()).list())[0]).toMatchObject({
      hasPassword: false
    })
  })
})
