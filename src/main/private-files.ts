/**
 * Paths only the current user may control: serve's data dir and its token file. On a shared host another
 * user could otherwise plant profiles.json, redirect the audit log through a symlink or read the token.
 */
import {
  closeSync,
  constants,
  fstatSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  type Stats
} from 'node:fs'
import { join } from 'node:path'
import { AppFailure } from '../shared/errors'

const refuse = (message: string): never => {
  throw new AppFailure('REFUSED', message)
}

/** Mode bits a private path must not have. */
interface Forbidden {
  bits: number
  /** How those bits read in the message: "writable", "readable". */
  meaning: string
  fix: string
}

const DIR_RULE: Forbidden = { bits: 0o022, meaning: 'writable', fix: 'chmod 700 it' }
const SECRET_FILE_RULE: Forbidden = { bits: 0o077, meaning: 'readable', fix: 'chmod 600 it' }

/**
 * Owner and mode bits mean nothing on Windows (no uid; modes are synthesised from the read-only flag):
 * there the ACLs of the user's profile dir apply, and only the symlink checks are made.
 */
const assertPrivate = (stats: Stats, what: string, forbidden: Forbidden): void => {
  const uid = process.getuid?.()
  if (uid === undefined) return
  if (stats.uid !== uid)
    refuse(`${what} belongs to uid ${stats.uid}, not to you (uid ${uid}): refusing to use it.`)
  if ((stats.mode & forbidden.bits) !== 0)
    refuse(
      `${what} is ${forbidden.meaning} by group or others (mode ${(stats.mode & 0o777).toString(8)}): ${forbidden.fix}.`
    )
}

const lstatOrNull = (path: string): Stats | null => {
  try {
    return lstatSync(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
}

/**
 * Creates `dir` 0700 when absent; refuses one that is a symlink, not a directory, not the user's, or
 * writable by group/others, and one holding a symlink (a planted link would redirect profiles or audit).
 * Once the dir is the user's and private, nobody else can plant anything in it afterwards.
 */
export const ensurePrivateDir = (dir: string): void => {
  if (lstatOrNull(dir) === null) mkdirSync(dir, { recursive: true, mode: 0o700 })
  const stats = lstatSync(dir)
  const what = `The data dir ${dir}`
  if (stats.isSymbolicLink()) refuse(`${what} is a symlink: give the real directory.`)
  if (!stats.isDirectory()) refuse(`${what} is not a directory.`)
  assertPrivate(stats, what, DIR_RULE)
  for (const name of readdirSync(dir))
    if (lstatSync(join(dir, name)).isSymbolicLink())
      refuse(`${join(dir, name)} is a symlink: the data dir's files are never followed elsewhere.`)
}

/** The trimmed text of a file that is the user's own, a regular file, and unreadable by group/others. */
export const readPrivateFile = (path: string, what: string): string => {
  let fd: number
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ELOOP') return refuse(`${what} ${path} is a symlink: give the real file.`)
    if (code === 'ENOENT') throw new AppFailure('NOT_FOUND', `${what} ${path} does not exist.`)
    throw err
  }
  try {
    const stats = fstatSync(fd)
    if (!stats.isFile()) refuse(`${what} ${path} is not a regular file.`)
    assertPrivate(stats, `${what} ${path}`, SECRET_FILE_RULE)
    return readFileSync(fd, 'utf8').trim()
  } finally {
    closeSync(fd)
  }
}
