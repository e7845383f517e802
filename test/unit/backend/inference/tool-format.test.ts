/**
 * Golden prompts for EXAONE 4.0's tools, tool calls, tool results and dropped reasoning. The expected texts are LG's
 * official template (test/fixtures/gguf/chat-templates.ts) rendered once by Jinja2 as Hugging Face renders it
 * (trim_blocks, lstrip_blocks, `tojson` as json.dumps with ensure_ascii=False), and pasted here.
 */
import { describe, expect, it } from 'vitest'
import { chatFormats, partsToText, renderPrompt } from '../../../../src/backend/inference/formats'
import { fromOpenAIMessage, fromOpenAITool, OpenAIMessage, OpenAITool } from '../../../../src/backend/inference/openai-messages'
import { pyJson } from '../../../../src/backend/inference/py-json'

/** The conversation as an OpenAI client sends it (arguments as JSON text), translated as the server does. */
const openAI = {
  messages: [
    {"role": "system", "content": "Be brief."},
    {"role": "user", "content": "Weather in Seoul and 부산?"},
    {"role": "assistant", "content": "", "tool_calls": [{"id": "call_1", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\":\"Seoul\",\"days\":2}"}}, {"id": "call_2", "type": "function", "function": {"name": "get_weather", "arguments": "{\"city\":\"부산\",\"days\":1}"}}]},
    {"role": "tool", "tool_call_id": "call_1", "content": "{\"temp\": 3.5}"},
    {"role": "tool", "tool_call_id": "call_2", "content": "맑음 \"sunny\""},
    {"role": "assistant", "content": "<think>\nBoth are cold.\n</think>\n\nSeoul 3.5°C, 부산 sunny."},
    {"role": "user", "content": "Thanks"},
    {"role": "assistant", "content": "Let me check again.", "reasoning_content": "hidden", "tool_calls": [{"id": "call_3", "type": "function", "function": {"name": "now", "arguments": "{}"}}]},
    {"role": "tool", "tool_call_id": "call_3", "content": "12:00"}
  ],
  tools: [
    {"type": "function", "function": {"name": "get_weather", "description": "도시의 날씨 (weather)", "parameters": {"type": "object", "properties": {"city": {"type": "string", "description": "City name"}, "days": {"type": "integer", "minimum": 1}}, "required": ["city"]}}},
    {"type": "function", "function": {"name": "now"}}
  ]
}

function conversation(request: { messages: unknown[]; tools: unknown[] }) {
  return {
    messages: request.messages.map((message) => fromOpenAIMessage(OpenAIMessage.parse(message))),
    tools: request.tools.map((tool) => fromOpenAITool(OpenAITool.parse(tool)))
  }
}

describe('EXAONE 4.0 tools, as LG\'s template renders them', () => {
  it('lists the tools in the system turn, renders calls, one [|tool|] turn per run of results, and drops reasoning', () => {
    const { messages, tools } = conversation(openAI)
    expect(partsToText(renderPrompt(chatFormats.exaone4, messages, false, tools))).toBe(
      '[|system|]\nBe brief.\n\n# Available Tools\nYou can use none, one, or multiple of the following tools by calling them as functions to help with the user\'s query.\nHere are the tools available to you in JSON format within <tool> and </tool> tags:\n<tool>{"type": "function", "function": {"name": "get_weather", "description": "도시의 날씨 (weather)", "parameters": {"type": "object", "properties": {"city": {"type": "string", "description": "City name"}, "days": {"type": "integer", "minimum": 1}}, "required": ["city"]}}}</tool>\n<tool>{"type": "function", "function": {"name": "now"}}</tool>\n\nFor each function call you want to make, return a JSON object with function name and arguments within <tool_call> and </tool_call> tags, like:\n<tool_call>{"name": function_1_name, "arguments": {argument_1_name: argument_1_value}}</tool_call>[|endofturn|]\n' +
      '[|user|]\nWeather in Seoul and 부산?[|endofturn|]\n' +
      '[|assistant|]\n<think>\n\n</think>\n\n<tool_call>{"name": "get_weather", "arguments": {"city": "Seoul", "days": 2}}</tool_call>\n<tool_call>{"name": "get_weather", "arguments": {"city": "부산", "days": 1}}</tool_call>[|endofturn|]\n' +
      '[|tool|]\n<tool_result>{"result": "{\\"temp\\": 3.5}"}</tool_result>\n<tool_result>{"result": "맑음 \\"sunny\\""}</tool_result>[|endofturn|]\n' +
      '[|assistant|]\n<think>\n\n</think>\n\nSeoul 3.5°C, 부산 sunny.[|endofturn|]\n' +
      '[|user|]\nThanks[|endofturn|]\n' +
      '[|assistant|]\n<think>\n\n</think>\n\nLet me check again.\n<tool_call>{"name": "now", "arguments": {}}</tool_call>[|endofturn|]\n' +
      '[|tool|]\n<tool_result>{"result": "12:00"}</tool_result>[|endofturn|]\n' +
      '[|assistant|]\n<think>\n\n</think>\n\n'
    )
  })

  it('opens a system turn for the tools when the conversation has none', () => {
    const { messages, tools } = conversation({ messages: [{ role: 'user', content: 'Hi' }], tools: [{ type: 'function', function: { name: 'now', description: 'The time' } }] })
    expect(partsToText(renderPrompt(chatFormats.exaone4, messages, false, tools))).toBe(
      '[|system|]\n# Available Tools\nYou can use none, one, or multiple of the following tools by calling them as functions to help with the user\'s query.\nHere are the tools available to you in JSON format within <tool> and </tool> tags:\n<tool>{"type": "function", "function": {"name": "now", "description": "The time"}}</tool>\n\nFor each function call you want to make, return a JSON object with function name and arguments within <tool_call> and </tool_call> tags, like:\n<tool_call>{"name": function_1_name, "arguments": {argument_1_name: argument_1_value}}</tool_call>[|endofturn|]\n' +
      '[|user|]\nHi[|endofturn|]\n' +
      '[|assistant|]\n<think>\n\n</think>\n\n'
    )
  })

  it('marks the tool tags as special and keeps the JSON and results as text', () => {
    const { messages, tools } = conversation(openAI)
    const specials = new Set(renderPrompt(chatFormats.exaone4, messages, false, tools).filter((part) => part.special).map((part) => part.text))
    expect([...specials].sort()).toEqual(['<think>', '</think>', '<tool>', '</tool>', '<tool_call>', '</tool_call>', '<tool_result>', '</tool_result>', '[|assistant|]', '[|endofturn|]', '[|system|]', '[|tool|]', '[|user|]'].sort())
  })

  it('drops an inline thought and reasoning_content from earlier answers, with reasoning on or off', () => {
    const messages = [
      { role: 'user' as const, content: 'Q' },
      { role: 'assistant' as const, content: '<think>\nsecret\n</think>\n\n  Answer.  ', reasoning: 'more secret' },
      { role: 'user' as const, content: 'Q2' }
    ]
    for (const reasoning of [false, true]) {
      const prompt = partsToText(renderPrompt(chatFormats.exaone4, messages, reasoning))
      expect(prompt).toContain('[|assistant|]\n<think>\n\n</think>\n\nAnswer.[|endofturn|]\n')
      expect(prompt).not.toMatch(/secret/)
    }
  })

  it('refuses tools for formats without tool calling', () => {
    expect(() => renderPrompt(chatFormats['exaone3.5'], [{ role: 'user', content: 'Hi' }], false, [{ name: 'now' }])).toThrow(/no tool calling/)
  })
})

describe('EXAONE Deep drops an inline thought from earlier answers', () => {
  it('keeps what follows the last </thought>', () => {
    const prompt = partsToText(renderPrompt(chatFormats['exaone-deep'], [{ role: 'user', content: 'Q' }, { role: 'assistant', content: '<thought>\nx\n</thought>\n\nA' }, { role: 'user', content: 'Q2' }], true))
    expect(prompt).toBe('[|user|]Q\n[|assistant|]A[|endofturn|]\n[|user|]Q2\n[|assistant|]<thought>\n')
  })
})

describe('JSON as Python writes it', () => {
  it.each([
    [{ a: [1, 2.5, 'x'], b: {}, c: [], d: null, e: true }, '{"a": [1, 2.5, "x"], "b": {}, "c": [], "d": null, "e": true}'],
    ['한국어 "quoted" \\ \n\t\u0001', '"한국어 \\"quoted\\" \\\\ \\n\\t\\u0001"'],
    [0.00001, '1e-05'],
    [1.5e-7, '1.5e-07'],
    [0.0001, '0.0001'],
    [123456.789, '123456.789'],
    [1e21, '1000000000000000000000']
  ])('%j → %s', (value, text) => {
    expect(pyJson(value)).toBe(text)
  })
})
