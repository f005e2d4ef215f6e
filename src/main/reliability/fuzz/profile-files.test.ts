/**
 * R1 / R10: random and corrupt `profiles.json` and `secrets.json` (10,000 generated files each, fixed
 * seeds). The stores never throw anything but an AppFailure, an unreadable file is reported and kept
 * aside byte-for-byte, and nothing overwrites the kept copy; a readable file loses no profile.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { AppFailure } from '../../../shared/errors'
import { ProfileStore } from '../../core/profiles'
import { EncryptedFileSecretStore, MemorySecretStore, type Encryptor } from '../../core/secrets'

const RUNS = 10_000
// tmpfs when there is one: 10,000 rounds of rename/readdir on a journaling disk cost ~30 s of CI time.
const root = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'rel-fuzz-files-'))
afterAll(() => rmSync(root, { recursive: true, force: true }))

const VALID_PROFILE = {
  id: 'p1',
  name: 'prod',
  engine: 'postgres',
  environment: 'production',
  allowWrites: false,
  allowCatastrophic: false,
  url: 'postgres://app@db.example:5432/shop',
  tls: { enabled: false }
}
const VALID_FILE = `${JSON.stringify({ version: 1, profiles: [VALID_PROFILE] }, null, 2)}\n`

const mutate = (doc: string) =>
  fc
    .record({
      at: fc.nat(),
      drop: fc.nat({ max: 20 }),
      insert: fc.string({ unit: 'binary', maxLength: 6 }),
      truncate: fc.boolean()
    })
    .map(({ at, drop, insert, truncate }) => {
      const i = at % (doc.length + 1)
      return truncate ? doc.slice(0, i) : `${doc.slice(0, i)}${insert}${doc.slice(i + drop)}`
    })

const profilesContent = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
  mutate(VALID_FILE),
  // Schema-valid files whose field values are hostile (bad URLs, unknown hosts, odd names).
  fc
    .record({
      id: fc.string({ maxLength: 20 }),
      name: fc.string({ unit: 'binary', maxLength: 20 }),
      engine: fc.constantFrom('postgres', 'redis', 'mongo'),
      url: fc.oneof(
        fc.string({ maxLength: 60 }),
        fc.constantFrom('redis://h:1', 'postgres://[::1]:5432/x', 'mongodb://a,b/c')
      ),
      tls: fc.record({ enabled: fc.boolean() })
    })
    .map((p) => JSON.stringify({ version: 1, profiles: [VALID_PROFILE, { ...VALID_PROFILE, ...p }] }))
)

const emptyDir = (dir: string): void => {
  mkdirSync(dir, { recursive: true })
  for (const f of readdirSync(dir)) rmSync(join(dir, f), { force: true })
}

describe('fuzz: profiles.json', () => {
  it(`${RUNS} generated files: reported and kept aside, never a crash, never overwritten`, async () => {
    const dir = join(root, 'profiles')
    let keptAside = 0
    let loaded = 0
    let saves = 0
    await fc.assert(
      fc.asyncProperty(profilesContent, fc.nat({ max: 19 }), async (content, n) => {
        emptyDir(dir)
        writeFileSync(join(dir, 'profiles.json'), content)
        const original = readFileSync(join(dir, 'profiles.json'))
        const store = new ProfileStore(dir, new MemorySecretStore())
        let listed: Awaited<ReturnType<ProfileStore['list']>>
        try {
          listed = await store.list()
        } catch (err) {
          // A coded failure is an error envelope for the user, not a crash; anything else is a bug.
          if (!(err instanceof AppFailure)) throw err
          throw new Error(`list() failed for a file it accepted: ${err.code} ${err.message}`, { cause: err })
        }
        const aside = readdirSync(dir).filter((f) => f.startsWith('profiles.json.corrupt-'))
        if (store.problems.length > 0) {
          keptAside++
          expect(aside).toHaveLength(1)
          expect(store.problems[0]?.keptAsidePath).toBe(join(dir, aside[0] ?? ''))
          expect(readFileSync(join(dir, aside[0] ?? '')).equals(original)).toBe(true)
          expect(listed).toEqual([])
        } else {
          loaded++
          expect(aside).toHaveLength(0)
          // Nothing the file held is dropped.
          expect(listed.length).toBe((JSON.parse(content) as { profiles: unknown[] }).profiles.length)
        }
        // Writing afterwards (1 run in 20, at most 200: fsync is slow) never touches the kept copy.
        if (n === 0 && saves++ < 200) {
          await store.save({
            name: 'new',
            engine: 'redis',
            url: 'redis://127.0.0.1:6379',
            environment: 'development'
          })
          for (const f of aside) expect(readFileSync(join(dir, f)).equals(original)).toBe(true)
          const again = await new ProfileStore(dir, new MemorySecretStore()).list()
          expect(again.some((p) => p.name === 'new')).toBe(true)
        }
        return true
      }),
      { seed: 0xf11e5, numRuns: RUNS }
    )
    expect(keptAside).toBeGreaterThan(RUNS / 4)
    expect(loaded).toBeGreaterThan(RUNS / 20)
  }, 120_000)
})

/** A reversible fake for safeStorage: enough to tell ciphertext from plaintext. */
const fakeEncryptor = (available = true): Encryptor => ({
  isEncryptionAvailable: () => available,
  encryptString: (plain) => Buffer.from(`enc:${Buffer.from(plain).toString('hex')}`),
  decryptString: (cipher) => {
    const text = cipher.toString()
    if (!text.startsWith('enc:')) throw new Error('bad ciphertext')
    return Buffer.from(text.slice(4), 'hex').toString()
  }
})

const secretsContent = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
  fc
    .dictionary(fc.constantFrom('p1', 'p2', '__proto__', 'constructor'), fc.string({ maxLength: 40 }))
    .map((d) => JSON.stringify(d)),
  mutate(
    JSON.stringify({ p1: Buffer.from(`enc:${Buffer.from('s3cret-pw').toString('hex')}`).toString('base64') })
  )
)

describe('fuzz: secrets.json', () => {
  it(`${RUNS} generated files: get() never throws; unreadable files are kept aside byte-for-byte`, async () => {
    const dir = join(root, 'secrets')
    let undecryptable = 0
    await fc.assert(
      fc.asyncProperty(secretsContent, async (content) => {
        emptyDir(dir)
        writeFileSync(join(dir, 'secrets.json'), content)
        const original = readFileSync(join(dir, 'secrets.json'))
        const store = new EncryptedFileSecretStore(dir, fakeEncryptor())
        const lookup = await store.get('p1')
        expect(['present', 'absent', 'undecryptable']).toContain(lookup.state)
        if (lookup.state === 'undecryptable') undecryptable++
        const aside = readdirSync(dir).filter((f) => f.startsWith('secrets.json.corrupt-'))
        for (const f of aside) expect(readFileSync(join(dir, f)).equals(original)).toBe(true)
        if (aside.length === 0) expect(readFileSync(join(dir, 'secrets.json')).equals(original)).toBe(true)
        return true
      }),
      { seed: 0x5ec2e7, numRuns: RUNS }
    )
    expect(undecryptable).toBeGreaterThan(0)
  }, 120_000)
})
