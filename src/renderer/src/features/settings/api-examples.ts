/** The "copy example" snippets of Settings > API server: one request, as curl, Python and JavaScript write it. */
export type ExampleLanguage = 'curl' | 'python' | 'javascript'

export function apiExample(language: ExampleLanguage, baseUrl: string, model: string, needsKey: boolean): string {
  const key = needsKey ? 'YOUR_API_KEY' : 'none'
  switch (language) {
    case 'curl':
      return [
        `curl ${baseUrl}/chat/completions \\`,
        `  -H "Content-Type: application/json" \\`,
        ...(needsKey ? [`  -H "Authorization: Bearer ${key}" \\`] : []),
        `  -d '{"model": "${model}", "messages": [{"role": "user", "content": "Hello!"}], "stream": true}'`
      ].join('\n')
    case 'python':
      return `from openai import OpenAI

client = OpenAI(base_url="${baseUrl}", api_key="${key}")
stream = client.chat.completions.create(
    model="${model}",
    messages=[{"role": "user", "content": "Hello!"}],
    stream=True,
)
for chunk in stream:
    if chunk.choices and chunk.choices[0].delta.content:
        print(chunk.choices[0].delta.content, end="", flush=True)`
    case 'javascript':
      return `import OpenAI from 'openai'

const client = new OpenAI({ baseURL: '${baseUrl}', apiKey: '${key}' })
const stream = await client.chat.completions.create({
  model: '${model}',
  messages: [{ role: 'user', content: 'Hello!' }],
  stream: true
})
for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta.content ?? '')`
  }
}
