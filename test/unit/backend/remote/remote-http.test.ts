/** The pure parts of talking to a remote server: addresses, what counts as this machine, errors in words, Retry-After. */
import { describe, expect, it } from 'vitest'
import { checkTransport, describeNetworkError, httpError, isLoopbackHost, normaliseBaseUrl, retryAfterSeconds, serverMessage } from '../../../../src/backend/services/remote/remote-http'
import { failure } from '../../../helpers/failure'

const timeouts = { connectMs: 10_000, listMs: 15_000 }
const target = { name: 'GPU box', baseUrl: 'http://gpu:8000/v1', allowInsecureHttp: false }

describe('normaliseBaseUrl', () => {
  it('adds /v1 to a bare address and keeps a given path, without trailing slashes', () => {
    expect(normaliseBaseUrl('http://gpu-box:8000')).toBe('http://gpu-box:8000/v1')
    expect(normaliseBaseUrl(' http://gpu-box:8000/ ')).toBe('http://gpu-box:8000/v1')
    expect(normaliseBaseUrl('https://api.example.com/openai/v1/')).toBe('https://api.example.com/openai/v1')
    expect(normaliseBaseUrl('http://[::1]:4558/v1')).toBe('http://[::1]:4558/v1')
  })
})

describe('isLoopbackHost and checkTransport', () => {
  it('counts localhost, 127/8 and ::1 as this machine, nothing else', () => {
    for (const host of ['localhost', 'LOCALHOST', 'api.localhost', '127.0.0.1', '127.1.2.3', '[::1]', '::1']) expect(isLoopbackHost(host)).toBe(true)
    for (const host of ['10.0.0.2', '192.168.1.10', 'gpu-box', '127.0.0.1.example.com', '::ffff:10.0.0.1']) expect(isLoopbackHost(host)).toBe(false)
  })

  it('refuses plain http to another machine unless allowed; https and loopback pass', async () => {
    expect(await failure(Promise.resolve().then(() => checkTransport(target)))).toMatchObject({ code: 'remote-insecure', engineName: 'GPU box' })
    expect(() => checkTransport({ ...target, allowInsecureHttp: true })).not.toThrow()
    expect(() => checkTransport({ ...target, baseUrl: 'https://gpu:8000/v1' })).not.toThrow()
    expect(() => checkTransport({ ...target, baseUrl: 'http://127.0.0.1:8000/v1' })).not.toThrow()
  })
})

describe('describeNetworkError', () => {
  it.each([
    ['ECONNREFUSED', 'remote-unreachable', /refused/],
    ['ENOTFOUND', 'remote-unreachable', /cannot be found/],
    ['EHOSTUNREACH', 'remote-unreachable', /cannot be reached/],
    ['UND_ERR_SOCKET', 'remote-unreachable', /closed the connection/],
    ['UND_ERR_CONNECT_TIMEOUT', 'remote-timeout', /within 10 s/],
    ['UND_ERR_HEADERS_TIMEOUT', 'remote-timeout', /within 15 s/],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'remote-tls', /self-signed/],
    ['SELF_SIGNED_CERT_IN_CHAIN', 'remote-tls', /self-signed/],
    ['CERT_HAS_EXPIRED', 'remote-tls', /not valid now/],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'remote-tls', /another name/],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'remote-tls', /does not speak https/],
    ['ERR_SSL_SOMETHING_NEW', 'remote-tls', /ERR_SSL_SOMETHING_NEW/],
    [undefined, 'remote-unreachable', /could not be reached/]
  ])('%s is %s, with a fix', (code, expected, message) => {
    const described = describeNetworkError(code, 'gpu:8000', timeouts)
    expect(described.code).toBe(expected)
    expect(described.message).toMatch(message)
    expect(described.hint).toBeTruthy()
  })
})

describe('HTTP statuses', () => {
  it('says who refused which key, what is not an API, and when a busy server wants to be asked again', () => {
    expect(httpError({ ...target, apiKey: 'k' }, 401, 'bad key')).toMatchObject({ code: 'remote-unauthorized', engineName: 'GPU box', message: 'GPU box refused the API key (HTTP 401).' })
    expect(httpError(target, 403, undefined).message).toBe('GPU box needs an API key (HTTP 403).')
    expect(httpError(target, 404, undefined).code).toBe('remote-not-openai')
    expect(httpError(target, 429, 'slow down', 30)).toMatchObject({ code: 'remote-busy', retryAfterSeconds: 30, hint: 'It asks to try again in 30 s.' })
    expect(httpError(target, 400, 'too long').message).toBe('GPU box refused the request (HTTP 400): too long.')
    expect(httpError(target, 500, undefined).code).toBe('remote-bad-response')
  })

  it('reads Retry-After as seconds or a date', () => {
    expect(retryAfterSeconds('5')).toBe(5)
    expect(retryAfterSeconds(['7'])).toBe(7)
    expect(retryAfterSeconds('Tue, 01 Dec 2026 10:00:30 GMT', Date.parse('2026-12-01T10:00:00Z'))).toBe(30)
    expect(retryAfterSeconds('Tue, 01 Dec 2026 09:00:00 GMT', Date.parse('2026-12-01T10:00:00Z'))).toBe(0)
    expect(retryAfterSeconds(undefined)).toBeUndefined()
    expect(retryAfterSeconds('soon')).toBeUndefined()
  })

  it('finds the message in each server’s error body', () => {
    expect(serverMessage('{"error":{"message":"m","type":"x"}}')).toBe('m')
    expect(serverMessage('{"error":"plain"}')).toBe('plain')
    expect(serverMessage('{"detail":"fastapi"}')).toBe('fastapi')
    expect(serverMessage('{"object":"error","message":"vllm"}')).toBe('vllm')
    expect(serverMessage('Service Unavailable')).toBe('Service Unavailable')
    expect(serverMessage('<html><body>502</body></html>')).toBeUndefined()
  })
})
