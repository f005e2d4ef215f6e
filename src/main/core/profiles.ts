import { join } from 'node:path'
import { rename } from 'node:fs/promises'
import { randomUUID } from 'node:crypto'
import { z } from 'zod'
import {
  ENGINES,
  ENVIRONMENTS,
  TLS_MIN_VERSIONS,
  type ConnectionProfile,
  type SaveConnectionInput,
  type TlsInput
} from '../../shared/connection'
import { AppFailure } from '../../shared/errors'
import { readFileIfExists, SerialFile } from '../support/atomic-file'
import { tryParseJson } from '../support/json'
import { formatConnectionUrl, parseConnectionUrl, splitPassword } from '../support/connection-url'
import type { SecretStore } from './secrets'
import { sshPassphraseKey, storedTunnel, tunnelDestination } from '../ssh/tunnel-target'
import type { TlsOptions } from '../engines/types'

const storedProfileSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    engine: z.enum(ENGINES),
    environment: z.enum(ENVIRONMENTS),
    allowWrites: z.boolean(),
    allowCatastrophic: z.boolean(),
    url: z.string(),
    tls: z
      .object({
        enabled: z.boolean(),
        caFile: z.string().optional(),
        certFile: z.string().optional(),
        keyFile: z.string().optional(),
        serverName: z.string().optional(),
        minVersion: z.enum(TLS_MIN_VERSIONS).optional(),
        rejectUnauthorized: z.boolean().optional()
      })
      .strict(),
    ssh: z
      .object({
        host: z.string(),
        port: z.number(),
        user: z.string(),
        keyFile: z.string().optional(),
        agentSocket: z.string().optional(),
        jumps: z.array(z.object({ host: z.string(), port: z.number(), user: z.string() }).strict()).optional()
      })
      .strict()
      .optional()
  })
  .strict()

type StoredProfile = z.infer<typeof storedProfileSchema>

/** The secret-store key of a profile's TLS client key passphrase (profile ids cannot contain '/'). */
export const tlsPassphraseKey = (profileId: string): string => `${profileId}/tls-key-passphrase`

/** The stored form: everything but the passphrase. */
const storedTls = ({
  keyPassphrase: _secret,
  keepKeyPassphrase: _keep,
  ...rest
}: TlsInput): StoredProfile['tls'] => rest

const profilesFileSchema = z
  .object({ version: z.literal(1), profiles: z.array(storedProfileSchema) })
  .strict()

export interface ProfileStoreProblem {
  /** Where the unreadable file was moved, so the user can recover it by hand. */
  keptAsidePath: string
  message: string
}

/**
 * Profiles in `profiles.json`, written atomically. A corrupt file is moved aside and reported, never
 * overwritten. Loading, saves and removes are steps of one serial writer, and the in-memory list changes
 * in the same step as the file: an acknowledged change is on disk, and none works from a stale list.
 */
export class ProfileStore {
  private readonly path: string
  private readonly file: SerialFile
  private profiles: StoredProfile[] = []
  private loading: Promise<void> | null = null
  readonly problems: ProfileStoreProblem[] = []

  constructor(
    dataDir: string,
    private readonly secrets: SecretStore
  ) {
    this.path = join(dataDir, 'profiles.json')
    this.file = new SerialFile(this.path)
  }

  private load(): Promise<void> {
    // A failed load (the file could not be moved aside) is tried again by the next call.
    this.loading ??= this.file
      .run(() => this.readFile())
      .catch((err: unknown) => {
        this.loading = null
        throw err
      })
    return this.loading
  }

  private async readFile(): Promise<void> {
    const raw = await readFileIfExists(this.path)
    if (raw !== null) {
      const parsed = profilesFileSchema.safeParse(tryParseJson(raw))
      if (parsed.success) {
        this.profiles = parsed.data.profiles
      } else {
        const aside = `${this.path}.corrupt-${Date.now()}`
        await rename(this.path, aside)
        this.problems.push({
          keptAsidePath: aside,
          message: `The saved connections file could not be read and was kept as ${aside}; no profile was overwritten.`
        })
      }
    }
  }

  /** Only inside a step of `file`. */
  private async persist(next: StoredProfile[]): Promise<void> {
    await this.file.write(`${JSON.stringify({ version: 1, profiles: next }, null, 2)}\n`)
    this.profiles = next
  }

  async list(): Promise<ConnectionProfile[]> {
    await this.load()
    return Promise.all(this.profiles.map((p) => this.toPublic(p)))
  }

  async get(id: string): Promise<ConnectionProfile> {
    await this.load()
    const stored = this.profiles.find((p) => p.id === id)
    if (!stored) throw new AppFailure('NOT_FOUND', `No connection profile with id ${id}.`)
    return this.toPublic(stored)
  }

  /** The URL with its password put back in: only for opening a session, never for display. */
  async connectUrl(id: string): Promise<string> {
    await this.load()
    const stored = this.profiles.find((p) => p.id === id)
    if (!stored) throw new AppFailure('NOT_FOUND', `No connection profile with id ${id}.`)
    const lookup = await this.secrets.get(id)
    if (lookup.state === 'undecryptable') {
      throw new AppFailure(
        'SECRET_UNAVAILABLE',
        `The saved password of "${stored.name}" cannot be decrypted here; re-enter it.`
      )
    }
    const parsed = parseConnectionUrl(stored.engine, stored.url)
    return formatConnectionUrl(parsed, lookup.state === 'present' ? lookup.secret : null)
  }

  /** The SSH key's passphrase, for opening the tunnel only; null when none is stored. */
  async sshPassphrase(id: string): Promise<string | null> {
    const lookup = await this.secrets.get(sshPassphraseKey(id))
    if (lookup.state === 'undecryptable') {
      throw new AppFailure(
        'SECRET_UNAVAILABLE',
        'The saved SSH key passphrase cannot be decrypted here; re-enter it.'
      )
    }
    return lookup.state === 'present' ? lookup.secret : null
  }

  /** The profile's TLS with its key passphrase put back in: only for opening a session, never for display. */
  async connectTls(id: string): Promise<TlsOptions> {
    await this.load()
    const stored = this.profiles.find((p) => p.id === id)
    if (!stored) throw new AppFailure('NOT_FOUND', `No connection profile with id ${id}.`)
    if (stored.tls.keyFile === undefined) return stored.tls
    const lookup = await this.secrets.get(tlsPassphraseKey(id))
    if (lookup.state === 'undecryptable') {
      throw new AppFailure(
        'SECRET_UNAVAILABLE',
        `The saved TLS key passphrase of "${stored.name}" cannot be decrypted here; re-enter it.`
      )
    }
    return lookup.state === 'present' ? { ...stored.tls, keyPassphrase: lookup.secret } : stored.tls
  }

  async save(input: SaveConnectionInput): Promise<{ id: string }> {
    await this.load()
    return this.file.run(() => this.saveNow(input))
  }

  private async saveNow(input: SaveConnectionInput): Promise<{ id: string }> {
    const { bare: parsed, password } = splitPassword(parseConnectionUrl(input.engine, input.url))
    const id = input.id ?? randomUUID()
    const existing = this.profiles.find((p) => p.id === id)
    if (input.id !== undefined && !existing)
      throw new AppFailure('NOT_FOUND', `No connection profile with id ${id}.`)
    const stored: StoredProfile = {
      id,
      name: input.name,
      engine: input.engine,
      environment: input.environment,
      allowWrites: input.allowWrites ?? existing?.allowWrites ?? false,
      allowCatastrophic: input.allowCatastrophic ?? existing?.allowCatastrophic ?? false,
      url: formatConnectionUrl(parsed),
      tls: (input.tls && storedTls(input.tls)) ??
        existing?.tls ?? {
          enabled:
            parsed.scheme === 'rediss' ||
            parsed.params.get('tls') === 'true' ||
            parsed.params.get('sslmode') === 'require'
        }
    }
    const ssh = input.ssh === null ? undefined : input.ssh ? storedTunnel(input.ssh) : existing?.ssh
    if (ssh) {
      tunnelDestination(input.engine, parsed)
      stored.ssh = ssh
    }
    if (password !== null) await this.secrets.set(id, password)
    else if (!input.keepPassword) await this.secrets.delete(id)
    // The passphrase is split off like the password; an unchanged tunnel (ssh omitted) keeps its own.
    if (input.ssh?.passphrase) await this.secrets.set(sshPassphraseKey(id), input.ssh.passphrase)
    else if (input.ssh === null || (input.ssh && !input.ssh.keepPassphrase))
      await this.secrets.delete(sshPassphraseKey(id))
    // The key passphrase likewise; unchanged TLS (tls omitted) keeps its own.
    if (input.tls?.keyPassphrase) await this.secrets.set(tlsPassphraseKey(id), input.tls.keyPassphrase)
    else if (input.tls && !input.tls.keepKeyPassphrase) await this.secrets.delete(tlsPassphraseKey(id))
    // An edited profile keeps its place (the sidebar's order); a new one goes last.
    const edited = this.profiles.some((p) => p.id === id)
    await this.persist(
      edited ? this.profiles.map((p) => (p.id === id ? stored : p)) : [...this.profiles, stored]
    )
    return { id }
  }

  async remove(id: string): Promise<void> {
    await this.load()
    await this.file.run(() => this.removeNow(id))
  }

  private async removeNow(id: string): Promise<void> {
    if (!this.profiles.some((p) => p.id === id))
      throw new AppFailure('NOT_FOUND', `No connection profile with id ${id}.`)
    await this.persist(this.profiles.filter((p) => p.id !== id))
    await this.secrets.delete(id)
    await this.secrets.delete(sshPassphraseKey(id))
    await this.secrets.delete(tlsPassphraseKey(id))
  }

  private async toPublic(p: StoredProfile): Promise<ConnectionProfile> {
    // One stored URL that no longer parses (hand-edited file, older format) must not make every other
    // profile unlistable: show it without host/port; connecting to it reports the URL problem.
    let first: { host: string; port: number | null } | undefined
    try {
      first = parseConnectionUrl(p.engine, p.url).hosts[0]
    } catch {
      first = undefined
    }
    const secret = await this.secrets.get(p.id)
    const { ssh, ...rest } = p
    const passphrase = ssh ? await this.secrets.get(sshPassphraseKey(p.id)) : null
    const keyPassphrase = p.tls.keyFile !== undefined ? await this.secrets.get(tlsPassphraseKey(p.id)) : null
    return {
      ...rest,
      tls: { ...p.tls, hasKeyPassphrase: keyPassphrase !== null && keyPassphrase.state !== 'absent' },
      ...(ssh ? { ssh: { ...ssh, hasPassphrase: passphrase?.state !== 'absent' } } : {}),
      host: first?.host ?? '',
      port: first?.port ?? null,
      hasPassword: secret.state !== 'absent',
      needsPassword: secret.state === 'undecryptable'
    }
  }
}
