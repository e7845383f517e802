import { readFile } from 'node:fs/promises'
import { z } from 'zod'
import type { ChatMessage, ToolDefinition } from '../../../shared/engine'
import { AppError } from '../../../shared/errors'
import { partsToText, renderPrompt } from '../../inference/formats'
import { chatFormatOf, checkGgufHeader, type FormatMetadata } from '../../inference/gguf-check'
import { fromOpenAIMessage, fromOpenAITool, OpenAIMessage, OpenAITool } from '../../inference/openai-messages'
import type { Command } from '../command'
import { resolveModelOption } from '../model-option'

export const promptFormat: Command = {
  summary: 'Print the exact text the engine feeds a model for a conversation',
  help: `Usage: exaone-desktop prompt-format --model <file.gguf | model[:precision]> --messages <messages.json> [--tools <tools.json>] [--think] [--json]

Prints the prompt exactly as the engine renders it for this model's EXAONE format (4.0, 3.5 or Deep), for
checking templates. messages.json is an array of OpenAI chat messages: {"role": "system" | "user" | "assistant" |
"tool", "content": "..."}, assistant turns with "tool_calls" and "reasoning_content", tool turns with
"tool_call_id". Earlier reasoning, inline <think> blocks included, is dropped as LG's templates do.
  --tools   an OpenAI tools array, [{"type": "function", "function": {"name", "description", "parameters"}}] (EXAONE 4.0)
  --think   reasoning mode (EXAONE 4.0: the prompt ends inside <think>)
  --json    {"format": ..., "prompt": ..., "parts": [{"text", "special"}]}`,
  options: { model: { type: 'string' }, messages: { type: 'string' }, tools: { type: 'string' }, think: { type: 'boolean' }, json: { type: 'boolean' } },
  async run(values) {
    const { path } = await resolveModelOption(values.model as string | undefined)
    const messagesFile = values.messages as string | undefined
    if (!messagesFile) throw new AppError({ code: 'bad-request', message: '--messages is required.', hint: 'Give a JSON file with [{"role": "user", "content": "Hello"}].' })
    const messages: ChatMessage[] = (await readJson(messagesFile, z.array(OpenAIMessage).min(1), 'a list of messages', messageHint)).map(fromOpenAIMessage)
    const toolsFile = values.tools as string | undefined
    const tools: ToolDefinition[] = toolsFile ? (await readJson(toolsFile, z.array(OpenAITool), 'a list of tools', toolHint)).map(fromOpenAITool) : []
    await checkGgufHeader(path)
    // Imported here: node-llama-cpp takes seconds to load, and every other command starts without it.
    const { readGgufFileInfo } = await import('node-llama-cpp')
    const info = await readGgufFileInfo(path, { readTensorInfo: false })
    const format = chatFormatOf(path, info.metadata as FormatMetadata)
    const parts = renderPrompt(format, messages, values.think === true, tools)
    if (values.json) console.log(JSON.stringify({ format: format.name, prompt: partsToText(parts), parts }, null, 2))
    else process.stdout.write(partsToText(parts))
    return 0
  }
}

const messageHint = 'Each message is {"role": "system" | "user" | "assistant" | "tool", "content": "..."}; a tool message also has "tool_call_id".'
const toolHint = 'Each tool is {"type": "function", "function": {"name": "get_weather", "description": "...", "parameters": {...}}}.'

async function readJson<T>(file: string, schema: z.ZodType<T>, what: string, hint: string): Promise<T> {
  let json: unknown
  try {
    json = JSON.parse(await readFile(file, 'utf8'))
  } catch (error) {
    throw new AppError({ code: 'bad-request', message: `${file} could not be read as JSON: ${(error as Error).message}.` })
  }
  const parsed = schema.safeParse(json)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]
    throw new AppError({ code: 'bad-request', message: `${file} is not ${what}: ${issue?.path.join('.') || 'top level'}: ${issue?.message}.`, hint })
  }
  return parsed.data
}
