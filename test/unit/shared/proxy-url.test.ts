/** The proxy setting's check and how its address is shown: what a person types, and what never shows. */
import { describe, expect, it } from 'vitest'
import { ProxyUrl, redactProxy } from '../../../src/shared/settings'

describe('the proxy address', () => {
  it.each(['http://proxy.example.com:8080', 'https://10.0.0.1:3128/', 'http://alice:s3cret@proxy:80', 'http://user:@[::1]:8080', ' http://proxy:1 ', ''])('takes %j', (typed) => {
    expect(ProxyUrl.safeParse(typed).success).toBe(true)
  })

  it.each(['proxy:8080', 'socks5://proxy:1080', 'http://proxy', 'http://proxy:0', 'http://proxy:65536', 'http://proxy:8080/path', 'http://a b:8080'])('refuses %j, saying what one looks like', (typed) => {
    const parsed = ProxyUrl.safeParse(typed)
    expect(parsed.success).toBe(false)
    expect(parsed.error?.issues[0]?.message).toContain('such as http://proxy.example.com:8080')
  })

  it('is saved trimmed, without a closing slash', () => {
    expect(ProxyUrl.parse(' https://10.0.0.1:3128/ ')).toBe('https://10.0.0.1:3128')
  })

  it('is shown without its password', () => {
    expect(redactProxy('http://alice:s3cret@proxy:8080')).toBe('http://alice:…@proxy:8080')
    expect(redactProxy('http://alice@proxy:8080')).toBe('http://alice@proxy:8080')
    expect(redactProxy('http://proxy:8080')).toBe('http://proxy:8080')
  })
})
