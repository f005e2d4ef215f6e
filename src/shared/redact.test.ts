import { describe, expect, it } from 'vitest'
import { redact, redactArgv, redactDeep, registerSecret } from './redact'

describe('redact', () => {
  it('removes passwords from URLs of every engine and keeps the user', () => {
    expect(redact('connect postgres://app:pa55@db:5432/x failed')).toBe(
      'connect postgres://app:***@db:5432/x failed'
    )
    expect(redact('redis://:onlypass@h:6379')).toBe('redis://:***@h:6379')
    expect(redact('mongodb+srv://u:p%40ss@cluster0/x')).toBe('mongodb+srv://u:***@cluster0/x')
    expect(redact('mongodb://u@h1,h2')).toBe('mongodb://u@h1,h2')
  })

  it('masks key=value secrets', () => {
    expect(redact('password=hunter2 host=x')).toBe('password=*** host=x')
    expect(redact('Authorization: Bearer abc')).toBe('Authorization: *** abc')
  })

  it('masks any registered secret wherever it appears', () => {
    registerSecret('Zq9-sentinel')
    expect(redact('server said: user "x" password Zq9-sentinel is wrong')).toBe(
      'server said: user "x" password *** is wrong'
    )
  })

  it('ignores very short secrets rather than masking ordinary text', () => {
    registerSecret('ab')
    expect(redact('tables abound')).toBe('tables abound')
  })
})

describe('redact: passwords set by statements and commands', () => {
  it.each([
    ["ALTER ROLE app PASSWORD 'hunter2'", "ALTER ROLE app PASSWORD '***'"],
    [
      "alter role app password 'it''s a secret' valid until 'x'",
      "alter role app password '***' valid until 'x'"
    ],
    ["CREATE ROLE r LOGIN ENCRYPTED PASSWORD 'md5abc'", "CREATE ROLE r LOGIN ENCRYPTED PASSWORD '***'"],
    ["ALTER USER u PASSWORD E'back\\\\slash\\'quote'", "ALTER USER u PASSWORD '***'"],
    ['ALTER USER u PASSWORD $$dollar$$ LOGIN', "ALTER USER u PASSWORD '***' LOGIN"],
    ['ALTER USER u PASSWORD $pw$a$$b$pw$ LOGIN', "ALTER USER u PASSWORD '***' LOGIN"],
    ["ALTER USER u PASSWORD U&'d\\0061ta'", "ALTER USER u PASSWORD '***'"],
    [
      "CREATE USER MAPPING FOR app SERVER s OPTIONS (user 'x', password 'fdw-pass')",
      "CREATE USER MAPPING FOR app SERVER s OPTIONS (user 'x', password '***')"
    ]
  ])('SQL: %s', (sql, shown) => {
    expect(redact(sql)).toBe(shown)
  })

  it('keeps PASSWORD NULL, which carries no secret', () => {
    expect(redact('ALTER ROLE app PASSWORD NULL')).toBe('ALTER ROLE app PASSWORD NULL')
  })

  it.each([
    ['ACL SETUSER u on >s3cret ~* +@all', 'ACL SETUSER u on >*** ~* +@all'],
    ['acl setuser u <old-pw #5e884898da28047151d0e56f8dc629 !abcd', 'acl setuser u <*** #*** !***'],
    ['ACL SETUSER u ">with space"', 'ACL SETUSER u >***'],
    ['CONFIG SET requirepass s3cret', 'CONFIG SET requirepass ***'],
    ['config set maxmemory 1gb masterauth "m pw"', 'config set maxmemory 1gb masterauth ***'],
    ['AUTH s3cret', 'AUTH ***'],
    ['AUTH default s3cret', 'AUTH default ***'],
    ['HELLO 3 AUTH default s3cret SETNAME x', 'HELLO 3 AUTH default *** SETNAME x'],
    ['MIGRATE h 6379 k 0 5000 AUTH s3cret', 'MIGRATE h 6379 k 0 5000 AUTH ***'],
    ['MIGRATE h 6379 "" 0 5000 AUTH2 u s3cret KEYS a b', 'MIGRATE h 6379 "" 0 5000 AUTH2 u *** KEYS a b']
  ])('Redis: %s', (command, shown) => {
    expect(redact(command)).toBe(shown)
  })

  it('masks each line of a multi-line text on its own', () => {
    expect(redact('GET a\nAUTH s3cret\nGET b')).toBe('GET a\nAUTH ***\nGET b')
  })

  it('leaves ordinary Redis commands alone', () => {
    expect(redact('CONFIG SET maxmemory-policy allkeys-lru')).toBe('CONFIG SET maxmemory-policy allkeys-lru')
    expect(redact('SET auth "value"')).toBe('SET auth "value"')
  })

  it.each([
    [
      'db.createUser({user: "u", pwd: "m0ngo", roles: []})',
      'db.createUser({user: "u", pwd: "***", roles: []})'
    ],
    ['{"createUser": "u", "pwd": "m0ngo"}', '{"createUser": "u", "pwd": "***"}'],
    ["{ password: 'a''b' }", "{ password: '***' }"]
  ])('Mongo and key-value: %s', (text, shown) => {
    expect(redact(text)).toBe(shown)
  })
})

describe('redactArgv and redactDeep', () => {
  it('masks the password arguments of a Redis argv, keeping the ACL rule prefix', () => {
    expect(redactArgv(['ACL', 'SETUSER', 'u', 'on', '>p w', '~*'])).toEqual([
      'ACL',
      'SETUSER',
      'u',
      'on',
      '>***',
      '~*'
    ])
    expect(redactArgv(['AUTH', 'u', 'pw'])).toEqual(['AUTH', 'u', '***'])
    expect(redactArgv(['GET', 'AUTH'])).toEqual(['GET', 'AUTH'])
  })

  it('masks argvs, password fields and statements inside a value, and leaves the rest', () => {
    expect(
      redactDeep({
        command: ['CONFIG', 'SET', 'requirepass', 'pw'],
        doc: { user: 'u', pwd: 'm0ngo', n: 1 },
        sql: "ALTER ROLE r PASSWORD 'x'"
      })
    ).toEqual({
      command: ['CONFIG', 'SET', 'requirepass', '***'],
      doc: { user: 'u', pwd: '***', n: 1 },
      sql: "ALTER ROLE r PASSWORD '***'"
    })
  })
})
