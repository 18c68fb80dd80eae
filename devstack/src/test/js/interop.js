'use strict'
// Drives the standard Confluent schema-registry client for Node against a registry URL, for
// ConfluentJsClientIT. Output is one JSON document on stdout.
//
//   node interop.js encode <registryUrl> <subject> <schemaFile> <recordJsonFile>
//        registers the schema under the subject, encodes the record: {"id": n, "hex": "00..."}
//   node interop.js decode <registryUrl> <hex>
//        decodes Confluent wire-format bytes, fetching the writer schema by id: the record
//
// Avro bytes values travel through JSON as {"$bytes": "<base64>"}.
const fs = require('fs')
const { SchemaRegistry, SchemaType } = require('@kafkajs/confluent-schema-registry')

function fromJson(value) {
  if (Array.isArray(value)) return value.map(fromJson)
  if (value && typeof value === 'object') {
    const keys = Object.keys(value)
    if (keys.length === 1 && keys[0] === '$bytes') return Buffer.from(value.$bytes, 'base64')
    const out = {}
    for (const k of keys) out[k] = fromJson(value[k])
    return out
  }
  return value
}

function toJson(value) {
  if (Buffer.isBuffer(value)) return { $bytes: value.toString('base64') }
  if (Array.isArray(value)) return value.map(toJson)
  if (value && typeof value === 'object') {
    const out = {}
    for (const k of Object.keys(value)) out[k] = toJson(value[k])
    return out
  }
  return value
}

async function main() {
  const [command, host, ...args] = process.argv.slice(2)
  const registry = new SchemaRegistry({ host, clientId: 'fiso-interop' })
  if (command === 'encode') {
    const [subject, schemaFile, recordFile] = args
    const schema = fs.readFileSync(schemaFile, 'utf8')
    const { id } = await registry.register({ type: SchemaType.AVRO, schema }, { subject })
    const record = fromJson(JSON.parse(fs.readFileSync(recordFile, 'utf8')))
    const bytes = await registry.encode(id, record)
    process.stdout.write(JSON.stringify({ id, hex: bytes.toString('hex') }))
  } else if (command === 'decode') {
    const value = await registry.decode(Buffer.from(args[0], 'hex'))
    process.stdout.write(JSON.stringify(toJson(value)))
  } else {
    throw new Error(`unknown command '${command}': use encode or decode`)
  }
}

main().catch((error) => {
  console.error((error && error.stack) || error)
  process.exit(1)
})
