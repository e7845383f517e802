/**
 * The conversation list with many chats: searching once the summaries are cached (what the sidebar does on each
 * key press), against, in the same run, the first listing that reads every file, and a bare read of every file
 * with a plain substring search (the floor for not caching). The test suite used to assert the cached search
 * stays under a second; that target is here now.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ConversationStore } from '../src/backend/services/chats/conversation-store'
import { question } from '../src/backend/services/chats/history'
import { type Figure, median } from './figure'

const settings = { systemPrompt: '', reasoning: false, sampling: {} }

export async function benchChatList(count = 400, rounds = 5): Promise<Figure[]> {
  const folder = await mkdtemp(join(tmpdir(), 'exaone-bench-chats-'))
  try {
    await Promise.all(
      Array.from({ length: count }, (_, index) => {
        const at = new Date(Date.UTC(2024, 0, 1, 0, 0, index)).toISOString()
        const lines = [
          { type: 'created', v: 1, id: `c${index}`, at, title: '', settings },
          { type: 'message', at, message: question(`Question number ${index} ${'and some words '.repeat(20)}`, at) }
        ]
        return writeFile(join(folder, `c${index}.jsonl`), lines.map((line) => `${JSON.stringify(line)}\n`).join(''))
      })
    )
    const firstList: number[] = []
    const cachedSearch: number[] = []
    const bareScan: number[] = []
    for (let round = 0; round < rounds; round++) {
      const store = await ConversationStore.open(folder)
      let started = performance.now()
      if ((await store.list()).length !== count) throw new Error('The store did not list every conversation')
      firstList.push(performance.now() - started)

      started = performance.now()
      if ((await store.list('number 17 and')).length !== 1) throw new Error('The search found the wrong conversations')
      cachedSearch.push(performance.now() - started)

      started = performance.now()
      const names = await readdir(folder)
      const texts = await Promise.all(names.map((name) => readFile(join(folder, name), 'utf8')))
      if (texts.filter((text) => text.includes('number 17 and')).length !== 1) throw new Error('The bare scan found the wrong files')
      bareScan.push(performance.now() - started)
    }
    return [
      { name: `chats.firstListMs (${count} files)`, value: median(firstList), unit: 'ms' },
      { name: 'chats.bareScanMs (readdir + read all + includes)', value: median(bareScan), unit: 'ms' },
      { name: 'chats.cachedSearchMs (target < 1000)', value: median(cachedSearch), unit: 'ms' },
      { name: 'chats.cachedSearchVsBareScan', value: median(cachedSearch) / median(bareScan), unit: 'x', baseline: 'chats.bareScanMs (readdir + read all + includes)' },
      { name: 'chats.cachedSearchVsFirstList', value: median(cachedSearch) / median(firstList), unit: 'x', baseline: `chats.firstListMs (${count} files)` }
    ]
  } finally {
    await rm(folder, { recursive: true, force: true })
  }
}
