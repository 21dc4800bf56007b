// go-humanize v1.0.0 Bytes (SI units), which etcdctl uses for DB sizes in endpoint/snapshot status.
// Its float steps are reproduced on purpose: they make 999999 print as "1000 kB", not "1.0 MB".

const SI_SUFFIXES = ['B', 'kB', 'MB', 'GB', 'TB', 'PB', 'EB'];

/** Go's %.0f: nearest integer, exact halves to even (JS toFixed would round them up). */
function formatNoDecimals(tenths: number): string {
  const whole = Math.floor(tenths / 10);
  const rest = tenths - whole * 10;
  const rounded = rest > 5 || (rest === 5 && whole % 2 === 1) ? whole + 1 : whole;
  return String(rounded);
}

export function humanizeBytes(n: bigint | number): string {
  const size = typeof n === 'bigint' ? n : BigInt(Math.trunc(n));
  if (size < 10n) return `${size} B`;
  const s = Number(size);
  const exp = Math.floor(Math.log(s) / Math.log(1000));
  const val = Math.floor((s / Math.pow(1000, exp)) * 10 + 0.5) / 10;
  const text = val < 10 ? val.toFixed(1) : formatNoDecimals(Math.round(val * 10));
  return `${text} ${SI_SUFFIXES[exp]}`;
}
