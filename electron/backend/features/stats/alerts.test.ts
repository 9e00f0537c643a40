// Alert rules the engine refuses: typed refusals (catalog message, field
// "rules", the rule's id in details.rule), nothing written, the rules before
// kept; and a good set saved.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { renderMsg } from '../../../../shared/core/messages.ts';
import { SpindleError } from '../../../../shared/core/errors.ts';
import type { AlertRule } from '../../../../shared/contract/features/stats.ts';
import { AlertEngine } from './alerts.ts';

const disk: AlertRule = { id: 'a', scope: { kind: 'disk', host: 'h', domain: 'vm', target: 'vdb' }, metric: 'iops', limit: 100 };

test('bad alert rules are refused as messages on field "rules", naming the rule; nothing is saved', async () => {
  const cfg = mkdtempSync(path.join(os.tmpdir(), 'spindle-alerts-'));
  try {
    const e = new AlertEngine(cfg);
    const cases: Array<[AlertRule[], string, string, string]> = [
      [[disk, { ...disk }], 'stats.alerts.duplicateId', 'Two alert rules have the id a.', '有两条告警规则的 ID 都是 a。'],
      [[{ ...disk, levels: { warning: 0.9, critical: 0.5, emergency: 1 } }], 'stats.alerts.levelsOrder', 'Rule a: the levels must rise from warning to critical to emergency.', '规则 a：级别必须从警告到严重再到紧急依次升高。'],
      [[{ ...disk, metric: 'poolFull' }], 'stats.alerts.scopeMetric', 'Rule a: pool fullness applies to pools, and I/O metrics to disks and VMs.', '规则 a：存储池使用率只适用于存储池，I/O 指标只适用于磁盘和虚拟机。'],
    ];
    for (const [rules, key, en, zh] of cases) {
      await assert.rejects(e.setRules(rules), (err: unknown) => {
        assert.ok(err instanceof SpindleError);
        assert.equal(err.code, 'INVALID_ARGUMENT');
        assert.equal(err.msg?.key, key);
        assert.equal(err.message, en);
        assert.equal(renderMsg(err.msg!, 'zh-CN'), zh);
        assert.ok(err.hint);
        assert.deepEqual(err.details, { rule: 'a', field: 'rules' });
        return true;
      });
    }
    assert.equal(existsSync(path.join(cfg, 'alerts.json')), false, 'nothing written');
    assert.deepEqual(e.list(), []);
    assert.deepEqual(await e.setRules([disk]), [disk]);
    assert.ok(existsSync(path.join(cfg, 'alerts.json')));
  } finally {
    rmSync(cfg, { recursive: true, force: true });
  }
});
