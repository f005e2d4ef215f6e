/**
 * Child process for the kill-during-write harness (reliability/crash-safety). Writes, in a tight loop and
 * until it is SIGKILLed: a profile through ProfileStore (profiles.json, and secrets.json through the
 * encrypted store), and a self-checking document through writeFileAtomic (plain.json).
 * argv: <dataDir> <startVersion> [profiles|audit]. Prints "ready" once, right before the first write.
 * In 'audit' mode it appends intent + outcome pairs with the real AuditLog (audit.jsonl) instead and
 * prints "I <auditId>" / "O <auditId>" once each append has resolved (after its fsync). The parent bundles
 * it with esbuild once per run so that each of the 1,000 children starts in ~50 ms (tsx needs ~450 ms).
 */
import { createHash } from 'node:crypto'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { writeFileAtomic } from '../support/atomic-file'
import { AuditLog, type AuditIntentInput } from '../core/audit'
import { ProfileStore } from '../core/profiles'
import { EncryptedFileSecretStore, type Encryptor } from '../core/secrets'

export const PROFILE_ID = 'crash-profile'

/** The same reversible fake as the tests use: a marker plus hex, never the plaintext. */
export const crashEncryptor: Encryptor = {
  isEncryptionAvailable: () => true,
  encryptString: (plain) => Buffer.from(`enc:${Buffer.from(plain).toString('hex')}`),
  decryptString: (cipher) => {
    const text = cipher.toString()
    if (!text.startsWith('enc:')) throw new Error('bad ciphertext')
    return Buffer.from(text.slice(4), 'hex').toString()
  }
}

/** plain.json for version n: a payload whose size varies and a digest that proves it is whole. */
export const plainDocument = (n: number): string => {
  const payload = `v${n}:`.padEnd(64 + ((n * 7919) % 20_000), String.fromCharCode(97 + (n % 26)))
  const digest = createHash('sha256').update(payload).digest('hex')
  return JSON.stringify({ version: n, payload, digest })
}

export const passwordFor = (n: number): string => `pw-${n}`

/** profiles.json at version 0, written by the parent before the first child starts. */
export const initialProfiles = (): string =>
  `${JSON.stringify(
    {
      version: 1,
      profiles: [
        {
          id: PROFILE_ID,
          name: 'v0',
          engine: 'postgres',
          environment: 'production',
          allowWrites: false,
          allowCatastrophic: false,
          url: 'postgres://app@db.example:5432/v0',
          tls: { enabled: false }
        }
      ]
    },
    null,
    2
  )}\n`

/** The audit intent of pair n: every 8th one has a detail over a page (4 KiB) so a write can be cut mid-record. */
export const auditIntent = (n: number): AuditIntentInput => ({
  connectionId: 'crash-conn',
  connectionName: 'cache',
  environment: 'production',
  action: 'redis.unlink',
  tier: 2,
  exactStatement: `UNLINK crash:${n}`,
  target: { keys: [`crash:${n}`] },
  serverIdentity: {
    engine: 'redis',
    id: 'crash-run-id',
    role: 'master',
    address: '127.0.0.1:6379',
    summary: 'Redis crash-run-id master'
  },
  preview: {
    summary: 'Delete 1 key',
    facts: { keys: 1 },
    warnings: [],
    permission: { verdict: 'permitted', basis: 'ACL DRYRUN: OK' }
  },
  suggestedCheck: `EXISTS crash:${n}`
})

export const auditDetail = (n: number): string =>
  `removed crash:${n} `.padEnd(n % 8 === 0 ? 6_000 : 120 + (n % 200), 'x')

const appendAudit = async (dir: string, start: number): Promise<void> => {
  const log = new AuditLog(dir)
  process.stdout.write('ready\n')
  for (let n = start + 1; ; n++) {
    const input = auditIntent(n)
    const id = await log.intent(input)
    process.stdout.write(`I ${id}\n`)
    await log.outcome(id, input, { result: 'done', detail: auditDetail(n), postCheck: null })
    process.stdout.write(`O ${id}\n`)
  }
}

const main = async (dir: string, start: number): Promise<void> => {
  const store = new ProfileStore(dir, new EncryptedFileSecretStore(dir, crashEncryptor))
  process.stdout.write('ready\n')
  for (let n = start + 1; ; n++) {
    await store.save({
      id: PROFILE_ID,
      name: `v${n}`,
      engine: 'postgres',
      url: `postgres://app:${passwordFor(n)}@db.example:5432/v${n}`,
      environment: 'production'
    })
    await writeFileAtomic(join(dir, 'plain.json'), plainDocument(n))
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [dir, start, mode] = process.argv.slice(2)
  ;(mode === 'audit' ? appendAudit : main)(dir ?? '', Number(start)).catch((err: unknown) => {
    process.stderr.write(`${String(err)}\n`)
    process.exit(1)
  })
}
