/** The tray icon: brings the window back when it is hidden behind an incident's other windows, and quits. */
import { Menu, Tray, type BrowserWindow } from 'electron'
import { iconPath, trayIconFile } from './app-icons'

export const createTray = (mainDir: string, window: BrowserWindow): Tray => {
  const tray = new Tray(iconPath(mainDir, trayIconFile(process.platform)))
  tray.setToolTip('dbconsole')
  const show = (): void => {
    if (window.isMinimized()) window.restore()
    window.show()
    window.focus()
  }
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Show dbconsole', click: show },
      { type: 'separator' },
      { label: 'Quit', role: 'quit' }
    ])
  )
  tray.on('click', show)
  return tray
}
