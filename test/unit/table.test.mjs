// `-w table` rendering, checked against tables printed by the reference etcdctl 3.4.23
// (olekukonko/tablewriter v0.0.5) against a real etcd 3.4.23.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderTable } from '../../dist/cli/table.js';

const lines = (...l) => l.join('\n') + '\n';

const MEMBER_HEADER = ['ID', 'Status', 'Name', 'Peer Addrs', 'Client Addrs', 'Is Learner'];
const STATUS_HEADER = ['endpoint', 'ID', 'version', 'db size', 'is leader', 'is learner', 'raft term', 'raft index', 'raft applied index', 'errors'];
const HEALTH_HEADER = ['endpoint', 'health', 'took', 'error'];

test('member list with an unstarted member (empty cells)', () => {
  const rows = [
    ['17b64bc6444e9a71', 'unstarted', '', 'http://127.0.0.1:34343', '', 'false'],
    ['937cf7fdf16e4242', 'started', 'n1', 'http://127.0.0.1:54609', 'http://127.0.0.1:58395', 'false'],
  ];
  assert.equal(renderTable(MEMBER_HEADER, rows), lines(
    '+------------------+-----------+------+------------------------+------------------------+------------+',
    '|        ID        |  STATUS   | NAME |       PEER ADDRS       |      CLIENT ADDRS      | IS LEARNER |',
    '+------------------+-----------+------+------------------------+------------------------+------------+',
    '| 17b64bc6444e9a71 | unstarted |      | http://127.0.0.1:34343 |                        |      false |',
    '| 937cf7fdf16e4242 |   started |   n1 | http://127.0.0.1:54609 | http://127.0.0.1:58395 |      false |',
    '+------------------+-----------+------+------------------------+------------------------+------------+',
  ));
});

test('member list: a long name wraps, comma-joined URLs never do', () => {
  const rows = [[
    'c1c4125b5948aa1a', 'started', 'some long name with spaces in it ok and then some more words', 'http://127.0.0.1:34569',
    'http://127.0.0.1:42693,http://127.0.0.1:43423,http://127.0.0.1:54225', 'false',
  ]];
  assert.equal(renderTable(MEMBER_HEADER, rows), lines(
    '+------------------+---------+--------------------------------+------------------------+----------------------------------------------------------------------+------------+',
    '|        ID        | STATUS  |              NAME              |       PEER ADDRS       |                             CLIENT ADDRS                             | IS LEARNER |',
    '+------------------+---------+--------------------------------+------------------------+----------------------------------------------------------------------+------------+',
    '| c1c4125b5948aa1a | started |  some long name with spaces in | http://127.0.0.1:34569 | http://127.0.0.1:42693,http://127.0.0.1:43423,http://127.0.0.1:54225 |      false |',
    '|                  |         | it ok and then some more words |                        |                                                                      |            |',
    '+------------------+---------+--------------------------------+------------------------+----------------------------------------------------------------------+------------+',
  ));
});

test('member list: East Asian wide runes count two columns', () => {
  const rows = [[
    'cddb71a7f76922a9', 'started', 'データベース サーバー 東京 第一 号機 本番 環境 ok', 'http://127.0.0.1:44085',
    'http://127.0.0.1:40879,http://127.0.0.1:48779,http://127.0.0.1:50715', 'false',
  ]];
  assert.equal(renderTable(MEMBER_HEADER, rows), lines(
    '+------------------+---------+--------------------------------+------------------------+----------------------------------------------------------------------+------------+',
    '|        ID        | STATUS  |              NAME              |       PEER ADDRS       |                             CLIENT ADDRS                             | IS LEARNER |',
    '+------------------+---------+--------------------------------+------------------------+----------------------------------------------------------------------+------------+',
    '| cddb71a7f76922a9 | started |     データベース サーバー 東京 | http://127.0.0.1:44085 | http://127.0.0.1:40879,http://127.0.0.1:48779,http://127.0.0.1:50715 |      false |',
    '|                  |         |         第一 号機 本番 環境 ok |                        |                                                                      |            |',
    '+------------------+---------+--------------------------------+------------------------+----------------------------------------------------------------------+------------+',
  ));
});

test('endpoint status: plain, and with an alarm whose text ends in a space', () => {
  const row = ['127.0.0.1:58395', '937cf7fdf16e4242', '3.4.23', '20 kB', 'true', 'false', '2', '4', '4', ''];
  assert.equal(renderTable(STATUS_HEADER, [row]), lines(
    '+-----------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------+',
    '|    ENDPOINT     |        ID        | VERSION | DB SIZE | IS LEADER | IS LEARNER | RAFT TERM | RAFT INDEX | RAFT APPLIED INDEX | ERRORS |',
    '+-----------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------+',
    '| 127.0.0.1:58395 | 937cf7fdf16e4242 |  3.4.23 |   20 kB |      true |      false |         2 |          4 |                  4 |        |',
    '+-----------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------+',
  ));
  const alarmed = ['127.0.0.1:54225', 'c1c4125b5948aa1a', '3.4.23', '377 kB', 'true', 'false', '2', '14', '14', 'memberID:13962304928304638490 alarm:NOSPACE '];
  assert.equal(renderTable(STATUS_HEADER, [alarmed]), lines(
    '+-----------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------------------------------+',
    '|    ENDPOINT     |        ID        | VERSION | DB SIZE | IS LEADER | IS LEARNER | RAFT TERM | RAFT INDEX | RAFT APPLIED INDEX |             ERRORS             |',
    '+-----------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------------------------------+',
    '| 127.0.0.1:54225 | c1c4125b5948aa1a |  3.4.23 |  377 kB |      true |      false |         2 |         14 |                 14 |  memberID:13962304928304638490 |',
    '|                 |                  |         |         |           |            |           |            |                    |                 alarm:NOSPACE  |',
    '+-----------------+------------------+---------+---------+-----------+------------+-----------+------------+--------------------+--------------------------------+',
  ));
});

test('endpoint health: healthy, unhealthy, and a wrapped error', () => {
  const rows = [
    ['127.0.0.1:54225', 'true', '914.463µs', ''],
    ['127.0.0.1:54225', 'true', '916.491µs', ''],
    ['127.0.0.1:1', 'false', '', 'context deadline exceeded'],
  ];
  assert.equal(renderTable(HEALTH_HEADER, rows), lines(
    '+-----------------+--------+-----------+---------------------------+',
    '|    ENDPOINT     | HEALTH |   TOOK    |           ERROR           |',
    '+-----------------+--------+-----------+---------------------------+',
    '| 127.0.0.1:54225 |   true | 914.463µs |                           |',
    '| 127.0.0.1:54225 |   true | 916.491µs |                           |',
    '|     127.0.0.1:1 |  false |           | context deadline exceeded |',
    '+-----------------+--------+-----------+---------------------------+',
  ));
  const auth = [['127.0.0.1:54225', 'false', '', 'etcdserver: authentication failed, invalid user ID or password']];
  assert.equal(renderTable(HEALTH_HEADER, auth), lines(
    '+-----------------+--------+------+--------------------------------+',
    '|    ENDPOINT     | HEALTH | TOOK |             ERROR              |',
    '+-----------------+--------+------+--------------------------------+',
    '| 127.0.0.1:54225 |  false |      |     etcdserver: authentication |',
    '|                 |        |      |     failed, invalid user ID or |',
    '|                 |        |      |                       password |',
    '+-----------------+--------+------+--------------------------------+',
  ));
});

test('no rows: the header, then two border lines', () => {
  assert.equal(renderTable(HEALTH_HEADER, []), lines(
    '+----------+--------+------+-------+',
    '| ENDPOINT | HEALTH | TOOK | ERROR |',
    '+----------+--------+------+-------+',
    '+----------+--------+------+-------+',
  ));
});

test('header titles: `_` and `.` become spaces except inside numbers; trimmed; upper-cased', () => {
  const out = renderTable(['hash_kv', 'v1.2', 'a.b', '_x_', 'ß'], [['1', '2', '3', '4', '5']]);
  assert.equal(out.split('\n')[1], '| HASH KV | V1.2 | A B |  X  | ß |');
});

test('wrapping: a wrapped column is at least 30 wide; short multi-line cells are re-flowed', () => {
  const out = renderTable(['c'], [['aaaaaaaaaa bbbbbbbbbb cccccccccc d']]);
  assert.equal(out, lines(
    '+--------------------------------+',
    '|               C                |',
    '+--------------------------------+',
    '|          aaaaaaaaaa bbbbbbbbbb |',
    '|                   cccccccccc d |',
    '+--------------------------------+',
  ));
  assert.equal(renderTable(['h'], [['a b\nc']]), lines(
    '+-----+',
    '|  H  |',
    '+-----+',
    '| a b |',
    '|   c |',
    '+-----+',
  ));
});

test('a missing line in a narrow column is filled with two spaces, as tablewriter does', () => {
  assert.equal(renderTable(['a', 'bb'], [['x', 'a b\nc']]), lines(
    '+---+-----+',
    '| A | BB  |',
    '+---+-----+',
    '| x | a b |',
    '|    |   c |',
    '+---+-----+',
  ));
});
