/**
 * Sandboxed CommonJS preload: exposes one function per contract method and an event subscription.
 * No Node objects cross the bridge; inputs are validated again in main.
 */
import { contextBridge, ipcRenderer } from 'electron'
import { METHOD_NAMES, type AppEvent } from '../../shared/contract'

const RPC_CHANNEL = 'dbconsole:rpc'
const EVENT_CHANNEL = 'dbconsole:event'

const api = Object.fromEntries(
  METHOD_NAMES.map((method) => [method, (input: unknown) => ipcRenderer.invoke(RPC_CHANNEL, method, input)])
)

contextBridge.exposeInMainWorld('dbconsole', {
  api,
  onEvent: (callback: (event: AppEvent) => void) => {
    const listener = (_e: unknown, event: AppEvent) => callback(event)
    ipcRenderer.on(EVENT_CHANNEL, listener)
    return () => ipcRenderer.removeListener(EVENT_CHANNEL, listener)
  }
})
