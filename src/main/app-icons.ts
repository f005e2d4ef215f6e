/**
 * Where the packaged app finds its icons (generated into resources/ by scripts/make-icons.ts and packed
 * by electron-builder.yml). Paths are relative to the built main bundle, out/main/.
 */
import { join } from 'node:path'

/** The tray wants a small bitmap: 16 px on Windows and macOS menu bars, 24 px on Linux panels. */
export const trayIconFile = (platform: NodeJS.Platform): string =>
  platform === 'linux' ? 'resources/icons/24x24.png' : 'resources/icons/16x16.png'

/** Linux shows the window icon in the task bar; macOS and Windows take it from the package. */
export const WINDOW_ICON_FILE = 'resources/icons/512x512.png'

/** The absolute path of an icon file from the directory of the built main bundle. */
export const iconPath = (mainDir: string, file: string): string => join(mainDir, '..', '..', file)
