// golang/protobuf's text format as gogo's CompactTextString writes it (what a %v or zap.Stringer of an etcd
// protobuf message prints): bytes quoted with C escapes and octal for anything not printable ASCII.
export function protoTextBytes(b: Uint8Array): string {
  let out = '"';
  for (const c of b) {
    if (c === 0x0a) out += '\\n';
    else if (c === 0x0d) out += '\\r';
    else if (c === 0x09) out += '\\t';
    else if (c === 0x22) out += '\\"';
    else if (c === 0x5c) out += '\\\\';
    else if (c >= 0x20 && c < 0x7f) out += String.fromCharCode(c);
    else out += '\\' + c.toString(8).padStart(3, '0');
  }
  return out + '"';
}
