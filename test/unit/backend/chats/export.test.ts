import { describe, expect, it } from 'vitest'
import { exportConversation, safeFileName } from '../../../../src/backend/services/chats/export'
import { Conversation } from '../../../../src/shared/chats'

const conversation: Conversation = {
  id: 'c1',
  title: '김치찌개: a recipe?',
  createdAt: '2025-03-01T10:00:00.000Z',
  updatedAt: '2025-03-01T10:05:00.000Z',
  settings: { systemPrompt: 'You are EXAONE.\nBe brief.', reasoning: true, sampling: {} },
  messages: [
    { id: 'u1', role: 'user', content: 'How do I make 김치찌개?', status: 'complete', createdAt: '2025-03-01T10:00:00.000Z' },
    { id: 'a1', role: 'assistant', content: 'Boil kimchi with pork.', reasoning: 'A Korean stew.', status: 'complete', createdAt: '2025-03-01T10:00:01.000Z' },
    { id: 'u2', role: 'user', content: 'And rice?', status: 'complete', createdAt: '2025-03-01T10:01:00.000Z' },
    {
      id: 'a2', role: 'assistant', content: 'Rinse', reasoning: '', status: 'failed', createdAt: '2025-03-01T10:01:01.000Z',
      error: { code: 'engine-stopped', message: 'The model engine stopped.' }
    }
  ],
  skippedLines: 0
}

describe('conversation export', () => {
  it('writes Markdown with the title, the system prompt, both voices and the reasoning folded', () => {
    const file = exportConversation(conversation, 'markdown')
    expect(file).toMatchObject({ fileName: '김치찌개 a recipe.md', mimeType: 'text/markdown' })
    expect(file.content).toBe(
      [
        '# 김치찌개: a recipe?',
        'System prompt:\n\n> You are EXAONE.\n> Be brief.',
        '**You**',
        'How do I make 김치찌개?',
        '**EXAONE**',
        '<details>\n<summary>Reasoning</summary>\n\nA Korean stew.\n\n</details>',
        'Boil kimchi with pork.',
        '**You**',
        'And rice?',
        '**EXAONE**',
        'Rinse',
        '*(failed: The model engine stopped.)*'
      ].join('\n\n') + '\n'
    )
  })

  it('writes JSON that reads back as the same conversation', () => {
    const file = exportConversation(conversation, 'json')
    expect(file).toMatchObject({ fileName: '김치찌개 a recipe.json', mimeType: 'application/json' })
    expect(Conversation.parse(JSON.parse(file.content))).toEqual(conversation)
  })

  it('names an untitled conversation by its date', () => {
    expect(exportConversation({ ...conversation, title: '', messages: [] }, 'markdown')).toMatchObject({ fileName: 'EXAONE chat 2025-03-01.md' })
  })

  it.each([
    ['../../etc/passwd', 'etc passwd'],
    ['a\\b/c:d*e?f"g<h>i|j', 'a b c d e f g h i j'],
    ['tab\tand\nnewline\u0000', 'tab and newline'],
    ['...', 'EXAONE chat'],
    ['CON', 'EXAONE chat - CON'],
    ['lpt1.txt', 'EXAONE chat - lpt1.txt'],
    ['😀'.repeat(100), '😀'.repeat(80)]
  ])('makes %j a safe file name', (title, expected) => {
    expect(safeFileName(title)).toBe(expected)
  })
})
