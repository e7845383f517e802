/** `prompt-format` as a real process: OpenAI-shaped messages and --tools in, LG's template text out. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { removeTinyModels, tinyModelPath } from '../fixtures/gguf/exaone-models'
import { runCli } from '../helpers/cli'

let dir: string
let model: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'exaone-prompt-format-'))
  model = await tinyModelPath('exaone4')
})
afterAll(async () => {
  await removeTinyModels()
  await rm(dir, { recursive: true, force: true })
})

async function file(name: string, value: unknown): Promise<string> {
  const path = join(dir, name)
  await writeFile(path, JSON.stringify(value))
  return path
}

describe('prompt-format', () => {
  it('renders tools, tool calls and results, and drops an inline thought and reasoning_content', async () => {
    const messages = await file('messages.json', [
      { role: 'user', content: 'Time?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'now', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: '12:00' },
      { role: 'assistant', content: '<think>\nhidden\n</think>\n\nNoon.', reasoning_content: 'also hidden' },
      { role: 'user', content: 'Thanks' }
    ])
    const tools = await file('tools.json', [{ type: 'function', function: { name: 'now', description: '지금 시각' } }])
    const run = await runCli(['prompt-format', '--model', model, '--messages', messages, '--tools', tools])
    expect(run.stderr).toBe('')
    expect(run.stdout).toBe(
      '[|system|]\n# Available Tools\nYou can use none, one, or multiple of the following tools by calling them as functions to help with the user\'s query.\nHere are the tools available to you in JSON format within <tool> and </tool> tags:\n<tool>{"type": "function", "function": {"name": "now", "description": "지금 시각"}}</tool>\n\nFor each function call you want to make, return a JSON object with function name and arguments within <tool_call> and </tool_call> tags, like:\n<tool_call>{"name": function_1_name, "arguments": {argument_1_name: argument_1_value}}</tool_call>[|endofturn|]\n' +
        '[|user|]\nTime?[|endofturn|]\n' +
        '[|assistant|]\n<think>\n\n</think>\n\n<tool_call>{"name": "now", "arguments": {}}</tool_call>[|endofturn|]\n' +
        '[|tool|]\n<tool_result>{"result": "12:00"}</tool_result>[|endofturn|]\n' +
        '[|assistant|]\n<think>\n\n</think>\n\nNoon.[|endofturn|]\n' +
        '[|user|]\nThanks[|endofturn|]\n' +
        '[|assistant|]\n<think>\n\n</think>\n\n'
    )
  })

  it('says which message is malformed', async () => {
    const messages = await file('bad.json', [{ role: 'tool', content: 'no id' }])
    const run = await runCli(['prompt-format', '--model', model, '--messages', messages])
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/is not a list of messages: 0\.tool_call_id/)
  })
})
