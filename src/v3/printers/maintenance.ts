// Printers for maintenance responses (etcdctl printer_*.go Alarm).
import { encode, enumName } from '../proto/codec.js';
import type { AlarmMember, AlarmResponse } from '../proto/schema.js';
import { fieldsHeader } from './common.js';
import type { Printer } from './format.js';
import { goJson } from './json.js';

const alarmName = (a: number) => enumName('etcdserverpb.AlarmType', a);

/** gogoproto's compact text form (`%+v`): zero fields left out, each field followed by a space. */
function alarmText(a: AlarmMember): string {
  let s = '';
  if (a.memberID !== 0n) s += `memberID:${a.memberID} `;
  if (a.alarm !== 0) s += `alarm:${alarmName(a.alarm)} `;
  return s;
}

export const alarmPrinter: Printer<AlarmResponse> = {
  simple: (r) => r.alarms.map((a) => alarmText(a) + '\n').join(''),
  json: (r) => goJson('etcdserverpb.AlarmResponse', r) + '\n',
  // etcdctl 3.4 dereferences the header that 3.4 servers leave out and panics; we print it as zeros.
  fields: (r) =>
    fieldsHeader(r.header) + r.alarms.map((a) => `"MemberID" : ${a.memberID}\n"AlarmType" : ${alarmName(a.alarm)}\n\n`).join(''),
  protobuf: (r) => encode('etcdserverpb.AlarmResponse', r),
};
