// The mount wizards show the shared mountpoint verdict (shared/contract/features/mounts.ts)
// as typed, from the backend's catalog (the "msg" namespace): the same
// refusal as the planner, in English and Chinese, naming the character or
// the system tree at fault.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import i18next from 'i18next';
import { CATALOGS } from '../../../shared/i18n/catalog.ts';
import { checkMountpoint, checkResolvedMountpoint } from '../../../shared/contract/features/mounts.ts';
import { checkText } from './mount-check.ts';
import en from './i18n/en.json' with { type: 'json' };

const CASES: Array<[string, string, RegExp, RegExp]> = [
  ['/usr/lib', 'system', /\/usr\/lib is inside \/usr/, /\/usr\/lib 位于 \/usr 之内/],
  ['/etc/ssh', 'system', /\/etc\/ssh is inside \/etc/, /\/etc\/ssh 位于 \/etc 之内/],
  ['/proc/self', 'system', /inside \/proc/, /位于 \/proc 之内/],
  ['/home/alice/.ssh', 'hidden', /hidden folder "\.ssh"/, /隐藏目录“\.ssh”/],
  ['/home', 'shared', /Mounting over \/home/, /挂载到 \/home/],
  ['/mnt/a\nb', 'invisible', /"\/mnt\/a\\u000Ab" contains U\+000A \(LINE FEED\)/, /“\/mnt\/a\\u000Ab”包含 U\+000A \(LINE FEED\)/],
  ['/mnt/a\u2028b', 'invisible', /U\+2028 \(LINE SEPARATOR\)/, /U\+2028 \(LINE SEPARATOR\)/],
  ['/mnt/a b', 'space', /contains a space:/, /包含空格/],
];

test('mountpoint verdicts as the wizard shows them, in both languages, from the one catalog', async () => {
  await i18next.init({ resources: { en: { msg: CATALOGS.en }, 'zh-CN': { msg: CATALOGS['zh-CN'] } }, lng: 'en', fallbackLng: false, interpolation: { escapeValue: false } });
  for (const [mp, key, enRe, zhRe] of CASES) {
    const check = checkMountpoint(mp);
    assert.equal(check?.key, `mounts.check.${key}`, JSON.stringify(mp));
    await i18next.changeLanguage('en');
    const shownEn = checkText(check) ?? '';
    assert.match(shownEn, enRe, shownEn);
    // The wizard shows exactly what the backend's refusal says in English.
    assert.equal(shownEn, check?.message);
    await i18next.changeLanguage('zh-CN');
    const shownZh = checkText(check) ?? '';
    assert.match(shownZh, zhRe, shownZh);
    assert.notEqual(shownZh, check?.message);
  }
  // A nested verdict (a link into a system tree) is translated inside too.
  await i18next.changeLanguage('zh-CN');
  assert.match(checkText(checkResolvedMountpoint('/mnt/x', '/usr/lib')) ?? '', /\/mnt\/x 通过符号链接指向 \/usr\/lib。\/usr\/lib 位于 \/usr 之内/);
  await i18next.changeLanguage('en');
  for (const ok of ['/mnt/data', '/srv/data', '/media/usb', '/run/spindle/mnt/x']) assert.equal(checkText(checkMountpoint(ok)), null, ok);
});

test('the check texts live in one catalog: the feature catalog has none of them', () => {
  assert.equal((en as { mount: Record<string, unknown> }).mount['check'], undefined);
});
