#!/usr/bin/env node
// Generates src/v3/proto/schema.ts from our .proto files: message descriptors in field-number order, enum
// values, the method table and TypeScript interfaces for every message. The codec interprets the
// descriptors at run time, so neither protobufjs nor grpc-js is needed to encode or decode.
//
// Only the subset our files use is understood: package, import, message (with nested messages and
// enums, oneof, repeated), enum, service/rpc with stream markers. Options are parsed and ignored, but for
// [packed = …] and, in proto2 files, [nullable = false]: the proto2 messages are etcd's on-disk records,
// marshalled by gogo-protobuf, where a non-nullable field is written every time (presence 'always') and
// any other optional field exactly when it is set (presence 'explicit').
//
//   node scripts/gen-proto.mjs           rewrite schema.ts
//   node scripts/gen-proto.mjs --check   exit 1 when schema.ts is not what the .proto files produce
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PROTO_DIR = join(ROOT, 'src/v3/proto');
// etcd's core API first, then every other .proto beside it (lock and election services).
const MAIN_FILE = 'etcd.proto';
const OUTPUT = join(PROTO_DIR, 'schema.ts');

const SCALARS = new Map([
  ['double', 1], ['float', 5], ['int64', 0], ['uint64', 0], ['int32', 0], ['fixed64', 1], ['fixed32', 5],
  ['bool', 0], ['string', 2], ['bytes', 2], ['uint32', 0], ['sfixed32', 5], ['sfixed64', 1],
  ['sint32', 0], ['sint64', 0],
]);
const LENGTH_DELIMITED = 2;
const VARINT = 0;

// ---------- lexing ----------

function tokenize(text, file) {
  const tokens = [];
  const re = /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'|([A-Za-z_][A-Za-z0-9_.]*)|(-?\d+)|([{}()<>=;,[\]])/y;
  let line = 1;
  while (re.lastIndex < text.length) {
    const start = re.lastIndex;
    const m = re.exec(text);
    if (!m) throw new Error(`${file}:${line}: cannot read ${JSON.stringify(text.slice(start, start + 20))}`);
    if (m[1] !== undefined || m[2] !== undefined) tokens.push({ kind: 'string', value: m[1] ?? m[2], line });
    else if (m[3] !== undefined) tokens.push({ kind: 'ident', value: m[3], line });
    else if (m[4] !== undefined) tokens.push({ kind: 'number', value: m[4], line });
    else if (m[5] !== undefined) tokens.push({ kind: 'punct', value: m[5], line });
    line += (m[0].match(/\n/g) ?? []).length;
  }
  return tokens;
}

class Parser {
  constructor(tokens, file) {
    this.tokens = tokens;
    this.file = file;
    this.i = 0;
  }

  peek() {
    return this.tokens[this.i];
  }

  fail(message) {
    const tok = this.peek();
    throw new Error(`${this.file}:${tok ? tok.line : 'EOF'}: ${message}`);
  }

  next() {
    const tok = this.tokens[this.i++];
    if (!tok) this.fail('unexpected end of file');
    return tok;
  }

  accept(value) {
    const tok = this.peek();
    if (tok && tok.kind !== 'string' && tok.value === value) {
      this.i++;
      return true;
    }
    return false;
  }

  expect(value) {
    if (!this.accept(value)) this.fail(`expected "${value}", found "${this.peek()?.value}"`);
  }

  ident() {
    const tok = this.next();
    if (tok.kind !== 'ident') this.fail(`expected a name, found "${tok.value}"`);
    return tok.value;
  }

  integer() {
    const tok = this.next();
    if (tok.kind !== 'number') this.fail(`expected a number, found "${tok.value}"`);
    return Number(tok.value);
  }

  string() {
    const tok = this.next();
    if (tok.kind !== 'string') this.fail(`expected a string, found "${tok.value}"`);
    return tok.value;
  }

  /** Skips `option ... ;` or a bracketed `[ ... ]` / braced `{ ... }` block, nesting included. */
  skipBalanced(open, close) {
    let depth = 0;
    do {
      const tok = this.next();
      if (tok.value === open) depth++;
      else if (tok.value === close) depth--;
    } while (depth > 0);
  }

  skipStatement() {
    while (!this.accept(';')) {
      if (this.peek()?.value === '{') this.skipBalanced('{', '}');
      else this.next();
    }
  }
}

// ---------- parsing ----------

function parseFile(file, registry, seen) {
  if (seen.has(file)) return;
  seen.add(file);
  const p = new Parser(tokenize(readFileSync(join(PROTO_DIR, file), 'utf8'), file), file);
  let pkg = '';
  let syntax = 'proto3';
  while (p.peek()) {
    const word = p.ident();
    switch (word) {
      case 'syntax': {
        p.expect('=');
        syntax = p.string();
        if (syntax !== 'proto3' && syntax !== 'proto2') p.fail(`only proto3 and proto2 are supported, not ${syntax}`);
        p.expect(';');
        break;
      }
      case 'package':
        pkg = p.ident();
        p.expect(';');
        break;
      case 'import':
        parseFile(p.string(), registry, seen);
        p.expect(';');
        break;
      case 'option':
        p.skipStatement();
        break;
      case 'message':
        parseMessage(p, pkg, pkg, registry, syntax);
        break;
      case 'enum':
        parseEnum(p, pkg, registry);
        break;
      case 'service':
        parseService(p, pkg, registry);
        break;
      default:
        p.fail(`unexpected "${word}"`);
    }
  }
}

function qualify(scope, name) {
  return scope ? `${scope}.${name}` : name;
}

function parseMessage(p, pkg, scope, registry, syntax) {
  const fullName = qualify(scope, p.ident());
  const message = { fullName, pkg, scope, syntax, fields: [] };
  registry.messages.set(fullName, message);
  p.expect('{');
  while (!p.accept('}')) {
    if (p.accept(';')) continue;
    const word = p.peek().value;
    if (word === 'message') {
      p.next();
      parseMessage(p, pkg, fullName, registry, syntax);
    } else if (word === 'enum') {
      p.next();
      parseEnum(p, fullName, registry);
    } else if (word === 'oneof') {
      p.next();
      const oneof = p.ident();
      p.expect('{');
      while (!p.accept('}')) {
        if (p.accept('option')) p.skipStatement();
        else message.fields.push(parseField(p, oneof, 'oneof'));
      }
    } else if (word === 'option' || word === 'reserved' || word === 'extensions') {
      p.skipStatement();
    } else if (word === 'map' || word === 'required' || word === 'group' || (word === 'optional' && syntax === 'proto3')) {
      p.fail(`"${word}" fields are not supported`);
    } else {
      const label = p.accept('repeated') ? 'repeated' : p.accept('optional') ? 'optional' : 'implicit';
      if (syntax === 'proto2' && label === 'implicit') p.fail('a proto2 field needs a label');
      message.fields.push(parseField(p, undefined, label));
    }
  }
}

function parseField(p, oneof, label) {
  const typeName = p.ident();
  const name = p.ident();
  p.expect('=');
  const number = p.integer();
  let packedOption;
  let nullableOption;
  if (p.peek()?.value === '[') {
    // Only [packed = ...] and [nullable = ...] change the encoding; other field options are accepted and ignored.
    const start = p.i;
    p.skipBalanced('[', ']');
    const opts = p.tokens.slice(start, p.i).map((t) => t.value);
    const option = (key) => (opts.includes(key) ? opts[opts.indexOf(key) + 2] === 'true' : undefined);
    packedOption = option('packed');
    nullableOption = option('nullable');
    if (nullableOption !== undefined && label !== 'optional') p.fail(`${name}: [nullable] applies to proto2 optional fields only`);
  }
  p.expect(';');
  return { typeName, name, number, repeated: label === 'repeated', optional: label === 'optional', oneof, packedOption, nullableOption };
}

function parseEnum(p, scope, registry) {
  const fullName = qualify(scope, p.ident());
  const values = [];
  p.expect('{');
  while (!p.accept('}')) {
    if (p.accept(';')) continue;
    if (p.accept('option') || p.accept('reserved')) {
      p.skipStatement();
      continue;
    }
    const name = p.ident();
    p.expect('=');
    const number = p.integer();
    if (p.peek()?.value === '[') p.skipBalanced('[', ']');
    p.expect(';');
    values.push({ name, number });
  }
  registry.enums.set(fullName, { fullName, values });
}

function parseService(p, pkg, registry) {
  const service = p.ident();
  p.expect('{');
  while (!p.accept('}')) {
    if (p.accept(';')) continue;
    if (p.accept('option')) {
      p.skipStatement();
      continue;
    }
    p.expect('rpc');
    const method = p.ident();
    p.expect('(');
    const clientStreaming = p.accept('stream');
    const request = p.ident();
    p.expect(')');
    p.expect('returns');
    p.expect('(');
    const serverStreaming = p.accept('stream');
    const response = p.ident();
    p.expect(')');
    if (p.peek()?.value === '{') p.skipBalanced('{', '}');
    else p.expect(';');
    registry.methods.push({ pkg, service, method, request, response, clientStreaming, serverStreaming });
  }
}

// ---------- resolution ----------

/** Protobuf scoping: the innermost enclosing scope that defines the name wins. */
function resolveType(registry, scope, name) {
  if (name.startsWith('.')) return lookup(registry, name.slice(1));
  const parts = scope ? scope.split('.') : [];
  for (let n = parts.length; n >= 0; n--) {
    const found = lookup(registry, qualify(parts.slice(0, n).join('.'), name));
    if (found) return found;
  }
  return undefined;
}

function lookup(registry, fullName) {
  if (registry.messages.has(fullName)) return { kind: 'message', fullName };
  if (registry.enums.has(fullName)) return { kind: 'enum', fullName };
  return undefined;
}

function describeField(registry, message, field) {
  const base = { name: field.name, number: field.number, repeated: field.repeated, oneof: field.oneof };
  if (field.optional) base.presence = field.nullableOption === false ? 'always' : 'explicit';
  // proto3 packs repeated numbers unless told not to; proto2 only when told to.
  const packedByDefault = message.syntax === 'proto3' ? field.packedOption !== false : field.packedOption === true;
  const wire = SCALARS.get(field.typeName);
  if (wire !== undefined) {
    const packable = wire !== LENGTH_DELIMITED;
    return { ...base, kind: field.typeName, wireType: wire, packed: field.repeated && packable && packedByDefault };
  }
  const target = resolveType(registry, message.fullName, field.typeName);
  if (!target) throw new Error(`${message.fullName}.${field.name}: unknown type ${field.typeName}`);
  if (target.kind === 'enum') {
    return { ...base, kind: 'enum', wireType: VARINT, packed: field.repeated && packedByDefault, enumType: target.fullName };
  }
  return { ...base, kind: 'message', wireType: LENGTH_DELIMITED, packed: false, messageType: target.fullName };
}

function checkMessage(message, fields) {
  const numbers = new Set();
  const names = new Set();
  for (const f of fields) {
    if (f.number < 1 || f.number > 536870911 || (f.number >= 19000 && f.number <= 19999)) {
      throw new Error(`${message.fullName}.${f.name}: invalid field number ${f.number}`);
    }
    if (numbers.has(f.number)) throw new Error(`${message.fullName}: field number ${f.number} used twice`);
    if (names.has(f.name)) throw new Error(`${message.fullName}: field ${f.name} declared twice`);
    if (f.oneof && f.repeated) throw new Error(`${message.fullName}.${f.name}: a oneof member cannot be repeated`);
    numbers.add(f.number);
    names.add(f.name);
  }
}

/** `pkg.Outer.Inner` → `Outer_Inner`: the TypeScript name of a message or enum. */
function tsName(registry, fullName) {
  const owner = registry.messages.get(fullName) ?? registry.enums.get(fullName);
  const pkg = owner.pkg ?? packageOf(registry, fullName);
  return fullName.slice(pkg.length + 1).replace(/\./g, '_');
}

function packageOf(registry, fullName) {
  let scope = fullName.slice(0, fullName.lastIndexOf('.'));
  while (registry.messages.has(scope)) scope = scope.slice(0, scope.lastIndexOf('.'));
  return scope;
}

function build() {
  const registry = { messages: new Map(), enums: new Map(), methods: [] };
  const seen = new Set();
  const others = readdirSync(PROTO_DIR).filter((f) => f.endsWith('.proto') && f !== MAIN_FILE).sort();
  for (const file of [MAIN_FILE, ...others]) parseFile(file, registry, seen);
  for (const e of registry.enums.values()) e.pkg = packageOf(registry, e.fullName);

  const messages = [...registry.messages.values()].map((m) => {
    const fields = m.fields.map((f) => describeField(registry, m, f)).sort((a, b) => a.number - b.number);
    checkMessage(m, fields);
    return { ...m, fields, ts: tsName(registry, m.fullName) };
  });
  const enums = [...registry.enums.values()].map((e) => ({ ...e, ts: tsName(registry, e.fullName) }));

  const tsNames = new Set();
  for (const t of [...messages, ...enums]) {
    if (tsNames.has(t.ts)) throw new Error(`two types would be called ${t.ts} in TypeScript`);
    tsNames.add(t.ts);
  }

  const methods = registry.methods.map((m) => {
    const req = resolveType(registry, m.pkg, m.request);
    const res = resolveType(registry, m.pkg, m.response);
    if (req?.kind !== 'message' || res?.kind !== 'message') throw new Error(`${m.service}.${m.method}: unknown message type`);
    return { ...m, key: `${m.service}.${m.method}`, path: `/${m.pkg}.${m.service}/${m.method}`, requestType: req.fullName, responseType: res.fullName };
  });
  const keys = new Set();
  for (const m of methods) {
    if (keys.has(m.key)) throw new Error(`method ${m.key} defined twice`);
    keys.add(m.key);
  }
  return { messages, enums, methods, registry };
}

// ---------- emitting ----------

const TS_SCALAR = {
  double: 'number', float: 'number', int32: 'number', uint32: 'number', sint32: 'number', fixed32: 'number', sfixed32: 'number',
  int64: 'bigint', uint64: 'bigint', sint64: 'bigint', fixed64: 'bigint', sfixed64: 'bigint',
  bool: 'boolean', string: 'string', bytes: 'Buffer',
};

function tsFieldType(registry, f) {
  if (f.kind === 'message') return tsName(registry, f.messageType);
  if (f.kind === 'enum') return 'number';
  return TS_SCALAR[f.kind];
}

function emitInterface(registry, m) {
  const lines = [`export interface ${m.ts} {`];
  for (const f of m.fields) {
    const type = tsFieldType(registry, f);
    const where = f.oneof ? `  /** oneof ${f.oneof} */\n` : '';
    if (f.repeated) lines.push(`${where}  ${f.name}: ${type}[];`);
    else if (f.presence === 'always') lines.push(`${where}  ${f.name}: ${type};`);
    else if (f.kind === 'message' || f.oneof || f.presence === 'explicit') lines.push(`${where}  ${f.name}?: ${type};`);
    else lines.push(`${where}  ${f.name}: ${type};`);
  }
  lines.push('}');
  return lines.join('\n');
}

function emitEnum(e) {
  const values = e.values.map((v) => `  ${v.name}: ${v.number},`).join('\n');
  return `/** ${e.fullName} */\nexport const ${e.ts} = {\n${values}\n} as const;\nexport type ${e.ts} = (typeof ${e.ts})[keyof typeof ${e.ts}];`;
}

function emitField(f) {
  const parts = [`name: '${f.name}'`, `number: ${f.number}`, `kind: '${f.kind}'`, `wireType: ${f.wireType}`, `repeated: ${f.repeated}`, `packed: ${f.packed}`];
  if (f.messageType) parts.push(`messageType: '${f.messageType}'`);
  if (f.enumType) parts.push(`enumType: '${f.enumType}'`);
  if (f.oneof) parts.push(`oneof: '${f.oneof}'`);
  if (f.presence) parts.push(`presence: '${f.presence}'`);
  return `    { ${parts.join(', ')} },`;
}

function emitDescriptors(messages) {
  const body = messages
    .map((m) => (m.fields.length === 0 ? `  '${m.fullName}': [],` : `  '${m.fullName}': [\n${m.fields.map(emitField).join('\n')}\n  ],`))
    .join('\n');
  return `export const MESSAGES: Readonly<Record<string, readonly FieldInfo[]>> = {\n${body}\n};`;
}

function emitEnumTable(enums) {
  const body = enums.map((e) => `  '${e.fullName}': { ${e.values.map((v) => `${v.name}: ${v.number}`).join(', ')} },`).join('\n');
  return `export const ENUMS: Readonly<Record<string, Readonly<Record<string, number>>>> = {\n${body}\n};`;
}

/** Short names (`RangeRequest`) for every type whose short name is unique across packages. */
function emitAliases(messages) {
  const counts = new Map();
  for (const m of messages) counts.set(m.ts, (counts.get(m.ts) ?? 0) + 1);
  const body = messages.filter((m) => counts.get(m.ts) === 1 && m.ts !== m.fullName).map((m) => `  ${m.ts}: '${m.fullName}',`).join('\n');
  return `export const TYPE_ALIASES: Readonly<Record<string, string>> = {\n${body}\n};`;
}

function emitMethods(methods) {
  const body = methods
    .map(
      (m) =>
        `  '${m.key}': { path: '${m.path}', requestType: '${m.requestType}', responseType: '${m.responseType}', clientStreaming: ${m.clientStreaming}, serverStreaming: ${m.serverStreaming} },`,
    )
    .join('\n');
  return `export const METHODS = {\n${body}\n} as const satisfies Record<string, MethodInfo>;\n\nexport type MethodName = keyof typeof METHODS;`;
}

function emitMethodTypes(registry, methods) {
  const body = methods
    .map((m) => `  '${m.key}': { request: ${tsName(registry, m.requestType)}; response: ${tsName(registry, m.responseType)} };`)
    .join('\n');
  return `/** Request and response interfaces of every method, by the key of METHODS. */\nexport interface MethodTypes {\n${body}\n}`;
}

function emitMessageTypes(registry, messages) {
  const body = messages.map((m) => `  '${m.fullName}': ${tsName(registry, m.fullName)};`).join('\n');
  return `/** Every message's interface, by its full name: what encode() takes and decode() gives. */\nexport interface MessageTypes {\n${body}\n}\n\nexport type MessageName = keyof MessageTypes;`;
}

/** The methods of each call shape, so that a client call names only a method of its own shape. */
function emitMethodShapes(methods) {
  const union = (pick) => methods.filter(pick).map((m) => `'${m.key}'`).join(' | ') || 'never';
  return [
    '/** Methods by call shape: a unary call, a server stream or a bidirectional stream names only its own. */',
    `export type UnaryMethod = ${union((m) => !m.clientStreaming && !m.serverStreaming)};`,
    `export type ServerStreamMethod = ${union((m) => !m.clientStreaming && m.serverStreaming)};`,
    `export type DuplexMethod = ${union((m) => m.clientStreaming && m.serverStreaming)};`,
  ].join('\n');
}

const PRELUDE = `// GENERATED by scripts/gen-proto.mjs from src/v3/proto/*.proto — do not edit; run \`node scripts/gen-proto.mjs\`.
// Descriptors list fields in field-number order (the order gogo-protobuf writes them). Decoded messages use
// the proto field names as property names; 64-bit integers are bigint, bytes are Buffer, absent sub-messages,
// unset oneof members and unset proto2 'explicit' fields are undefined.

export type ScalarKind =
  | 'double' | 'float' | 'int32' | 'int64' | 'uint32' | 'uint64' | 'sint32' | 'sint64'
  | 'fixed32' | 'fixed64' | 'sfixed32' | 'sfixed64' | 'bool' | 'string' | 'bytes';

export interface FieldInfo {
  /** The proto field name, used as property name and as Go JSON key. */
  readonly name: string;
  readonly number: number;
  readonly kind: ScalarKind | 'enum' | 'message';
  /** 0 varint, 1 fixed64, 2 length-delimited, 5 fixed32 (of a single element when packed). */
  readonly wireType: 0 | 1 | 2 | 5;
  readonly repeated: boolean;
  /** Repeated numeric field written as one length-delimited run. */
  readonly packed: boolean;
  /** Full name of the message type, for kind 'message'. */
  readonly messageType?: string;
  /** Full name of the enum type, for kind 'enum'. */
  readonly enumType?: string;
  /** Name of the oneof this field belongs to. */
  readonly oneof?: string;
  /**
   * proto2 (etcd's on-disk records, gogo-marshalled): 'always' is written every time, zero included, and
   * decodes to zero (an empty message) when absent; 'explicit' is written exactly when set, and decodes to
   * undefined when absent. Without it, proto3: a scalar is written when not zero, a message when set.
   */
  readonly presence?: 'always' | 'explicit';
}

export interface MethodInfo {
  /** The gRPC path, e.g. /etcdserverpb.KV/Range. */
  readonly path: string;
  readonly requestType: MessageName;
  readonly responseType: MessageName;
  readonly clientStreaming: boolean;
  readonly serverStreaming: boolean;
}

type InitValue<V> = V extends bigint | number | boolean | string
  ? V
  : V extends Uint8Array
    ? Uint8Array | string
    : V extends readonly (infer E)[]
      ? InitValue<E>[]
      : V extends object
        ? Init<V>
        : V;

/** What encode() accepts for a message: any subset of its fields; bytes may also be given as UTF-8 strings. */
export type Init<T> = { [K in keyof T]?: InitValue<Exclude<T[K], undefined>> };`;

function render() {
  const { messages, enums, methods, registry } = build();
  const sections = [
    PRELUDE,
    emitDescriptors(messages),
    emitEnumTable(enums),
    emitAliases(messages),
    emitMethods(methods),
    ...enums.map(emitEnum),
    ...messages.map((m) => emitInterface(registry, m)),
    emitMessageTypes(registry, messages),
    emitMethodTypes(registry, methods),
    emitMethodShapes(methods),
  ];
  return sections.join('\n\n') + '\n';
}

function main() {
  const text = render();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(OUTPUT, 'utf8');
    } catch {
      // a missing file is simply out of date
    }
    if (current !== text) {
      process.stderr.write('src/v3/proto/schema.ts is out of date: run node scripts/gen-proto.mjs\n');
      process.exitCode = 1;
    }
    return;
  }
  writeFileSync(OUTPUT, text);
}

main();
