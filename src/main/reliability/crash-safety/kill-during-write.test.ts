/**
 * R9 / R10: 1,000 SIGKILLs at random points while a child process writes profiles (ProfileStore ->
 * profiles.json + secrets.json) and a document (writeFileAtomic -> plain.json) in a loop. After every kill
 * each file parses, is whole, and is the version before or a later complete one (never older, never a
 * mix); the profile and its secret still load. And a profile whose secret cannot be decrypted is kept and
 * marked needsPassword.
 */
import { spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createHash } from 'node:crypto'
import { buildSync } from 'esbuild'
import { afterAll, describe, expect, it } from 'vitest'
import { ProfileStore } from '../../core/profiles'
import { EncryptedFileSecretStore, MemorySecretStore, type Encryptor } from '../../core/secrets'
import { crashEncryptor, initialProfiles, passwordFor, PROFILE_ID } from '../../testing/crash-writer'

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

interface LaneState {
  profileVersion: number
  plainVersion: number
}

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
        state = await verify(dir, state)
      }
      leftovers += readdirSync(dir).filter((f) => f.endsWith('.tmp')).length
      return state
    }
    const finals = await Promise.all(Array.from({ length: LANES }, (_, i) => lane(i)))
    expect(kills).toBe(KILLS)
    // The kills landed while writing: the lanes made progress, and some kills hit mid-write (temp files).
    expect(finals.every((s) => s.profileVersion > 5)).toBe(true)
    expect(leftovers).toBeGreaterThan(0)
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
