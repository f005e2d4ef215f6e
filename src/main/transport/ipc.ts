/**
 * Electron IPC transport: one `rpc` channel into the shared dispatcher. Every call checks that it comes
 * from our own top frame; input validation happens in dispatch like for HTTP.
 */
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import { fail } from '../../shared/errors'
import type { EventHub } from '../core/events'
import type { Dispatch } from '../core/dispatch'

export const RPC_CHANNEL = 'dbconsole:rpc'
export const EVENT_CHANNEL = 'dbconsole:event'

const fromOurWindow = (event: IpcMainInvokeEvent, window: BrowserWindow): boolean => {
  const frame = event.senderFrame
  return (
    event.sender === window.webContents &&
    frame !== null &&
    frame === window.webContents.mainFrame &&
    frame.url.startsWith('file://')
  )
}

export const registerIpc = (dispatch: Dispatch, events: EventHub, window: BrowserWindow): (() => void) => {
  ipcMain.handle(RPC_CHANNEL, (event, method: unknown, input: unknown) => {
    if (!fromOurWindow(event, window)) return fail('REFUSED', 'IPC from an unexpected frame was refused.')
    if (typeof method !== 'string') return fail('INVALID_INPUT', 'The method name must be a string.')
    return dispatch(method, input)
  })
  const unsubscribe = events.subscribe((e) => {
    if (!window.isDestroyed()) window.webContents.send(EVENT_CHANNEL, e)
  })
  return () => {
    ipcMain.removeHandler(RPC_CHANNEL)
    unsubscribe()
  }
}
