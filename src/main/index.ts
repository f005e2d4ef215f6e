/** The desktop host: Electron main process wrapping the plain-Node core. */
import { app, safeStorage } from 'electron'
import { join } from 'node:path'
import { createCore } from './core/create-core'
import { decideSecretPersistence } from './core/secret-persistence'
import { EncryptedFileSecretStore } from './core/secrets'
import { registerIpc } from './transport/ipc'
import { createTray } from './electron-tray'
import { createMainWindow } from './window'

app.enableSandbox()

const start = async (): Promise<void> => {
  await app.whenReady()
  const dataDir = join(app.getPath('userData'), 'data')
  const core = createCore({
    dataDir,
    // Decided after ready: safeStorage only knows its backend once the app is up.
    secrets: new EncryptedFileSecretStore(
      dataDir,
      safeStorage,
      decideSecretPersistence(process.platform, safeStorage)
    ),
    host: 'electron'
  })
  const window = createMainWindow(import.meta.dirname)
  // Kept referenced for the app's lifetime: a collected Tray disappears from the panel.
  const tray = createTray(import.meta.dirname, window)
  const unregister = registerIpc(core.dispatch, core.events, window)
  app.on('window-all-closed', () => {
    unregister()
    tray.destroy()
    void core.close().finally(() => app.quit())
  })
}

app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
})

void start()
