// What the JavaScript suite needs besides the SDK: fake-seam, its control routes, and the
// table of every route (tests/official-calls.json), read by the same rules as
// tests/official-python/official_support.py.

import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import path from 'node:path'

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
const FAKE_SEAM_BIN =
  process.env.FAKE_SEAM_BIN ?? path.join(REPO_ROOT, 'target', 'debug', 'fake-seam')
export const TABLE = JSON.parse(readFileSync(path.join(REPO_ROOT, 'tests', 'official-calls.json'), 'utf8'))
export const ENDPOINTS = JSON.parse(readFileSync(path.join(REPO_ROOT, 'tests', 'endpoints.json'), 'utf8')).cases
export const IDS = TABLE.ids

/** fake-seam on a free port: { child, url }. */
export async function startFakeSeam() {
  const child = spawn(FAKE_SEAM_BIN, ['--port', '0'], { stdio: ['ignore', 'pipe', 'inherit'] })
  const failed = new Promise((_, reject) => {
    child.once('error', (error) => reject(new Error(`cannot start fake-seam (${FAKE_SEAM_BIN}): ${error.message}`)))
    child.once('exit', (code) => reject(new Error(`fake-seam exited with ${code} before printing its URL`)))
  })
  const lines = createInterface({ input: child.stdout })
  const [url] = await Promise.race([lines[Symbol.asyncIterator]().next().then((r) => [r.value]), failed])
  lines.close()
  if (!url?.startsWith('http://127.0.0.1:')) throw new Error(`fake-seam printed ${url}`)
  return { child, url }
}

/** A control route of fake-seam (never through a proxy: Node's fetch uses none). */
export async function control(url, method, route, body) {
  const response = await fetch(url + route, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!response.ok) throw new Error(`${method} ${route}: ${response.status}`)
  return await response.json()
}

/** The SDK's method for an operation: seam.acs.users.listAccessibleEntrances for
 * acs.users.list_accessible_entrances (each name in camelCase). */
export function methodOf(seam, operation) {
  const names = operation.split('.').map((name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase()))
  let target = seam
  for (const name of names.slice(0, -1)) {
    target = target?.[name]
  }
  const method = target?.[names.at(-1)]
  if (typeof method !== 'function') return undefined
  return method.bind(target)
}

export const jsName = (operation) =>
  operation.split('.').map((name) => name.replace(/_([a-z])/g, (_, c) => c.toUpperCase())).join('.')

/** The value at a dotted path (list positions are numbers); a missing member is null. */
export function at(value, dotted) {
  for (const part of dotted.split('.')) {
    if (value == null || typeof value !== 'object') return null
    value = Array.isArray(value) ? (/^\d+$/.test(part) ? value[Number(part)] : undefined) : value[part]
  }
  return value === undefined ? null : value
}

/** The table's value with its '$NAME' and '$saved.path' strings replaced. */
export function resolve(value, saved) {
  if (typeof value === 'string' && value.startsWith('$')) {
    const [name, ...rest] = value.slice(1).split('.')
    if (rest.length === 0) {
      if (!(name in IDS)) throw new Error(`${value}: no such id`)
      return IDS[name]
    }
    if (!(name in saved)) throw new Error(`${value}: nothing was saved as ${name}`)
    const found = at(saved[name], rest.join('.'))
    if (found == null) throw new Error(`${value}: ${name} has no ${rest.join('.')}`)
    return found
  }
  if (Array.isArray(value)) return value.map((item) => resolve(item, saved))
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, saved)]))
  }
  return value
}

/** Throws unless an answer is what the table expects. */
export function checkAnswer(assert, answer, expect, saved, where) {
  expect = resolve(expect, saved)
  if (expect.returns === 'nothing') {
    assert.equal(answer, undefined, `${where}: expected nothing`)
    return
  }
  let items
  if (expect.returns === 'object') {
    assert.ok(answer !== null && typeof answer === 'object' && !Array.isArray(answer), `${where}: expected an object`)
    items = [answer]
  } else {
    assert.ok(Array.isArray(answer), `${where}: expected a list`)
    items = answer
    const got = items.map((item) => at(item, expect.id ?? ''))
    if ('ids' in expect) assert.deepEqual(got, expect.ids, where)
    if ('contains' in expect) {
      for (const id of expect.contains) assert.ok(got.includes(id), `${where}: ${id} is not listed`)
    }
    if ('length' in expect) assert.equal(items.length, expect.length, where)
  }
  const fields = (expect.returns === 'object' ? expect.fields : expect.each) ?? {}
  for (const item of items) {
    for (const [dotted, value] of Object.entries(fields)) {
      assert.deepEqual(at(item, dotted), value, `${where}: ${dotted}`)
    }
    for (const dotted of expect.has ?? []) {
      assert.notEqual(at(item, dotted), null, `${where}: ${dotted} is missing`)
    }
    for (const [dotted, value] of Object.entries(expect.differs ?? {})) {
      assert.notDeepEqual(at(item, dotted), value, `${where}: ${dotted} is still ${value}`)
    }
  }
}

/** The query pairs an SDK should send for these parameters (arrays repeated). */
export function sentAsQuery(params) {
  return Object.fromEntries(
    Object.entries(params).map(([name, value]) => [name, (Array.isArray(value) ? value : [value]).map(String)]),
  )
}

/** What fake-seam received in its last request: the query of a GET or DELETE, the JSON body
 * otherwise. */
export function received(last) {
  if (last.method === 'GET' || last.method === 'DELETE') {
    const out = {}
    for (const [name, value] of new URL(last.target, 'http://x').searchParams) {
      ;(out[name] ??= []).push(value)
    }
    return out
  }
  return last.body ? JSON.parse(last.body) : {}
}

/** The requests fake-seam counted between two reads of /_fake/requests. */
export function countsSince(before, after) {
  const diff = {}
  for (const [key, count] of Object.entries(after)) {
    if (count !== (before[key] ?? 0)) diff[key] = count - (before[key] ?? 0)
  }
  return diff
}
