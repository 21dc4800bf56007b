// The etcdctl release whose behaviour this program reproduces, as its `version` command and help print it;
// v2, v3 and the offline tools (migrate's cluster-version check) read it from here.
export const ETCDCTL_VERSION = '3.4.23';
/** The v3 API version etcdctl 3.4.23 reports (`version`, root help). */
export const API_VERSION = '3.4';
/** The etcdutl release our etcdutl reproduces (Debian's 3.5.30; README, "etcdutl"). */
export const ETCDUTL_VERSION = '3.5.30';
export const ETCDUTL_API_VERSION = '3.5';
