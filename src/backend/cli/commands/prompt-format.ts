import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import { ChatMessage } from '../../../shared/engine'
import { AppError } from '../../../shared/errors'
import { partsToText, renderPrompt } from '../../inference/formats'
import { chatFormatOf, checkGgufHeader, type FormatMetadata } from '../../inference/gguf-check'
import type { Command } from '../command'
import { resolveModelOption } from '../model-option'

export const promptFormat: Command = {
  summary: 'Print the exact text the engine feeds a model for a conversation',
  help: `Usage: exaone-desktop prompt-format --model <file.gguf | model[:precision]> --messages <messages.json> [--think] [--json]

Prints the prompt exactly as the engine renders it for this model's EXAONE format (4.0, 3.5 or Deep), for
checking templates. messages.json is an array of {"role": "system" | "user" | "assistant", "content": "..."}.
  --think   reasoning mode (EXAONE 4.0: the prompt ends inside <think>)
  --json    {"format": ..., "prompt": ..., "parts": [{"text", "special"}]}`,
  options: { model: { type: 'string' }, messages: { type: 'string' }, think: { type: 'boolean' }, json: { type: 'boolean' } },
  async run(values) {
    const { path } = await resolveModelOption(values.model as string | undefined)
    const messages = await readMessages(values.messages as string | undefined)
    await checkGgufHeader(path)
    // Imported here: node-llama-cpp takes seconds to load, and every other command starts without it.
    const { readGgufFileInfo } = await import('node-llama-cpp')
    const info = await readGgufFileInfo(path, { readTensorInfo: false })
    const format = chatFormatOf(path, info.metadata as FormatMetadata)
    const parts = renderPrompt(format, messages, values.think === true)
    if (values.json) console.log(JSON.stringify({ format: format.name, prompt: partsToText(parts), parts }, null, 2))
    else process.stdout.write(partsToText(parts))
    return 0
  }
}

async function readMessages(file: string | undefined): Promise<ChatMessage[]> {
  if (!file) throw new AppError({ code: 'bad-request', message: '--messages is required.', hint: 'Give a JSON file with [{"role": "user", "content": "Hello"}].' })
  let json: unknown
  try {
    json = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    throw new AppError({ code: 'bad-request', message: `${file} could not be read as JSON: ${(error as Error).message}.` })
  }
  const parsed = z.array(ChatMessage).min(1).safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new AppError({
      code: 'bad-request',
      message: `${file} is not a list of messages: ${issue?.path.join('.') || 'top level'}: ${issue?.message}.`,
      hint: 'Each message is {"role": "system" | "user" | "assistant", "content": "..."}.'
    })
  }
  return parsed.data
}
