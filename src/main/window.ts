/**
 * The one window factory (docs/reliability-and-safety.md S1): every window is isolated and sandboxed,
 * navigation and new windows are denied, and permission requests are refused.
 */
import { BrowserWindow, session, type WebPreferences } from 'electron'
import { join } from 'node:path'
import { iconPath, WINDOW_ICON_FILE } from './app-icons'
import { CONTENT_SECURITY_POLICY } from './transport/http'

export const SECURE_WEB_PREFERENCES: WebPreferences = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  webviewTag: false,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  spellcheck: false
}

let hardened = false

const hardenSession = (): void => {
  if (hardened) return
  hardened = true
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] }
    })
  })
}

export const createMainWindow = (dirname: string): BrowserWindow => {
  hardenSession()
  const window = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'dbconsole',
    icon: iconPath(dirname, WINDOW_ICON_FILE),
    webPreferences: { ...SECURE_WEB_PREFERENCES, preload: join(dirname, '../preload/index.cjs') }
  })
  const appUrl = `file://${join(dirname, '../renderer/index.html')}`
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  window.webContents.on('will-navigate', (event, url) => {
    if (url !== appUrl) event.preventDefault()
  })
  window.webContents.on('will-attach-webview', (event) => event.preventDefault())
  window.once('ready-to-show', () => window.show())
  void window.loadFile(join(dirname, '../renderer/index.html'))
  return window
}
