/**
 * EXAONE 4.0's tool calling as LG's official template writes it: the tools listed in the system turn, calls as
 * `<tool_call>{"name": …, "arguments": …}</tool_call>` joined by newlines, and results in one `[|tool|]` turn.
 * The JSON is the template's `tojson(ensure_ascii=False)`, so it is written as Python writes it (py-json.ts).
 */
import type { ToolCall, ToolDefinition } from '../../shared/engine'
import type { PromptPart } from './formats'
import { pyJson } from './py-json'

const special = (text: string): PromptPart => ({ text, special: true })
const plain = (text: string): PromptPart => ({ text, special: false })

/** A call's syntax, shared by the prompt (earlier calls) and node-llama-cpp's call detection (new ones). */
export const toolCallSyntax = {
  prefix: [special('<tool_call>'), plain('{"name": "')],
  paramsPrefix: [plain('", "arguments": ')],
  suffix: [plain('}'), special('</tool_call>')],
  betweenCalls: [plain('\n')]
} as const satisfies Record<string, readonly PromptPart[]>

/** The template's `available_tools` macro; each tool as an OpenAI request sends it, `{"type": "function", …}`. */
export function availableTools(tools: readonly ToolDefinition[]): PromptPart[] {
  return [
    plain(
      '# Available Tools' +
        "\nYou can use none, one, or multiple of the following tools by calling them as functions to help with the user's query." +
        '\nHere are the tools available to you in JSON format within <tool> and </tool> tags:\n'
    ),
    ...tools.flatMap((tool) => [special('<tool>'), plain(pyJson({ type: 'function', function: tool })), special('</tool>'), plain('\n')]),
    plain(
      '\nFor each function call you want to make, return a JSON object with function name and arguments within <tool_call> and </tool_call> tags, like:' +
        '\n<tool_call>{"name": function_1_name, "arguments": {argument_1_name: argument_1_value}}</tool_call>'
    )
  ]
}

/** Earlier calls; arguments that are not JSON are written as the template writes a string. */
export function toolCalls(calls: readonly ToolCall[]): PromptPart[] {
  return calls.flatMap((call, index) => [
    ...(index > 0 ? toolCallSyntax.betweenCalls : []),
    ...toolCallSyntax.prefix,
    plain(call.name),
    ...toolCallSyntax.paramsPrefix,
    plain(pyJson(parseArguments(call.arguments))),
    ...toolCallSyntax.suffix
  ])
}

/** One `[|tool|]` turn for consecutive tool messages, each result as `{"result": "<content>"}`. */
export function toolResults(contents: readonly string[], endOfTurn: string): PromptPart[] {
  return [
    special('[|tool|]'),
    plain('\n'),
    ...contents.flatMap((content, index) => [
      ...(index > 0 ? [plain('\n')] : []),
      special('<tool_result>'),
      plain(`{"result": ${pyJson(content)}}`),
      special('</tool_result>')
    ]),
    special(endOfTurn),
    plain('\n')
  ]
}

function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return text
  }
}
