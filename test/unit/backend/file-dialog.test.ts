/** library:pick-file and AppInfo.fileDialog on a real backend: the app's dialog when main gives one, a clear refusal in the harness. */
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createBackend } from '../../../src/backend/backend'

async function withBackend(pickGgufFile: (() => Promise<string | null>) | undefined, check: (dispatch: Awaited<ReturnType<typeof createBackend>>['dispatch']) => Promise<void>): Promise<void> {
  const dataDir = await mkdtemp(join(tmpdir(), 'exaone-file-dialog-'))
  const backend = await createBackend({ dataDir, version: 'test', ...(pickGgufFile && { pickGgufFile }) })
  try {
    await check(backend.dispatch)
  } finally {
    await backend.dispose()
    await rm(dataDir, { recursive: true, force: true })
  }
}

describe('the file dialog request', () => {
  it('answers with what main\'s dialog chose, null when cancelled, and says there is one', async () => {
    const answers = ['/models/tune.gguf', null]
    await withBackend(async () => answers.shift() ?? null, async (dispatch) => {
      expect(await dispatch('app:info', {})).toMatchObject({ ok: true, value: { fileDialog: true } })
      expect(await dispatch('library:pick-file', {})).toEqual({ ok: true, value: { path: '/models/tune.gguf' } })
      expect(await dispatch('library:pick-file', {})).toEqual({ ok: true, value: { path: null } })
    })
  })

  it('refuses in the browser harness, saying to type the path', async () => {
    await withBackend(undefined, async (dispatch) => {
      expect(await dispatch('app:info', {})).toMatchObject({ ok: true, value: { fileDialog: false } })
      expect(await dispatch('library:pick-file', {})).toMatchObject({ ok: false, error: { code: 'bad-request', hint: 'Type the path of the .gguf file instead.' } })
    })
  })
})
