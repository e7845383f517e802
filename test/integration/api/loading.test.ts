/** Models the API loads on demand: refused with the fit advisor's reason when they will not fit, unloaded when idle. */
import { afterEach, describe, expect, it } from 'vitest'
import { startTestApi, testModel, type TestApi } from '../../helpers/api-server'

let api: TestApi | undefined
afterEach(async () => {
  await api?.close()
  api = undefined
})

const hello = [{ role: 'user' as const, content: 'Hello' }]

describe('models loaded on demand', () => {
  it("refuses a model that will not fit with a 400 that gives the fit advisor's reason", async () => {
    api = await startTestApi({ machine: { profile: 'cpu-16gb', ramGiB: 0.25 } })
    const response = await fetch(`${api.server.url}/chat/completions`, { method: 'POST', body: JSON.stringify({ model: testModel, messages: hello, stream: true }) })
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', code: 'model_wont_fit', message: expect.stringMatching(/will not fit[^]*[^.]\.$/) } })
    expect(api.service.engine.state.status).toBe('idle')
  })

  it('unloads a model it loaded once no request has come for the idle time', async () => {
    api = await startTestApi({ idleUnloadMs: 1 })
    const unloaded = new Promise<void>((resolve) => {
      let loaded = false
      api?.service.hub.on('engine:state', (state) => {
        if (state.status === 'ready') loaded = true
        if (loaded && state.status === 'idle') resolve()
      })
    })
    const answer = await api.client.chat.completions.create({ model: testModel, messages: hello, max_tokens: 4, temperature: 0 })
    expect(answer.object).toBe('chat.completion')
    await unloaded
    expect((await api.client.models.list()).data[0]).toMatchObject({ loaded: false })
  })
})
