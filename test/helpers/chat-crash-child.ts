/**
 * A whole backend in its own process, sending a long message on a model, for the test that kills it mid-answer
 * (test/integration/chats.test.ts). Usage: node --import tsx chat-crash-child.ts <data folder> <model.gguf>
 * Prints {"chatId": ...} once the conversation exists; the test then waits for the answer to reach the disk.
 */
import { createBackend } from '../../src/backend/backend'

const [dataDir, modelPath] = process.argv.slice(2)
if (!dataDir || !modelPath) throw new Error('Usage: chat-crash-child.ts <data folder> <model.gguf>')

const backend = await createBackend({ dataDir, version: 'test' })
await backend.engine.load({ path: modelPath, contextSize: 4096 })
const chat = await backend.chats.create({ sampling: { temperature: 0, seed: 7, maxTokens: 3500 } })
process.stdout.write(`${JSON.stringify({ chatId: chat.id })}\n`)
await backend.chats.send(chat.id, 'Tell me a very long story.', 'crash-test')
process.stdout.write('The answer ended before the test killed this process.\n')
await backend.dispose()
