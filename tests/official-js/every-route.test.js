// Every route of the workflow through the official JavaScript SDK (@seamapi/http, pinned in
// package.json) used unchanged against fake-seam, driven by the table the Python suite reads
// (tests/official-calls.json): each operation of tests/endpoints.json called through the SDK's
// own method (camelCase names: seam.acs.users.listAccessibleEntrances), its answer checked,
// and what fake-seam saw: one request, the documented method, the path, the parameters
// (action attempts: plus the SDK's own polls of /action_attempts/get).
//
// Run: `npm ci && node --test` here, after `cargo build -p fake-seam` (FAKE_SEAM_BIN overrides
// the binary). No network beyond loopback.

import assert from 'node:assert/strict'
import { after, before, test } from 'node:test'

import { SeamActionAttemptFailedError, SeamHttp, SeamHttpApiError } from '@seamapi/http'

import {
  checkAnswer,
  control,
  countsSince,
  ENDPOINTS,
  jsName,
  methodOf,
  received,
  resolve,
  sentAsQuery,
  startFakeSeam,
  TABLE,
} from './support.js'

// axios (inside the SDK) would send loopback requests to a proxy named in the environment.
for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'all_proxy']) {
  delete process.env[name]
}
for (const name of ['SEAM_API_KEY', 'SEAM_PERSONAL_ACCESS_TOKEN', 'SEAM_WORKSPACE_ID', 'SEAM_ENDPOINT']) {
  delete process.env[name]
}

const API_KEY = 'seam_apikey1_token'
const ENDPOINT = new Map(ENDPOINTS.map((endpoint) => [endpoint.operation, endpoint]))
// The table's calls of the generated surface (an endpoint taken out of the selection is out of
// fake-seam too); the table must cover every one of them.
const CALLS = new Map(TABLE.calls.filter((call) => ENDPOINT.has(call.operation)).map((call) => [call.operation, call]))

let fake
before(async () => {
  fake = await startFakeSeam()
})
after(() => {
  fake?.child.kill()
})

const client = () => new SeamHttp({ apiKey: API_KEY, endpoint: fake.url })
const requests = async () => await control(fake.url, 'GET', '/_fake/requests')

async function run(seam, operation, params) {
  const method = methodOf(seam, operation)
  assert.ok(method, `the SDK has no method ${jsName(operation)}`)
  const answer = await method(params)
  // The answer as the API's JSON (what a user of the SDK gets is plain JSON values).
  return answer === undefined ? undefined : JSON.parse(JSON.stringify(answer))
}

async function setUp(seam, call) {
  const saved = {}
  for (const step of call.setup ?? []) {
    const answer = await run(seam, step.operation, resolve(step.params, saved))
    if (step.save) saved[step.save] = answer
  }
  return saved
}

test('the table has every endpoint once', () => {
  const operations = TABLE.calls.map((call) => call.operation)
  assert.equal(new Set(operations).size, operations.length)
  assert.deepEqual([...ENDPOINT.keys()].filter((operation) => !operations.includes(operation)), [])
})

test('the SDK has a method for every endpoint', () => {
  const seam = new SeamHttp({ apiKey: API_KEY, endpoint: 'http://127.0.0.1:9' })
  const missing = [...ENDPOINT.keys()].filter((operation) => methodOf(seam, operation) === undefined)
  // The table says where an SDK has no method; for @seamapi/http 2.32.0 there is none.
  const declared = TABLE.calls.filter((call) => call.no_method?.js).map((call) => call.operation)
  assert.deepEqual(missing.sort(), declared.sort())
})

for (const [operation, call] of CALLS) {
  const endpoint = ENDPOINT.get(operation)
  test(`${operation} (seam.${jsName(operation)})`, async () => {
    await control(fake.url, 'POST', '/_fake/reset')
    const seam = client()
    const saved = await setUp(seam, call)

    const params = resolve(call.params, saved)
    const { counts: before } = await requests()
    const answer = await run(seam, operation, params)
    const seen = await requests()
    checkAnswer(assert, answer, call.expect, saved, operation)
    saved.result = answer

    // What fake-seam saw: the documented method on the route's path, once.
    const sent = countsSince(before, seen.counts)
    let polls = 0
    if (endpoint.action_attempt) {
      polls = sent['GET /action_attempts/get'] ?? 0
      delete sent['GET /action_attempts/get']
    }
    assert.deepEqual(sent, { [`${endpoint.method} ${endpoint.path}`]: 1 })
    if (endpoint.action_attempt) {
      assert.ok(polls >= 1, "the SDK's wait polled the attempt")
    } else {
      assert.equal(polls, 0)
      const { last } = seen
      assert.deepEqual([last.method, last.path], [endpoint.method, endpoint.path])
      const got = received(last)
      if (last.method === 'GET' || last.method === 'DELETE') {
        // The JavaScript SDK, like the Python one, adds `_strict=true` to a query with parameters.
        const strict = got._strict
        delete got._strict
        assert.deepEqual(strict, Object.keys(params).length > 0 ? ['true'] : undefined)
        assert.deepEqual(got, sentAsQuery(params))
      } else {
        assert.deepEqual(got, params)
      }
      assert.equal(last.headers['seam-sdk-name'], 'seamapi/javascript-http')
    }

    for (const then of call.then ?? []) {
      const thenParams = resolve(then.params, saved)
      const where = `${operation}, then ${then.operation}`
      if (then.raises?.action_attempt_failed) {
        await assert.rejects(run(seam, then.operation, thenParams), (error) => {
          assert.ok(error instanceof SeamActionAttemptFailedError, `${where}: ${error}`)
          assert.equal(error.code, then.raises.action_attempt_failed, where)
          return true
        })
      } else if (then.raises) {
        await assert.rejects(run(seam, then.operation, thenParams), (error) => {
          assert.ok(error instanceof SeamHttpApiError, `${where}: ${error}`)
          assert.deepEqual([error.statusCode, error.code], [then.raises.status, then.raises.code], where)
          return true
        })
      } else {
        checkAnswer(assert, await run(seam, then.operation, thenParams), then.expect, saved, where)
      }
    }
  })
}

for (const [operation, call] of CALLS) {
  const endpoint = ENDPOINT.get(operation)
  if (!endpoint.paginated) continue
  test(`${operation}: the SDK's paginator walks every page`, async () => {
    await control(fake.url, 'POST', '/_fake/reset')
    const seam = client()
    const saved = await setUp(seam, call)
    const params = resolve(call.params, saved)
    const everything = await run(seam, operation, params)
    assert.ok(everything.length > 0, `${operation}: the table's call lists nothing to page through`)

    const list = methodOf(seam, operation)
    const { counts: before } = await requests()
    const paginator = seam.createPaginator(list({ ...params, limit: 1 }))
    let [page, pagination] = await paginator.firstPage()
    const pages = [page]
    while (pagination.hasNextPage) {
      assert.ok(pagination.nextPageUrl.startsWith(`${fake.url}${endpoint.path}?`))
      ;[page, pagination] = await paginator.nextPage(pagination.nextPageCursor)
      pages.push(page)
    }
    const { counts: after } = await requests()
    assert.deepEqual(countsSince(before, after), { [`${endpoint.method} ${endpoint.path}`]: pages.length })
    assert.deepEqual(pages.map((p) => p.length), everything.map(() => 1))
    assert.deepEqual(JSON.parse(JSON.stringify(pages.flat())), everything)
    const flat = await seam.createPaginator(list({ ...params, limit: 2 })).flattenToArray()
    assert.deepEqual(JSON.parse(JSON.stringify(flat)), everything)
  })
}
