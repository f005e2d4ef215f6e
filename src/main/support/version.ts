/** Injected at build time by electron-vite (`define`); falls back for tests and tsx runs. */
declare const __DBCONSOLE_VERSION__: string | undefined

export const APP_VERSION: string =
  typeof __DBCONSOLE_VERSION__ === 'string' ? __DBCONSOLE_VERSION__ : '0.1.0-dev'
