// Printers for `downgrade validate|enable|cancel` (etcdctl 3.6: etcdctl/ctlv3/command/printer_simple.go@v3.6.16
// Downgrade*). Only simple, json and protobuf: etcdctl 3.6 has no fields or table form of this response.
import { encode } from '../proto/codec.js';
import type { DowngradeResponse } from '../proto/schema.js';
import type { Printer } from './format.js';
import { goJson } from './json.js';

/** The response with the action's word in the simple line ("validate", "enable", "cancel"). */
export interface DowngradeResult {
  action: string;
  resp: DowngradeResponse;
}

export const downgradePrinter: Printer<DowngradeResult> = {
  simple: ({ action, resp }) => `Downgrade ${action} success, cluster version ${resp.version}\n`,
  json: ({ resp }) => goJson('etcdserverpb.DowngradeResponse', resp) + '\n',
  protobuf: ({ resp }) => encode('etcdserverpb.DowngradeResponse', resp),
};
