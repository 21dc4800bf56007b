// Go's encoding/json of etcd's gogoproto structs, driven by our proto descriptors: fields in declaration
// order, keys = proto field names, every field omitempty, bytes as base64, 64-bit numbers exact.
import { jsonBase64, jsonString } from '../../go/json.js';
import { messageFields } from '../proto/codec.js';

type Value = unknown;

function isEmpty(kind: string, repeated: boolean, v: Value): boolean {
  if (v === undefined || v === null) return true;
  if (repeated) return (v as unknown[]).length === 0;
  switch (kind) {
    case 'message': return false; // a present sub-message is a non-nil pointer: Go prints it even when empty
    case 'bytes': return (v as Uint8Array).length === 0;
    case 'string': return v === '';
    case 'bool': return v === false;
    default: return v === 0 || v === 0n;
  }
}

function scalarJson(kind: string, v: Value, messageType?: string): string {
  switch (kind) {
    case 'message': return goJson(messageType!, v as object);
    case 'bytes': return jsonBase64(v as Uint8Array);
    case 'string': return jsonString(v as string);
    case 'bool': return v ? 'true' : 'false';
    default: return String(v);
  }
}

/** One message as Go would marshal its generated struct. Oneof members appear as {"<Oneof>":{"<Member>":…}}. */
export function goJson(type: string, msg: object): string {
  const m = msg as Record<string, Value>;
  const parts: string[] = [];
  const seenOneofs = new Set<string>();
  for (const f of messageFields(type)) {
    if (f.oneof) {
      if (seenOneofs.has(f.oneof)) continue;
      seenOneofs.add(f.oneof);
      // Go puts the oneof's interface field where its first member is declared, without omitempty.
      const members = messageFields(type).filter((x) => x.oneof === f.oneof);
      const present = members.find((x) => m[x.name] !== undefined);
      const goName = goFieldName(f.oneof);
      parts.push(
        present
          ? `${jsonString(goName)}:{${jsonString(goFieldName(present.name))}:${scalarJson(present.kind, m[present.name], present.messageType)}}`
          : `${jsonString(goName)}:null`,
      );
      continue;
    }
    const v = m[f.name];
    if (isEmpty(f.kind, f.repeated, v)) continue;
    const value = f.repeated
      ? `[${(v as Value[]).map((x) => scalarJson(f.kind, x, f.messageType)).join(',')}]`
      : scalarJson(f.kind, v, f.messageType);
    parts.push(`${jsonString(f.name)}:${value}`);
  }
  return `{${parts.join(',')}}`;
}

/** gogoproto's Go name for a proto name: snake_case → CamelCase. */
function goFieldName(protoName: string): string {
  return protoName
    .split('_')
    .map((w) => (w ? w[0].toUpperCase() + w.slice(1) : w))
    .join('');
}
