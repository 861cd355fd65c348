import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormats from 'ajv-formats'

// The one file of @octokit/openapi we read: require()-ing the package loads all ten descriptions.
const DESCRIPTION = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@octokit/openapi/package.json')),
  'generated/api.github.com.json',
)
const ID = 'https://fake.github.test/openapi'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type JsonObject = { [key: string]: Json }

interface Operation {
  operationId?: string
  responses?: Record<string, JsonObject>
  requestBody?: { content?: { 'application/json'?: { schema?: Json } } }
}

interface Description {
  paths: Record<string, Record<string, Operation>>
  components: {
    schemas: Record<string, Json>
    responses: Record<string, JsonObject>
    examples: Record<string, { value?: Json }>
  }
}

/**
 * OpenAPI 3.0 schema → JSON Schema: `nullable: true` becomes a `null` type (or an anyOf with null
 * when the schema has no `type`, e.g. a `$ref` or `allOf`), and local `$ref`s point into the
 * registered description so ajv resolves them.
 */
export function toJsonSchema(schema: Json): Json {
  if (Array.isArray(schema)) return schema.map(toJsonSchema)
  if (schema === null || typeof schema !== 'object') return schema
  const out: JsonObject = {}
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'nullable' || key === 'example' || key === 'examples' || key === 'discriminator') continue
    if (key === '$ref' && typeof value === 'string' && value.startsWith('#/')) out[key] = `${ID}${value}`
    else if (key === 'properties' && value && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJsonSchema(v)]))
    } else out[key] = toJsonSchema(value)
  }
  if (schema.nullable !== true) return out
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null']
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null]
    return out
  }
  return { anyOf: [out, { type: 'null' }] }
}

/** GitHub's REST description, loaded once per test file, with a cache of compiled response validators. */
export class GithubOpenApi {
  readonly #description: Description
  readonly #ajv: Ajv
  readonly #cache = new Map<string, ValidateFunction>()

  constructor() {
    this.#description = JSON.parse(readFileSync(DESCRIPTION, 'utf8')) as Description
    this.#ajv = new Ajv({ strict: false, allErrors: true, logger: false })
    addFormats.default(this.#ajv)
    // OpenAPI-only formats: anything of the right type.
    for (const format of ['uri-template', 'int64', 'int32']) this.#ajv.addFormat(format, true)
    const components = toJsonSchema({ schemas: this.#description.components.schemas } as Json)
    this.#ajv.addSchema({ $id: ID, components } as object)
  }

  /**
   * The validator for `status`'s JSON body of `method path` (`path` as the description spells it,
   * `/repos/{owner}/{repo}/releases/latest`). A status the operation does not declare (a 403 or 429
   * rate limit, a 502 from the edge) is checked as GitHub's `basic-error`.
   */
  validator(method: string, path: string, status: number): ValidateFunction {
    const key = `${method} ${path} ${status}`
    const cached = this.#cache.get(key)
    if (cached) return cached
    const operation = this.#description.paths[path]?.[method]
    if (!operation)
      throw new Error(`the OpenAPI description has no operation ${method.toUpperCase()} ${path}`)
    let response = operation.responses?.[String(status)]
    const ref = response?.$ref
    if (typeof ref === 'string') response = this.#description.components.responses[ref.split('/').pop() ?? '']
    const content = response?.content as JsonObject | undefined
    const json = content?.['application/json'] as JsonObject | undefined
    const schema = json?.schema ?? (status >= 400 ? { $ref: '#/components/schemas/basic-error' } : undefined)
    if (schema === undefined) {
      throw new Error(`${method.toUpperCase()} ${path} declares no JSON body for HTTP ${status}`)
    }
    const validate = this.#ajv.compile(toJsonSchema(schema) as object)
    this.#cache.set(key, validate)
    return validate
  }

  /**
   * GitHub's own example of a component (`issue-comment`, `status`, `check-run`), deep-copied: the
   * fake's write routes build their answers from it, so every field GitHub sends is there.
   */
  example(name: string): JsonObject {
    const raw = this.#description.components.examples[name]?.value
    // A list example (`pull-request-simple-items`) gives its first item.
    const value = Array.isArray(raw) ? raw[0] : raw
    if (value === null || typeof value !== 'object' || Array.isArray(value))
      throw new Error(`the OpenAPI description has no object example ${name}`)
    return structuredClone(value)
  }

  /**
   * Validation errors of a request's JSON body for `method path`, or [] when it conforms: a client
   * that sends a field GitHub would reject (a bad `state`, a missing `head_sha`) fails the test.
   */
  checkRequest(method: string, path: string, body: unknown): string[] {
    const key = `request ${method} ${path}`
    let validate = this.#cache.get(key)
    if (!validate) {
      const schema =
        this.#description.paths[path]?.[method]?.requestBody?.content?.['application/json']?.schema
      if (schema === undefined)
        throw new Error(`${method.toUpperCase()} ${path} declares no JSON request body`)
      validate = this.#ajv.compile(toJsonSchema(schema) as object)
      this.#cache.set(key, validate)
    }
    if (validate(body)) return []
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`)
  }

  /** Validation errors of `body` as the response to `method path` with `status`, or [] when it conforms. */
  check(method: string, path: string, status: number, body: unknown): string[] {
    const validate = this.validator(method, path, status)
    if (validate(body)) return []
    return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}`)
  }
}
