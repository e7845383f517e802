/**
 * A download in its own process, for the SIGKILL test: `node --import tsx download-child.ts <home> <endpoint>`.
 * The CLI's `download` does the same, but starts slower (it loads every command).
 */
import { dataPaths } from '../../../src/backend/paths'
import { EventHub } from '../../../src/backend/event-hub'
import { openModelFiles } from '../../../src/backend/services/model-files'
import { SettingsStore } from '../../../src/backend/services/settings-store'

const [home = '', endpoint = ''] = process.argv.slice(2)
const paths = dataPaths(home)
const hub = new EventHub()
const files = await openModelFiles({ paths, hub, settings: new SettingsStore(paths.settings, hub), env: { HF_ENDPOINT: endpoint } })
await files.licences.accept('exaone-4.0-1.2b')
const item = await files.downloads.start('exaone-4.0-1.2b', 'Q8_0')
await files.downloads.finished(item.id)
console.log((await files.library.find('exaone-4.0-1.2b', 'Q8_0'))?.path)
