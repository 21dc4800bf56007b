// Release versions as etcd 3.4.23 compares them, with github.com/coreos/go-semver (semver.Version, LessThan)
// and version.Cluster's major.minor view: the cluster version migrate refuses, the servers that have no v2 API.

export interface Semver {
  major: number;
  minor: number;
  patch: number;
  /** The pre-release and build suffix, as written ("-alpha.1+b"). */
  rest: string;
}

/** semver.NewVersion's accepted forms (a leading "v" allowed); undefined where it errs. */
export function parseSemver(value: string): Semver | undefined {
  const v = /^v?(\d+)\.(\d+)\.(\d+)((?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?)$/.exec(value);
  return v ? { major: Number(v[1]), minor: Number(v[2]), patch: Number(v[3]), rest: v[4] } : undefined;
}

const preRelease = (v: Semver): string[] => {
  const m = /^-([^+]*)/.exec(v.rest);
  return m ? m[1].split('.') : [];
};

function comparePreRelease(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return b.length - a.length; // no pre-release ranks higher
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const an = /^\d+$/.test(a[i]);
    const bn = /^\d+$/.test(b[i]);
    if (an && bn && Number(a[i]) !== Number(b[i])) return Number(a[i]) - Number(b[i]);
    if (an !== bn) return an ? -1 : 1; // numeric identifiers rank lower
    if (!an && a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
  }
  return a.length - b.length;
}

/** semver.Version.Compare's sign: major, minor, patch, then the pre-release (build metadata ignored). */
export function compareSemver(a: Semver, b: Semver): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch || comparePreRelease(preRelease(a), preRelease(b));
}

/** version.Cluster: the major.minor of a version, as a x.y.0 semver. */
export const clusterVersion = (v: Semver): Semver => ({ major: v.major, minor: v.minor, patch: 0, rest: '' });

/** Whether a version string ("3.6.16", as a server reports it) is major.minor or later; false when unreadable. */
export function atLeastMajorMinor(version: string | undefined, major: number, minor: number): boolean {
  const m = /^(\d+)\.(\d+)\./.exec(version ?? '');
  if (!m) return false;
  return Number(m[1]) !== major ? Number(m[1]) > major : Number(m[2]) >= minor;
}
