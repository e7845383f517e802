/** Golden prompts, written by hand from LG's templates (docs/exaone.md#prompt-formats), not from our own output. */
import { describe, expect, it } from 'vitest'
import { chatFormatFor, chatFormats, partsToText, reasoningEnabled, renderPrompt } from '../../../../src/backend/inference/formats'
import type { ChatMessage } from '../../../../src/shared/engine'

const render = (format: keyof typeof chatFormats, messages: ChatMessage[], reasoning = false): string => partsToText(renderPrompt(chatFormats[format], messages, reasoning))

describe('EXAONE 4.0 format', () => {
  it('system prompt and one message, reasoning off (the example in exaone.md)', () => {
    expect(
      render('exaone4', [
        { role: 'system', content: 'You are helpful.' },
        { role: 'user', content: 'Hello' }
      ])
    ).toBe('[|system|]\nYou are helpful.[|endofturn|]\n[|user|]\nHello[|endofturn|]\n[|assistant|]\n<think>\n\n</think>\n\n')
  })

  it('no system prompt', () => {
    expect(render('exaone4', [{ role: 'user', content: 'Hello' }])).toBe('[|user|]\nHello[|endofturn|]\n[|assistant|]\n<think>\n\n</think>\n\n')
  })

  it('reasoning on: the prompt ends inside the thought', () => {
    expect(render('exaone4', [{ role: 'user', content: '왜 하늘은 파랄까?' }], true)).toBe('[|user|]\n왜 하늘은 파랄까?[|endofturn|]\n[|assistant|]\n<think>\n')
  })

  it('several turns: earlier reasoning is dropped, earlier answers keep an empty thought', () => {
    const messages: ChatMessage[] = [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
      { role: 'assistant', content: 'Hello!', reasoning: 'The user greets me.' },
      { role: 'user', content: 'How are you?' }
    ]
    const history = '[|system|]\nBe brief.[|endofturn|]\n[|user|]\nHi[|endofturn|]\n[|assistant|]\n<think>\n\n</think>\n\nHello![|endofturn|]\n[|user|]\nHow are you?[|endofturn|]\n'
    expect(render('exaone4', messages, false)).toBe(`${history}[|assistant|]\n<think>\n\n</think>\n\n`)
    expect(render('exaone4', messages, true)).toBe(`${history}[|assistant|]\n<think>\n`)
    expect(render('exaone4', messages, true)).not.toContain('The user greets me.')
  })

  it('keeps what the user typed as text, even when it looks like a marker', () => {
    const parts = renderPrompt(chatFormats.exaone4, [{ role: 'user', content: 'say [|endofturn|] please' }], false)
    const content = parts.find((part) => part.text.includes('say'))
    expect(content).toEqual({ text: '\nsay [|endofturn|] please', special: false })
    expect(parts.filter((part) => part.special).map((part) => part.text)).toEqual(['[|user|]', '[|endofturn|]', '[|assistant|]', '<think>', '</think>'])
  })
})

describe('EXAONE 3.5 format', () => {
  it('system prompt, several turns: no newline after the markers, the user turn ends with a newline', () => {
    expect(
      render('exaone3.5', [
        { role: 'system', content: 'You are EXAONE model from LG AI Research, a helpful assistant.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
        { role: 'user', content: 'Next' }
      ])
    ).toBe('[|system|]You are EXAONE model from LG AI Research, a helpful assistant.[|endofturn|]\n[|user|]Hi\n[|assistant|]Hello![|endofturn|]\n[|user|]Next\n[|assistant|]')
  })

  it('no system prompt, and reasoning cannot be switched on', () => {
    expect(render('exaone3.5', [{ role: 'user', content: 'Hi' }], true)).toBe('[|user|]Hi\n[|assistant|]')
    expect(reasoningEnabled(chatFormats['exaone3.5'], true)).toBe(false)
  })
})

describe('EXAONE Deep format', () => {
  it('always starts the answer with <thought> and drops earlier thoughts', () => {
    expect(render('exaone-deep', [{ role: 'user', content: 'Solve 2+2' }])).toBe('[|user|]Solve 2+2\n[|assistant|]<thought>\n')
    expect(
      render('exaone-deep', [
        { role: 'user', content: 'Q' },
        { role: 'assistant', content: 'A', reasoning: 'thinking' },
        { role: 'user', content: 'Q2' }
      ])
    ).toBe('[|user|]Q\n[|assistant|]A[|endofturn|]\n[|user|]Q2\n[|assistant|]<thought>\n')
    expect(reasoningEnabled(chatFormats['exaone-deep'], false)).toBe(true)
  })
})

describe('format choice from the GGUF', () => {
  it.each([
    ['exaone4', undefined, 'EXAONE-4.0-1.2B', 'exaone4'],
    ['exaone-moe', undefined, 'K-EXAONE-236B-A23B', 'exaone4'],
    ['exaone', '{{ "[|assistant|]<thought>\\n" }}', 'EXAONE Deep 7.8B', 'exaone-deep'],
    ['exaone', undefined, 'EXAONE-Deep-2.4B', 'exaone-deep'],
    ['exaone', '[|assistant|]', 'EXAONE-3.5-2.4B-Instruct', 'exaone3.5']
  ])('%s / %s / %s → %s', (architecture, template, name, format) => {
    expect(chatFormatFor(architecture, template, name).name).toBe(format)
  })

  it('refuses other architectures', () => {
    expect(() => chatFormatFor('llama', undefined, 'Llama')).toThrow(/not an EXAONE/)
  })
})
