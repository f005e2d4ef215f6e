import { createHttpClient } from './http-client'
import { createIpcClient } from './ipc-client'
import { takeToken } from './token'
import type { Api } from './types'

/** The renderer never knows its host: the preload bridge when it exists, the HTTP transport otherwise. */
export const createApi = (): Api =>
  window.dbconsole ? createIpcClient(window.dbconsole) : createHttpClient(takeToken())

export const api: Api = createApi()
